"""The steps only a candidate has: the introduction, the background
verifications, the provincial consent (the introducers are in
introducers.py), the committee's
deadline extension, pausing, withdrawing and resuming, and the admission
ceremony that makes the candidate a member."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from members.services.admission import admit_member
from members.services.readmission import readmission_problems, readmit_at_ceremony
from members.services.recording import Decision
from members.validators import validate_cccd
from organizations import clock
from organizations.models import Authority, Organization, User
from organizations.selectors import Permission, can
from organizations.text import day_label

from ..models import (
    Candidate,
    PauseReason,
    Stage,
    Verification,
    Vote,
)
from ..review.services.registers import issuing_body
from ..rules import (
    Blocked,
    Problem,
    rule_with_source,
)
from ..selectors import ceremony_deadline
from .dossier import check_day, move, take

CELL_KINDS = (Organization.Kind.SUBORDINATE_CELL, Organization.Kind.GRASSROOTS_CELL)
Status = Candidate.Status


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
    move(candidate, "introduce", by=by, on=introduced_on)
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
    candidate = take(candidate, "verification", by=by)
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
    move(candidate, "verification_sent", by=by, on=sent_on, note=person_name)
    return verification


@transaction.atomic
def answer_verification(
    verification: Verification, *, answered_on: datetime.date, conclusion: str, by: User
) -> Verification:
    candidate = take(verification.candidate, "answer", by=by)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    if verification.sent_on is None:
        raise Blocked([Problem(_("No request was sent for this person."))])
    if verification.answered_on is not None:
        raise Blocked(
            [
                Problem(
                    _(
                        "The answer is already recorded; correct it with a "
                        "reason if it was recorded wrongly."
                    )
                )
            ]
        )
    check_day(answered_on, _("The answer date"), not_before=verification.sent_on)
    verification.answered_on, verification.conclusion = answered_on, conclusion
    verification.save(update_fields=["answered_on", "conclusion"])
    move(
        candidate,
        "verification_answered",
        by=by,
        on=answered_on,
        note=verification.person_name,
    )
    return verification


@transaction.atomic
def pause(candidate: Candidate, *, reason: str, by: User, note: str = "") -> Candidate:
    """The candidate leaves the pool for a while (work or study away…)."""
    candidate = take(candidate, "pause", by=by)
    return _leave(candidate, Status.PAUSED, "pause", reason=reason, note=note, by=by)


@transaction.atomic
def withdraw(
    candidate: Candidate, *, reason: str, by: User, note: str = ""
) -> Candidate:
    """The candidacy ends; a later one starts from a new introduction."""
    candidate = take(candidate, "withdraw", by=by)
    return _leave(
        candidate, Status.WITHDRAWN, "withdraw", reason=reason, note=note, by=by
    )


def _leave(
    candidate: Candidate, status: str, action: str, *, reason: str, note: str, by: User
) -> Candidate:
    if reason not in PauseReason.values:
        raise Blocked([Problem(_("Choose a reason."))])
    candidate.status, candidate.pause_reason = status, reason
    move(
        candidate,
        action,
        by=by,
        note=note or str(PauseReason(reason).label),
        changed=("status", "pause_reason"),
    )
    return candidate


@transaction.atomic
def resume(candidate: Candidate, *, by: User) -> Candidate:
    candidate = take(candidate, "resume", by=by)
    candidate.status, candidate.pause_reason = Status.ACTIVE, ""
    move(candidate, "resume", by=by, changed=("status", "pause_reason"))
    return candidate


@transaction.atomic
def record_provincial_consent(
    candidate: Candidate, *, consent_on: datetime.date, by: User
) -> Candidate:
    """The date of the provincial Standing Committee's written consent
    (re-admission, over the age limit, the literacy exception)."""
    candidate = take(candidate, "consent", by=by)
    check_day(consent_on, _("The consent date"), not_before=candidate.introduced_on)
    candidate.provincial_consent_on = consent_on
    move(
        candidate,
        "consent",
        by=by,
        on=consent_on,
        changed=("provincial_consent_on",),
    )
    return candidate


@transaction.atomic
def extend_decision_deadline(
    candidate: Candidate, *, reason: str, by: User
) -> Candidate:
    """Record that the committee takes the extra working days the rules allow
    in special cases, once, with the reason."""
    candidate = take(candidate, "extend", by=by)
    problems = []
    if candidate.decision_extension:
        problems.append(Problem(_("The decision deadline has already been extended.")))
    if candidate.decided_on is not None:
        problems.append(Problem(_("The committee has already decided.")))
    if not candidate.votes.filter(body=Vote.Body.CELL, passed=True).exists():
        problems.append(
            Problem(_("The cell has not yet resolved to propose admission."))
        )
    if not reason.strip():
        problems.append(Problem(_("Give the reason for the extension.")))
    if problems:
        raise Blocked(problems)
    candidate.decision_extension = reason.strip()
    move(
        candidate,
        "extend",
        by=by,
        note=candidate.decision_extension,
        changed=("decision_extension",),
    )
    return candidate


CANDIDATE_PROFILE = (
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "cccd",
    "religion",
    "religious_role",
    "occupation",
    "occupation_group",
    "permanent_address",
    "general_education",
)


@transaction.atomic
def record_ceremony(
    candidate: Candidate,
    *,
    held_on: datetime.date,
    by: User,
    upper_consent: bool = False,
) -> Member:
    """The cell held the ceremony: the candidate becomes a probationary member
    (or, when coming back, opens a new membership period on their row)."""
    candidate = take(candidate, "ceremony", by=by)
    if candidate.member_id is not None:
        raise Blocked([Problem(_("The ceremony has already been recorded."))])
    if candidate.decided_on is None:
        raise Blocked([Problem(_("The Standing Committee has not decided yet."))])
    problems = []
    if held_on < candidate.decided_on:
        problems.append(
            Problem(
                _("The ceremony cannot come before the decision of %(date)s.")
                % {"date": day_label(candidate.decided_on)}
            )
        )
    if held_on > clock.today():
        problems.append(Problem(_("The ceremony date cannot be in the future.")))
    deadline = ceremony_deadline(candidate)
    if held_on > deadline and not upper_consent:
        _days, source = rule_with_source(
            "candidate.ceremony_deadline_working_days", candidate.decided_on
        )
        problems.append(
            Problem(
                _(
                    "The ceremony was due by %(date)s; a later one needs the "
                    "consent of the committee above."
                )
                % {"date": day_label(deadline)},
                source,
            )
        )
    if problems:
        raise Blocked(problems)
    committee = candidate.organization.nearest_holding(
        Authority.ADMISSION, on=candidate.decided_on
    )
    decision = Decision(
        candidate.decision_number,
        candidate.decided_on,
        issuing_body(committee) if committee else "",
    )
    if candidate.readmission_of is not None:
        # The decision is the registry's own: the cell records the ceremony.
        member = readmit_at_ceremony(
            candidate.readmission_of,
            decision=decision,
            ceremony_date=held_on,
            organization=candidate.organization,
            provincial_consent=candidate.provincial_consent_on is not None,
            by=by,
        )
    else:
        member = admit_member(
            candidate.organization,
            profile={f: getattr(candidate, f) for f in CANDIDATE_PROFILE},
            decision=decision,
            ceremony_date=held_on,
            by=by,
        )
    candidate.member, candidate.status = member, Candidate.Status.ADMITTED
    move(
        candidate,
        "ceremony",
        by=by,
        on=held_on,
        note=day_label(held_on),
        stage=Stage.DECIDED,
        changed=("member", "status"),
    )
    return member
