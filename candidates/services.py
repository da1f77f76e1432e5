"""Every change to a candidate: one function per verb (DOMAIN.md §1.17). Each
checks who may act, locks the row, checks its guards (raising Blocked with
every unmet rule), writes, recomputes the stage and appends to the stage log,
all in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.readmission import readmission_problems
from members.validators import validate_cccd
from organizations.models import Authority, Organization, User
from organizations.selectors import Permission, can

from .documents import check_upload
from .gates import everything_missing, furthest_gate, missing_before
from .models import (
    Candidate,
    ClassEnrolment,
    Document,
    DocumentKind,
    Introducer,
    PauseReason,
    Route,
    Stage,
    StageLog,
    TrainingClass,
    Verification,
    Vote,
)
from .rules import (
    Blocked,
    Problem,
    age_problems,
    attendance_problems,
    certificate_problems,
    committee_vote_problems,
    education_problems,
    electorate,
    freshness_problems,
    introducer_problems,
    needs_grassroots_resolution,
    threshold,
    votes_needed,
    youth_route_required,
)

CELL_KINDS = (Organization.Kind.SUBORDINATE_CELL, Organization.Kind.GRASSROOTS_CELL)
Status = Candidate.Status


def _lock(candidate: Candidate, by: User, permission: Permission) -> Candidate:
    if not can(by, permission, candidate.organization):
        raise PermissionDenied
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=candidate.pk)
    )


def _require_active(candidate: Candidate) -> None:
    if candidate.status != Status.ACTIVE:
        raise Blocked(
            [
                Problem(
                    _("The candidate is %(status)s; resume the candidacy first.")
                    % {"status": candidate.get_status_display().lower()}
                )
            ]
        )


def _check_day(day: datetime.date, label: str, *, not_before: datetime.date) -> None:
    problems = []
    if day > timezone.localdate():
        problems.append(
            Problem(_("%(what)s cannot be in the future.") % {"what": label})
        )
    if day < not_before:
        problems.append(
            Problem(
                _("%(what)s cannot be before %(date)s.")
                % {"what": label, "date": not_before.strftime("%d/%m/%Y")}
            )
        )
    if problems:
        raise Blocked(problems)


def _log(
    candidate: Candidate,
    action: str,
    *,
    by: User,
    on: datetime.date | None = None,
    note: str = "",
    stage: str | None = None,
) -> StageLog:
    """Recompute (or set) the stage and append what happened to the log."""
    before = candidate.stage
    if stage is not None:
        candidate.stage = stage
    elif Stage(before) not in (Stage.SUBMITTED, Stage.RETURNED, Stage.APPRAISED):
        candidate.stage = furthest_gate(candidate)
    candidate.save()
    return StageLog.objects.create(
        candidate=candidate,
        action=action,
        from_stage=before,
        to_stage=candidate.stage,
        on=on or timezone.localdate(),
        note=note,
        by=by,
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
    introduced_on = fields.get("introduced_on") or timezone.localdate()
    if introduced_on > timezone.localdate():
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
                former, decided_on=timezone.localdate(), provincial_consent=True
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
    _log(candidate, "introduce", by=by, on=introduced_on)
    return candidate


@transaction.atomic
def assign_mentor(candidate: Candidate, mentor: Member, *, by: User) -> Candidate:
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
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
    _log(candidate, "assign_mentor", by=by, note=mentor.full_name)
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
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    problems = []
    if training_class.kind != TrainingClass.Kind.AWARENESS:
        problems.append(Problem(_("Choose an awareness class.")))
    if certificate_on < training_class.ends_on or certificate_on > timezone.localdate():
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
    _log(candidate, "certificate", by=by, on=certificate_on, note=certificate_number)
    return enrolment


@transaction.atomic
def record_dates(
    candidate: Candidate, *, by: User, **dates: datetime.date
) -> Candidate:
    """Dates of the papers the cell keeps: the application (1-KNĐ), the personal
    history (2-KNĐ), the union's resolution and the summary of opinions (5-KNĐ)."""
    allowed = {"applied_on", "history_on", "union_resolution_on", "opinions_on"}
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    labels = {
        "applied_on": _("The application date"),
        "history_on": _("The personal history date"),
        "union_resolution_on": _("The union's resolution date"),
        "opinions_on": _("The date of the summary of opinions"),
    }
    for name, day in dates.items():
        if name not in allowed:
            raise ValueError(name)
        _check_day(day, labels[name], not_before=candidate.introduced_on)
        setattr(candidate, name, day)
    if dates.get("union_resolution_on") and candidate.route == Route.MEMBERS:
        raise Blocked(
            [Problem(_("This candidate is introduced by two members, not a union."))]
        )
    _log(
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
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    if not party_member and sent_on is None:
        raise Blocked([Problem(_("Enter the date the verification request was sent."))])
    if sent_on is not None:
        _check_day(sent_on, _("The request date"), not_before=candidate.introduced_on)
    verification = Verification.objects.create(
        candidate=candidate,
        relation=relation,
        person_name=person_name.strip(),
        party_member=party_member,
        sent_to=sent_to.strip(),
        sent_on=sent_on,
    )
    _log(candidate, "verification_sent", by=by, on=sent_on, note=person_name)
    return verification


@transaction.atomic
def answer_verification(
    verification: Verification, *, answered_on: datetime.date, conclusion: str, by: User
) -> Verification:
    candidate = _lock(verification.candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    if verification.sent_on is None:
        raise Blocked([Problem(_("No request was sent for this person."))])
    _check_day(answered_on, _("The answer date"), not_before=verification.sent_on)
    verification.answered_on, verification.conclusion = answered_on, conclusion
    verification.save(update_fields=["answered_on", "conclusion"])
    _log(
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
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    _check_day(
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
    _log(candidate, "introducer", by=by, on=letter_on, note=member.full_name)
    return introducer


def vote_rule_problems(candidate: Candidate, held_on: datetime.date) -> list[Problem]:
    """Every rule judged at the cell vote (DOMAIN.md §1.17)."""
    problems = missing_before(candidate, Stage.CELL_APPROVED)
    problems += age_problems(candidate, held_on)
    problems += education_problems(candidate, held_on)
    problems += certificate_problems(candidate, held_on)
    problems += freshness_problems(candidate, held_on)
    route = youth_route_required(candidate, candidate.introduced_on)
    problems += [route] if route else []
    for introducer in candidate.introducers.select_related("member"):
        problems += introducer_problems(
            candidate,
            introducer.member,
            introducer.together_since,
            introducer.letter_on,
            replacement=introducer.replacement,
        )
    return list(dict.fromkeys(problems))


@transaction.atomic
def record_cell_vote(
    candidate: Candidate,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
    exempt_present: int = 0,
) -> Vote:
    """The cell's meeting on the candidate (6-KNĐ): admission is proposed when
    at least the rule's share of the eligible official members agree, counted
    on the official members, not on those present."""
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    _check_day(held_on, _("The cell meeting date"), not_before=candidate.introduced_on)
    if candidate.votes.filter(body=Vote.Body.CELL, passed=True).exists():
        raise Blocked([Problem(_("The cell has already resolved on this candidate."))])
    problems = vote_rule_problems(candidate, held_on)
    voters = electorate(candidate.organization, held_on)
    eligible = voters.eligible(exempt_present)
    problems += attendance_problems(
        voters,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        exempt_present=exempt_present,
    )
    if problems:
        raise Blocked(problems)
    fraction, _source = threshold("candidate.cell_vote_threshold", held_on)
    vote = Vote.objects.create(
        candidate=candidate,
        body=Vote.Body.CELL,
        held_on=held_on,
        resolution_number=resolution_number.strip(),
        eligible=eligible,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        passed=votes_for >= votes_needed(fraction, eligible),
        recorded_by=by,
    )
    note = _("%(for)s of %(eligible)s for (%(needed)s needed)") % {
        "for": votes_for,
        "eligible": eligible,
        "needed": votes_needed(fraction, eligible),
    }
    _log(candidate, "cell_vote", by=by, on=held_on, note=note)
    return vote


@transaction.atomic
def record_grassroots_vote(
    candidate: Candidate,
    *,
    held_on: datetime.date,
    resolution_number: str,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
) -> Vote:
    """The grassroots committee's resolution (8-KNĐ), needed only where the cell
    sits under a grassroots committee."""
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    problems = []
    if not needs_grassroots_resolution(candidate):
        problems.append(
            Problem(
                _(
                    "A grassroots cell's resolution goes straight to the "
                    "committee above."
                )
            )
        )
    cell_vote = candidate.votes.filter(body=Vote.Body.CELL, passed=True).first()
    if cell_vote is None:
        problems.append(
            Problem(_("The cell has not yet resolved to propose admission."))
        )
    elif held_on < cell_vote.held_on:
        problems.append(Problem(_("The committee meets after the cell's resolution.")))
    problems += committee_vote_problems(
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
    )
    if candidate.votes.filter(body=Vote.Body.GRASSROOTS, passed=True).exists():
        problems.append(Problem(_("The grassroots committee has already resolved.")))
    if problems:
        raise Blocked(problems)
    _check_day(
        held_on, _("The committee meeting date"), not_before=candidate.introduced_on
    )
    fraction, _source = threshold("candidate.grassroots_committee_threshold", held_on)
    vote = Vote.objects.create(
        candidate=candidate,
        body=Vote.Body.GRASSROOTS,
        held_on=held_on,
        resolution_number=resolution_number.strip(),
        eligible=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        passed=votes_for >= votes_needed(fraction, committee_members),
        recorded_by=by,
    )
    _log(candidate, "grassroots_vote", by=by, on=held_on)
    return vote


def competent_committee(candidate: Candidate) -> Organization | None:
    """The nearest committee above with the power to admit, on today's tree."""
    return candidate.organization.nearest_holding(
        Authority.ADMISSION, on=timezone.localdate()
    )


@transaction.atomic
def submit(candidate: Candidate, *, by: User) -> Candidate:
    """Send the dossier to the competent committee (or send it back corrected)."""
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    _require_active(candidate)
    if Stage(candidate.stage) in (Stage.SUBMITTED, Stage.APPRAISED):
        raise Blocked([Problem(_("The dossier has already been submitted."))])
    problems = everything_missing(candidate)
    if competent_committee(candidate) is None:
        problems.append(Problem(_("No committee above has the power to admit.")))
    if problems:
        raise Blocked(problems)
    resubmitted = candidate.stage == Stage.RETURNED
    candidate.submitted_on = timezone.localdate()
    _log(
        candidate,
        "resubmit" if resubmitted else "submit",
        by=by,
        stage=Stage.SUBMITTED,
    )
    return candidate


def _lock_for_committee(candidate: Candidate, by: User) -> Candidate:
    committee = competent_committee(candidate)
    if committee is None or not can(by, Permission.APPRAISE, committee):
        raise PermissionDenied
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=candidate.pk)
    )


@transaction.atomic
def return_for_correction(
    candidate: Candidate, *, comments: str, by: User
) -> Candidate:
    candidate = _lock_for_committee(candidate, by)
    if candidate.stage != Stage.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be returned."))])
    if not comments.strip():
        raise Blocked([Problem(_("Write what needs correcting."))])
    _log(candidate, "return", by=by, note=comments.strip(), stage=Stage.RETURNED)
    return candidate


@transaction.atomic
def appraise(candidate: Candidate, *, by: User, note: str = "") -> Candidate:
    """The organization committee finds the dossier ready for the Standing
    Committee's review."""
    candidate = _lock_for_committee(candidate, by)
    if candidate.stage != Stage.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be appraised."))])
    _log(candidate, "appraise", by=by, note=note, stage=Stage.APPRAISED)
    return candidate


@transaction.atomic
def pause(
    candidate: Candidate,
    *,
    reason: str,
    by: User,
    withdraw: bool = False,
    note: str = "",
) -> Candidate:
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    if reason not in PauseReason.values:
        raise Blocked([Problem(_("Choose a reason."))])
    if candidate.status != Status.ACTIVE and not (
        withdraw and candidate.status == Status.PAUSED
    ):
        raise Blocked([Problem(_("The candidacy is not active."))])
    candidate.status = Status.WITHDRAWN if withdraw else Status.PAUSED
    candidate.pause_reason = reason
    _log(
        candidate,
        "withdraw" if withdraw else "pause",
        by=by,
        note=note or str(PauseReason(reason).label),
    )
    return candidate


@transaction.atomic
def resume(candidate: Candidate, *, by: User) -> Candidate:
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    if candidate.status != Status.PAUSED:
        raise Blocked([Problem(_("Only a paused candidacy can be resumed."))])
    candidate.status, candidate.pause_reason = Status.ACTIVE, ""
    _log(candidate, "resume", by=by)
    return candidate


@transaction.atomic
def upload_document(
    candidate: Candidate, *, kind: DocumentKind, data: bytes, filename: str, by: User
) -> Document:
    """Keep a scan or photo of a signed form; earlier versions stay."""
    candidate = _lock(candidate, by, Permission.EDIT_REGISTRY)
    content, extension, content_type = check_upload(data)
    document = Document(
        candidate=candidate,
        kind=kind,
        original_name=filename[:255],
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    document.file.save(
        f"{candidate.pk}-{kind.code}{extension}", ContentFile(content), save=False
    )
    document.save()
    _log(candidate, "document", by=by, note=kind.code)
    return document


def eligible_members(candidate: Candidate, on: datetime.date) -> int:
    """What the cell vote form shows: the eligible official members on `on`."""
    return electorate(candidate.organization, on).eligible(0)
