"""Probation files on the way to recognition: the list of probationary members
in scope with their file, a file's page and its steps (one view serves them)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from members.due import probation_end
from members.models import Member
from members.selectors import get_member_for, visible_members
from organizations import clock
from organizations.audit import record_audit
from organizations.http import AuthedRequest

from ..cell_forms import printable
from ..models import Recognition
from ..next_step import dossier_actions
from ..pages import dossier_step, upload_page
from ..pipeline import may_take
from ..selectors import get_recognition_for
from ..services import open_recognition


def recognition_list(request: AuthedRequest) -> HttpResponse:
    members = (
        visible_members(request.user)
        .filter(status=Member.Status.PROBATIONARY, end_date__isnull=True)
        .select_related("organization")
        .order_by("ceremony_date", "sort_key")
    )
    files = {
        (r.member_id, r.ceremony_date): r
        for r in Recognition.objects.filter(member__in=members)
    }
    rows = [
        (m, files.get((m.pk, m.ceremony_date)), probation_end(m)) for m in members[:300]
    ]
    context = {"rows": rows, "today": clock.today()}
    return render(request, "candidates/probation/file_list.html", context)


@require_POST
def recognition_open(request: AuthedRequest, member_pk: int) -> HttpResponse:
    member = get_member_for(request.user, member_pk, write=True)
    try:
        file = open_recognition(member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("candidates:recognitions")
    return redirect(file)


def recognition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    file = get_recognition_for(request.user, pk)
    record_audit(
        "recognitions.view",
        file,
        by=request.user,
        organization=file.organization,
    )
    context = {
        "file": file,
        "member": file.member,
        "actions": dossier_actions(request.user, file),
        "probation_end": probation_end(file.member),
        "log": file.log.select_related("by"),
        "documents": file.documents.select_related("kind"),
        "on_paper": file.get_paper_until_display(),
        "votes": file.votes.all(),
        "cell_forms": printable(file)
        if may_take(request.user, file, "document")
        else [],
    }
    return render(request, "candidates/probation/file_detail.html", context)


def recognition_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    return dossier_step(request, get_recognition_for(request.user, pk), step)


def recognition_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    return upload_page(request, get_recognition_for(request.user, pk))
