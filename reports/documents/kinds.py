"""The documents the registry renders, each a Job kind: what it loads from the
job's parameters, its template and its file name."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from candidates.cell_forms import BY_KIND, CELL_FORMS
from candidates.models import Candidate, DecisionNumber, Recognition, ReviewMeeting
from members.models import Member, Transfer
from organizations.models import Job, Organization
from organizations.services.jobs import JobOutput, Progress

from . import cell_forms as cf
from . import context as ctx
from .render import render_pdf

DOCUMENTS_TASK = "reports.tasks.render_document"
DOCUMENTS_QUEUE = "documents"

Built = tuple[dict[str, Any], str]


def _meeting(job: Job) -> ReviewMeeting:
    return ReviewMeeting.objects.select_related(
        "committee",
        "chair",
        "secretary",
        "proposal_number__register",
        "minutes_number__register",
    ).get(pk=job.params["meeting"])


def _stamp(meeting: ReviewMeeting) -> str:
    revision = f"-dc{meeting.revision}" if meeting.revision else ""
    return f"{meeting.held_on:%Y-%m-%d}{revision}"


def _dossier(job: Job) -> Built:
    meeting = _meeting(job)
    return ctx.meeting_context(meeting), f"ho-so-hoi-nghi-{_stamp(meeting)}.pdf"


def _minutes(job: Job) -> Built:
    meeting = _meeting(job)
    return ctx.meeting_context(meeting), f"bien-ban-{_stamp(meeting)}.pdf"


def _decisions(job: Job) -> Built:
    meeting = _meeting(job)
    return ctx.decisions_context(meeting), f"quyet-dinh-{_stamp(meeting)}.pdf"


def _decision(job: Job) -> Built:
    number = DecisionNumber.objects.select_related(*ctx.DECISION_ROWS).get(
        pk=job.params["decision"]
    )
    label = slugify(f"{number.number}-{number.register.year}")
    return ctx.decision_context(number), f"quyet-dinh-{label}.pdf"


def _member_sheet(job: Job) -> Built:
    member = Member.objects.select_related("organization", "ethnicity").get(
        pk=job.params["member"]
    )
    return ctx.member_sheet_context(member), f"phieu-dang-vien-{member.pk}.pdf"


def _cell_list(job: Job) -> Built:
    organization = Organization.objects.get(pk=job.params["organization"])
    day = datetime.date.fromisoformat(job.params["day"])
    context = ctx.cell_list_context(organization, day)
    return context, f"danh-sach-dang-vien-{organization.code}-{day:%Y-%m-%d}.pdf"


def _cell_form(job: Job) -> Built:
    form = BY_KIND[job.kind]
    params = job.params
    slug = slugify(form.code.replace("Đ", "D"))
    if form.subject == "candidate":
        candidate = Candidate.objects.select_related(
            "organization__parent", "ethnicity"
        ).get(pk=params["candidate"])
        context = cf.candidate_form(
            form, candidate, introducer=params.get("introducer")
        )
        return context, f"{slug}-{candidate.pk}.pdf"
    if form.subject == "recognition":
        recognition = Recognition.objects.select_related(
            "member__organization__parent", "member__ethnicity"
        ).get(pk=params["recognition"])
        return cf.recognition_form(form, recognition), f"{slug}-r{recognition.pk}.pdf"
    transfer = Transfer.objects.select_related(
        "member__organization", "from_organization", "to_organization"
    ).get(pk=params["transfer"])
    return cf.transfer_form(form, transfer), f"{slug}-{transfer.pk}.pdf"


@dataclass(frozen=True)
class DocumentKind:
    label: StrOrPromise
    template: str
    build: Callable[[Job], Built]
    # Committee documents are shared with its org_staff and Standing Committee.
    committee: bool


KINDS: dict[str, DocumentKind] = {
    "meeting_dossier": DocumentKind(
        _("Meeting dossier"), "reports/pdf/meeting_dossier.html", _dossier, True
    ),
    "minutes": DocumentKind(
        _("Meeting minutes"), "reports/pdf/minutes.html", _minutes, True
    ),
    "decision": DocumentKind(
        _("Decision"), "reports/pdf/decision.html", _decision, True
    ),
    "decisions": DocumentKind(
        _("All the meeting's decisions"),
        "reports/pdf/decisions.html",
        _decisions,
        True,
    ),
    "member_sheet": DocumentKind(
        _("Member record sheet (2-HSĐV)"),
        "reports/pdf/member_sheet.html",
        _member_sheet,
        False,
    ),
    "cell_list": DocumentKind(
        _("List of members"), "reports/pdf/cell_list.html", _cell_list, False
    ),
    **{
        form.kind: DocumentKind(form.title, form.template, _cell_form, False)
        for form in CELL_FORMS
    },
}


def build_document(job: Job, progress: Progress) -> JobOutput:
    kind = KINDS[job.kind]
    progress(10)
    context, filename = kind.build(job)
    progress(40)
    content = render_pdf(kind.template, context)
    return JobOutput(content, filename, str(kind.label))
