"""The cell's steps, from the introduction to the introducers, pausing and
the dossier's documents."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from members.readmission import readmission_problems
from members.validators import validate_cccd
from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..documents import check_upload
from ..models import (
    Candidate,
    ClassEnrolment,
    Document,
    DocumentKind,
    Introducer,
    PauseReason,
    Route,
    TrainingClass,
    Verification,
)
from ..rules import (
    Blocked,
    Problem,
    introducer_problems,
)
from .base import (
    CELL_KINDS,
    Status,
    check_day,
    lock_candidate,
    log_step,
    require_active,
)


@transaction.atomic
def introduce_candidate(
    organization: Organization, *, by: User, **fields: Any
) -> Candidate:
    """Put a person on the cell's list of outstanding candidates, introduced by
    a mass organization or by the cell itself. A former member comes back only
    through re-admission, linked to their member row."""
    if not can(by, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    problems = []
    if organization.kind not in CELL_KINDS or organization.closed_on is not None:
        problems.append(
            Problem(_("Candidates are kept by an open party cell (chi bộ)."))
        )
    try:
        fields["cccd"] = validate_cccd(
            fields.get("cccd", ""),
            birth_date=fields.get("birth_date"),
            female=fields.get("sex") == Member.Sex.FEMALE,
        )
    except ValidationError as error:
        problems += [Problem(message) for message in error.messages]
    introduced_on = fields.get("introduced_on") or clock.today()
    if introduced_on > clock.today():
        problems.append(Problem(_("The introduction date cannot be in the future.")))
    former = Member.objects.filter(cccd=fields["cccd"]).first()
    if former is not None and former.end_date is None:
        problems.append(
            Problem(
                _("This CCCD belongs to a current party member (%(name)s).")
                % {"name": former.full_name}
            )
        )
    elif former is not None:
        problems += [
            Problem(p)
            for p in readmission_problems(
                former, decided_on=clock.today(), provincial_consent=True
            )
        ]
        fields["readmission_of"] = former
    if Candidate.objects.filter(
        cccd=fields["cccd"], status__in=[Status.ACTIVE, Status.PAUSED]
    ).exists():
        problems.append(Problem(_("This person is already a candidate.")))
    if problems:
        raise Blocked(problems)
    candidate = Candidate(organization=organization, created_by=by, **fields)
    candidate.full_clean(validate_unique=False)
    candidate.set_derived_fields()
    candidate.save()
    log_step(candidate, "introduce", by=by, on=introduced_on)
    return candidate


@transaction.atomic
def assign_mentor(candidate: Candidate, mentor: Member, *, by: User) -> Candidate:
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    grassroots = candidate.organization.grassroots()
    problems = []
    if mentor.status != Member.Status.OFFICIAL or mentor.end_date is not None:
        problems.append(Problem(_("The mentor must be a current official member.")))
    if grassroots and not mentor.organization.path.startswith(grassroots.path):
        problems.append(
            Problem(
                _("The mentor must belong to the candidate's grassroots organization.")
            )
        )
    if problems:
        raise Blocked(problems)
    candidate.mentor = mentor
    log_step(candidate, "assign_mentor", by=by, note=mentor.full_name)
    return candidate


@transaction.atomic
def record_certificate(
    candidate: Candidate,
    *,
    training_class: TrainingClass,
    certificate_number: str,
    certificate_on: datetime.date,
    by: User,
) -> ClassEnrolment:
    """The candidate finished the awareness class and holds its certificate."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    problems = []
    if training_class.kind != TrainingClass.Kind.AWARENESS:
        problems.append(Problem(_("Choose an awareness class.")))
    if certificate_on < training_class.ends_on or certificate_on > clock.today():
        problems.append(
            Problem(
                _(
                    "The certificate is dated after the class ends, and not in "
                    "the future."
                )
            )
        )
    if problems:
        raise Blocked(problems)
    enrolment, _created = ClassEnrolment.objects.update_or_create(
        training_class=training_class,
        candidate=candidate,
        defaults={
            "result": ClassEnrolment.Result.PASSED,
            "certificate_number": certificate_number.strip(),
            "certificate_on": certificate_on,
        },
    )
    log_step(
        candidate, "certificate", by=by, on=certificate_on, note=certificate_number
    )
    return enrolment


@transaction.atomic
def record_dates(
    candidate: Candidate, *, by: User, **dates: datetime.date
) -> Candidate:
    """Dates of the papers the cell keeps: the application (1-KNĐ), the personal
    history (2-KNĐ), the union's resolution and the summary of opinions (5-KNĐ)."""
    allowed = {"applied_on", "history_on", "union_resolution_on", "opinions_on"}
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    labels = {
        "applied_on": _("The application date"),
        "history_on": _("The personal history date"),
        "union_resolution_on": _("The union's resolution date"),
        "opinions_on": _("The date of the summary of opinions"),
    }
    for name, day in dates.items():
        if name not in allowed:
            raise ValueError(name)
        check_day(day, labels[name], not_before=candidate.introduced_on)
        setattr(candidate, name, day)
    if dates.get("union_resolution_on") and candidate.route == Route.MEMBERS:
        raise Blocked(
            [Problem(_("This candidate is introduced by two members, not a union."))]
        )
    log_step(
        candidate,
        "record_dates",
        by=by,
        note="; ".join(
            f"{labels[name]} {day:%d/%m/%Y}" for name, day in sorted(dates.items())
        ),
    )
    return candidate


@transaction.atomic
def add_verification(
    candidate: Candidate,
    *,
    relation: str,
    person_name: str,
    by: User,
    party_member: bool = False,
    sent_to: str = "",
    sent_on: datetime.date | None = None,
) -> Verification:
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    if not party_member and sent_on is None:
        raise Blocked([Problem(_("Enter the date the verification request was sent."))])
    if sent_on is not None:
        check_day(sent_on, _("The request date"), not_before=candidate.introduced_on)
    verification = Verification.objects.create(
        candidate=candidate,
        relation=relation,
        person_name=person_name.strip(),
        party_member=party_member,
        sent_to=sent_to.strip(),
        sent_on=sent_on,
    )
    log_step(candidate, "verification_sent", by=by, on=sent_on, note=person_name)
    return verification


@transaction.atomic
def answer_verification(
    verification: Verification, *, answered_on: datetime.date, conclusion: str, by: User
) -> Verification:
    candidate = lock_candidate(verification.candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    if verification.sent_on is None:
        raise Blocked([Problem(_("No request was sent for this person."))])
    check_day(answered_on, _("The answer date"), not_before=verification.sent_on)
    verification.answered_on, verification.conclusion = answered_on, conclusion
    verification.save(update_fields=["answered_on", "conclusion"])
    log_step(
        candidate,
        "verification_answered",
        by=by,
        on=answered_on,
        note=verification.person_name,
    )
    return verification


@transaction.atomic
def add_introducer(
    candidate: Candidate,
    *,
    member: Member,
    together_since: datetime.date,
    letter_on: datetime.date,
    by: User,
    replacement: bool = False,
) -> Introducer:
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    check_day(
        letter_on, _("The introduction letter date"), not_before=candidate.introduced_on
    )
    problems = introducer_problems(
        candidate, member, together_since, letter_on, replacement=replacement
    )
    count = candidate.introducers.count()
    needed = 2 if candidate.route == Route.MEMBERS else 1
    if count >= needed and not replacement:
        problems.append(
            Problem(
                _("The candidate already has %(n)s introducing members.") % {"n": count}
            )
        )
    if candidate.introducers.filter(member=member).exists():
        problems.append(Problem(_("This member already introduces the candidate.")))
    if problems:
        raise Blocked(problems)
    introducer = Introducer.objects.create(
        candidate=candidate,
        member=member,
        together_since=together_since,
        letter_on=letter_on,
        replacement=replacement,
    )
    log_step(candidate, "introducer", by=by, on=letter_on, note=member.full_name)
    return introducer


@transaction.atomic
def pause(
    candidate: Candidate,
    *,
    reason: str,
    by: User,
    withdraw: bool = False,
    note: str = "",
) -> Candidate:
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    if reason not in PauseReason.values:
        raise Blocked([Problem(_("Choose a reason."))])
    if candidate.status != Status.ACTIVE and not (
        withdraw and candidate.status == Status.PAUSED
    ):
        raise Blocked([Problem(_("The candidacy is not active."))])
    candidate.status = Status.WITHDRAWN if withdraw else Status.PAUSED
    candidate.pause_reason = reason
    log_step(
        candidate,
        "withdraw" if withdraw else "pause",
        by=by,
        note=note or str(PauseReason(reason).label),
    )
    return candidate


@transaction.atomic
def resume(candidate: Candidate, *, by: User) -> Candidate:
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    if candidate.status != Status.PAUSED:
        raise Blocked([Problem(_("Only a paused candidacy can be resumed."))])
    candidate.status, candidate.pause_reason = Status.ACTIVE, ""
    log_step(candidate, "resume", by=by)
    return candidate


@transaction.atomic
def upload_document(
    candidate: Candidate, *, kind: DocumentKind, upload: File, filename: str, by: User
) -> Document:
    """Keep a scan or photo of a signed form; earlier versions stay."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    content, extension, content_type = check_upload(upload)
    document = Document(
        candidate=candidate,
        kind=kind,
        original_name=filename[:255],
        content_type=content_type,
        size=content.size,
        uploaded_by=by,
    )
    document.file.save(f"{candidate.pk}-{kind.code}{extension}", content, save=False)
    document.save()
    log_step(candidate, "document", by=by, note=kind.code)
    return document


@transaction.atomic
def record_provincial_consent(
    candidate: Candidate, *, consent_on: datetime.date, by: User
) -> Candidate:
    """The date of the provincial Standing Committee's written consent
    (re-admission, over the age limit, the literacy exception)."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    check_day(consent_on, _("The consent date"), not_before=candidate.introduced_on)
    candidate.provincial_consent_on = consent_on
    log_step(candidate, "consent", by=by, on=consent_on)
    return candidate
