"""The verbs both dossier paths share, written once for an admission dossier
and a probation file alike: taking a verb (who may, the row lock, the stage
it is allowed in), moving the dossier (the stage and its log row), the cell's
mentor, class certificate, papers and documents, and the committee's path:
submit, return for correction, appraise."""

import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from organizations import clock
from organizations.models import User
from organizations.text import day_label

from ..dossier_checks import printed_field_problems
from ..models import (
    Candidate,
    ClassEnrolment,
    Document,
    DocumentKind,
    Recognition,
    StageLog,
    TrainingClass,
)
from ..pipeline import (
    Status,
    competent_committee,
    everything_missing,
    furthest_gate,
    may_take,
    pipeline_of,
    status_of,
)
from ..rules import Blocked, Problem, consent_problems
from ..scans import check_upload

D = TypeVar("D", bound=Candidate | Recognition)


def take(dossier: D, slug: str, *, by: User) -> D:
    """The dossier locked for the verb `slug`: refused to whoever may not take
    it, and where the stage machine does not allow it."""
    if not may_take(by, dossier, slug):
        raise PermissionDenied
    locked: Candidate | Recognition
    if isinstance(dossier, Candidate):
        locked = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=dossier.pk)
        )
    else:
        locked = (
            Recognition.objects.select_for_update(of=("self",))
            .select_related("member__organization")
            .get(pk=dossier.pk)
        )
    require(locked, slug)
    return locked  # type: ignore[return-value]


def require(dossier: Candidate | Recognition, slug: str) -> None:
    verb = pipeline_of(dossier).verbs[slug]
    if status_of(dossier) not in verb.statuses and Status.ACTIVE in verb.statuses:
        assert isinstance(dossier, Candidate)
        raise Blocked(
            [
                Problem(
                    _("The candidate is %(status)s; resume the candidacy first.")
                    % {"status": dossier.get_status_display().lower()}
                )
            ]
        )
    if status_of(dossier) not in verb.statuses or dossier.stage not in verb.stages:
        raise Blocked([Problem(str(verb.refusal))])


def move(
    dossier: Candidate | Recognition,
    action: str,
    *,
    by: User,
    on: datetime.date | None = None,
    note: str = "",
    stage: str | None = None,
    changed: tuple[str, ...] = (),
) -> StageLog:
    """The one way a dossier changes: the fields the verb set (`changed`) and
    the stage, which a committee verb sets and the cell's steps recompute from
    the gates passed, written together with the log row."""
    before = dossier.stage
    if stage is not None:
        dossier.stage = stage
    elif before not in pipeline_of(dossier).set_by_verbs:
        dossier.stage = furthest_gate(dossier)
    dossier.save(update_fields=["stage", "updated_at", *changed])
    subject = "candidate" if isinstance(dossier, Candidate) else "recognition"
    return StageLog.objects.create(
        **{subject: dossier},
        action=action,
        from_stage=before,
        to_stage=dossier.stage,
        on=on or clock.today(),
        note=note,
        by=by,
    )


def opened_on(dossier: Candidate | Recognition) -> datetime.date:
    """The day the dossier begins: nothing in it is dated earlier."""
    if isinstance(dossier, Candidate):
        return dossier.introduced_on
    return dossier.ceremony_date


def day_problems(
    day: datetime.date, label: str, *, not_before: datetime.date
) -> list[Problem]:
    problems = []
    if day > clock.today():
        problems.append(
            Problem(_("%(what)s cannot be in the future.") % {"what": label})
        )
    if day < not_before:
        problems.append(
            Problem(
                _("%(what)s cannot be before %(date)s.")
                % {"what": label, "date": day_label(not_before)}
            )
        )
    return problems


def check_day(day: datetime.date, label: str, *, not_before: datetime.date) -> None:
    problems = day_problems(day, label, not_before=not_before)
    if problems:
        raise Blocked(problems)


# The cell's steps.


@transaction.atomic
def assign_mentor(dossier: D, mentor: Member, *, by: User) -> D:
    """An official member of the same grassroots organization helps the
    candidate, or the probationary member (DOMAIN.md §1.3, §1.14)."""
    dossier = take(dossier, "mentor", by=by)
    grassroots = dossier.organization.grassroots()
    problems = []
    if mentor.status != Member.Status.OFFICIAL or mentor.end_date is not None:
        problems.append(Problem(_("The mentor must be a current official member.")))
    if grassroots and not mentor.organization.path.startswith(grassroots.path):
        problems.append(
            Problem(_("The mentor must belong to the same grassroots organization."))
        )
    if problems:
        raise Blocked(problems)
    dossier.mentor = mentor
    move(dossier, "assign_mentor", by=by, note=mentor.full_name, changed=("mentor",))
    return dossier


CLASS_KIND_PROBLEM: dict[str, Promise] = {
    TrainingClass.Kind.AWARENESS: gettext_lazy("Choose an awareness class."),
    TrainingClass.Kind.NEW_MEMBER: gettext_lazy("Choose a new-member class."),
}


def class_certificate_problems(
    dossier: Candidate | Recognition,
    training_class: TrainingClass,
    certificate_on: datetime.date,
) -> list[Problem]:
    kind = pipeline_of(dossier).class_kind
    problems = []
    if training_class.kind != kind:
        problems.append(Problem(str(CLASS_KIND_PROBLEM[kind])))
    if certificate_on < training_class.ends_on or certificate_on > clock.today():
        problems.append(
            Problem(
                _(
                    "The certificate is dated after the class ends, and not in "
                    "the future."
                )
            )
        )
    if isinstance(dossier, Recognition) and certificate_on < dossier.ceremony_date:
        problems.append(
            Problem(_("The new-member class comes after the admission ceremony."))
        )
    return problems


@transaction.atomic
def record_certificate(
    dossier: Candidate | Recognition,
    *,
    training_class: TrainingClass,
    certificate_number: str,
    certificate_on: datetime.date,
    by: User,
) -> ClassEnrolment:
    """The certificate of the class the path needs: the awareness class for a
    candidate, the new-member class (after the ceremony) for a probation."""
    dossier = take(dossier, "certificate", by=by)
    problems = class_certificate_problems(dossier, training_class, certificate_on)
    if problems:
        raise Blocked(problems)
    learner: dict[str, Any] = (
        {"candidate": dossier}
        if isinstance(dossier, Candidate)
        else {"member": dossier.member}
    )
    if training_class.enrolments.filter(
        **learner, result=ClassEnrolment.Result.PASSED
    ).exists():
        raise Blocked(
            [
                Problem(
                    _(
                        "This class's certificate is already recorded; correct "
                        "it with a reason if it was recorded wrongly."
                    )
                )
            ]
        )
    enrolment, _created = ClassEnrolment.objects.update_or_create(
        training_class=training_class,
        **learner,
        defaults={
            "result": ClassEnrolment.Result.PASSED,
            "certificate_number": certificate_number.strip(),
            "certificate_on": certificate_on,
        },
    )
    move(dossier, "certificate", by=by, on=certificate_on, note=certificate_number)
    return enrolment


@transaction.atomic
def upload_document(
    dossier: Candidate | Recognition,
    *,
    kind: DocumentKind,
    upload: File,
    filename: str,
    by: User,
) -> Document:
    """Keep a scan or photo of a signed form; earlier versions stay."""
    dossier = take(dossier, "document", by=by)
    if kind.gate not in pipeline_of(dossier).stages.values:
        raise Blocked([Problem(_("Choose a form of this dossier."))])
    content, extension, content_type = check_upload(upload)
    subject = "candidate" if isinstance(dossier, Candidate) else "recognition"
    document = Document(
        **{subject: dossier},
        kind=kind,
        original_name=filename[:255],
        content_type=content_type,
        size=content.size,
        uploaded_by=by,
    )
    prefix = "" if isinstance(dossier, Candidate) else "r"
    document.file.save(
        f"{prefix}{dossier.pk}-{kind.code}{extension}", content, save=False
    )
    document.save()
    move(dossier, "document", by=by, note=kind.code)
    return document


# The committee's path.


@transaction.atomic
def submit(dossier: D, *, by: User) -> D:
    """Send the dossier to the competent committee (or send it back corrected)."""
    dossier = take(dossier, "submit", by=by)
    problems = everything_missing(dossier)
    if isinstance(dossier, Candidate):
        problems += consent_problems(dossier, clock.today())
    if competent_committee(dossier) is None:
        problems.append(Problem(_("No committee above has the power to admit.")))
    if problems:
        raise Blocked(problems)
    pipeline = pipeline_of(dossier)
    resubmitted = dossier.stage == pipeline.returned
    dossier.submitted_on = clock.today()
    move(
        dossier,
        "resubmit" if resubmitted else "submit",
        by=by,
        stage=pipeline.submitted,
        changed=("submitted_on",),
    )
    return dossier


@transaction.atomic
def return_for_correction(dossier: D, *, comments: str, by: User) -> D:
    dossier = take(dossier, "return", by=by)
    if not comments.strip():
        raise Blocked([Problem(_("Write what needs correcting."))])
    move(
        dossier,
        "return",
        by=by,
        note=comments.strip(),
        stage=pipeline_of(dossier).returned,
    )
    return dossier


@transaction.atomic
def appraise(dossier: D, *, by: User, note: str = "") -> D:
    """The organization committee finds the dossier ready for the Standing
    Committee's review."""
    dossier = take(dossier, "appraise", by=by)
    problems = printed_field_problems(dossier)
    if problems:
        raise Blocked(problems)
    move(dossier, "appraise", by=by, note=note, stage=pipeline_of(dossier).appraised)
    return dossier
