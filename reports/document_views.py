"""Asking for a document from a page: a POST that queues the job and sends the
user to its page, which shows progress and offers the download."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from candidates.selectors import get_decision_number_for, get_meeting_for
from members.selectors import get_member_for
from organizations import clock
from organizations.http import AuthedRequest
from organizations.selectors import get_organization_for

from .documents import requests


@require_POST
def meeting_document(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    if kind not in requests.MEETING_DOCUMENTS:
        return HttpResponse(status=404)
    job = requests.request_meeting_document(meeting, kind, by=request.user)
    return redirect(job)


@require_POST
def decision_document(request: AuthedRequest, pk: int) -> HttpResponse:
    number = get_decision_number_for(request.user, pk)
    return redirect(requests.request_decision(number, by=request.user))


@require_POST
def member_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk)
    return redirect(requests.request_member_sheet(member, by=request.user))


@require_POST
def member_list(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk)
    job = requests.request_cell_list(organization, day=clock.today(), by=request.user)
    return redirect(job)
