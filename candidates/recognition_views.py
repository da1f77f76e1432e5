"""Probation files on the way to recognition: the list of probationary members
in scope with their file, a file's page and its steps (one view serves them)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.lifecycle import probation_end
from members.models import Member
from members.selectors import get_member_for, visible_members
from organizations import clock
from organizations.audit import record_audit
from organizations.http import AuthedRequest
from organizations.models import User
from organizations.selectors import Permission, can

from . import forms, recognition
from .models import Recognition, RecognitionStage
from .pages import step_page, upload_page
from .selectors import get_recognition_for

R = RecognitionStage
CELL, COMMITTEE = "cell", "committee"


@dataclass(frozen=True)
class Step:
    title: Promise
    form: type[forms.CandidateStepForm]
    side: str
    run: Callable[[Recognition, dict[str, Any], User], object]
    offered: Callable[[Recognition], bool]


def _open(r: Recognition) -> bool:
    return r.stage not in (R.SUBMITTED, R.APPRAISED, R.ESCALATED)


STEPS: dict[str, Step] = {
    "mentor": Step(
        gettext_lazy("Assign a mentor"),
        forms.MentorForm,
        CELL,
        lambda r, d, by: recognition.assign_mentor(r, d["mentor"], by=by),
        _open,
    ),
    "certificate": Step(
        gettext_lazy("New-member class certificate"),
        forms.NewMemberCertificateForm,
        CELL,
        lambda r, d, by: recognition.record_certificate(r, by=by, **d),
        _open,
    ),
    "papers": Step(
        gettext_lazy("Dates of the papers"),
        forms.ProbationPapersForm,
        CELL,
        lambda r, d, by: recognition.record_dates(
            r, by=by, **{k: v for k, v in d.items() if v}
        ),
        _open,
    ),
    "cell-vote": Step(
        gettext_lazy("Cell meeting and vote"),
        forms.CellVoteForm,
        CELL,
        lambda r, d, by: recognition.record_cell_vote(r, by=by, **d),
        _open,
    ),
    "grassroots-vote": Step(
        gettext_lazy("Grassroots committee resolution"),
        forms.GrassrootsVoteForm,
        CELL,
        lambda r, d, by: recognition.record_grassroots_vote(r, by=by, **d),
        lambda r: r.stage == R.CELL_APPROVED,
    ),
    "submit": Step(
        gettext_lazy("Propose to the committee"),
        forms.ConfirmForm,
        CELL,
        lambda r, d, by: recognition.submit(r, by=by),
        _open,
    ),
    "return": Step(
        gettext_lazy("Return for correction"),
        forms.ReturnForm,
        COMMITTEE,
        lambda r, d, by: recognition.return_for_correction(
            r, comments=d["comments"], by=by
        ),
        lambda r: r.stage == R.SUBMITTED,
    ),
    "appraise": Step(
        gettext_lazy("Appraise as ready for review"),
        forms.AppraiseForm,
        COMMITTEE,
        lambda r, d, by: recognition.appraise(r, note=d["note"], by=by),
        lambda r: r.stage == R.SUBMITTED,
    ),
}


def _may(user: User, step: Step, file: Recognition) -> bool:
    if step.side == CELL:
        return can(user, Permission.EDIT_REGISTRY, file.member.organization)
    committee = recognition.competent_committee(file)
    return committee is not None and can(user, Permission.APPRAISE, committee)


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
    return render(request, "candidates/recognition_list.html", context)


@require_POST
def recognition_open(request: AuthedRequest, member_pk: int) -> HttpResponse:
    member = get_member_for(request.user, member_pk, write=True)
    try:
        file = recognition.open_recognition(member, by=request.user)
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
        organization=file.member.organization,
    )
    steps = [
        (slug, step.title)
        for slug, step in STEPS.items()
        if step.offered(file) and _may(request.user, step, file)
    ]
    context = {
        "file": file,
        "member": file.member,
        "steps": steps,
        "probation_end": probation_end(file.member),
        "can_upload": _open(file)
        and can(request.user, Permission.EDIT_REGISTRY, file.member.organization),
        "missing": recognition.everything_missing(file) if _open(file) else [],
        "log": file.log.select_related("by"),
        "documents": file.documents.select_related("kind"),
        "votes": file.votes.all(),
    }
    return render(request, "candidates/recognition_detail.html", context)


def recognition_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    file = get_recognition_for(request.user, pk)
    if not _may(request.user, spec, file):
        raise PermissionDenied
    return step_page(request, file, spec.form, spec.run, spec.title)


def recognition_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    file = get_recognition_for(request.user, pk)
    if not can(request.user, Permission.EDIT_REGISTRY, file.member.organization):
        raise PermissionDenied
    return upload_page(
        request, file, gates=list(R.values), upload=recognition.upload_document
    )
