"""Asking for a document from a page: a POST that queues the job and sends the
user to its page, which shows progress and offers the download."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from candidates.cell_forms import FORMS
from candidates.models import Candidate, Recognition
from candidates.selectors import (
    get_candidate_for,
    get_decision_number_for,
    get_meeting_for,
    get_recognition_for,
)
from members.models import Transfer
from members.selectors import get_member_for, get_transfer_for
from organizations import clock
from organizations.http import AuthedRequest
from organizations.selectors import Permission, can, get_organization_for

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
def cell_form(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    """A paper of the cell's, filled in: for whoever keeps the dossier (or,
    for a transfer letter, the sending organization's records)."""
    form = FORMS.get(code)
    if form is None:
        raise Http404
    subject: Candidate | Recognition | Transfer
    if form.subject == "candidate":
        subject = get_candidate_for(request.user, pk)
        organization = subject.organization
    elif form.subject == "recognition":
        subject = get_recognition_for(request.user, pk)
        organization = subject.organization
    else:
        subject = get_transfer_for(request.user, pk)
        organization = subject.from_organization
    if not can(request.user, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    introducer = request.POST.get("introducer", "")
    job = requests.request_cell_form(
        form,
        subject,
        by=request.user,
        introducer=int(introducer) if introducer.isdigit() else None,
    )
    return redirect(job)


@require_POST
def member_list(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk)
    job = requests.request_cell_list(organization, day=clock.today(), by=request.user)
    return redirect(job)
