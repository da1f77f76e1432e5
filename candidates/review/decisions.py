"""Locking a review meeting makes its outcomes final: each approval takes the
next number of the committee's register and becomes an admission or a
recognition decision; deferred and rejected dossiers go where their reason
sends them; the secretaries are told. Then the ceremony creates the member."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.admission import admit_member
from members.lifecycle import recognize_official
from members.models import Member
from members.readmission import readmit_member
from members.recording import Decision
from organizations import clock
from organizations.audit import record_audit
from organizations.models import Authority, User
from organizations.notifications import notify_secretaries
from organizations.selectors import Permission

from ..models import (
    AgendaItem,
    Candidate,
    DecisionNumber,
    DecisionRegister,
    Recognition,
    ReviewMeeting,
    Stage,
)
from ..models import RecognitionStage as R
from ..recognition.steps import log_step as log_recognition
from ..rules import Blocked, Problem, rule_with_source
from ..selectors import ceremony_deadline
from ..services.base import lock_candidate, log_step
from .meetings import Outcome, _lock_open, counts
from .registers import find_register, issuing_body, take_number


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def lock_meeting(meeting: ReviewMeeting, *, by: User) -> ReviewMeeting:
    """Make every outcome final, in agenda order; refuses while an item is
    undecided, the meeting lacks its quorum or the year has no register."""
    meeting = _lock_open(meeting, by, Permission.APPRAISE)
    items = list(
        meeting.items.select_related(
            "candidate__organization", "recognition__member__organization"
        ).order_by("position", "pk")
    )
    problems = []
    if not items:
        problems.append(Problem(_("The agenda is empty.")))
    for item in items:
        if item.outcome == Outcome.PENDING:
            problems.append(
                Problem(
                    _("No decision recorded for item %(n)s, %(name)s.")
                    % {"n": item.position, "name": item.subject_name}
                )
            )
    numbers = counts(meeting)
    if not numbers.quorate:
        problems.append(
            Problem(
                _("The meeting did not have its quorum (%(quorum)s members).")
                % {"quorum": numbers.quorum},
                numbers.quorum_source,
            )
        )
    if meeting.held_on > clock.today():
        problems.append(Problem(_("The meeting has not been held yet.")))
    register = find_register(meeting.committee, meeting.held_on.year)
    if register is None:
        problems.append(
            Problem(
                _("Open the decision register for %(year)s first.")
                % {"year": meeting.held_on.year}
            )
        )
    if problems:
        raise Blocked(problems)
    assert register is not None
    for item in items:
        _apply(item, meeting, register, by)
    meeting.status, meeting.locked_at = ReviewMeeting.Status.LOCKED, timezone.now()
    meeting.save(update_fields=["status", "locked_at"])
    record_audit("meeting.lock", meeting, by=by, organization=meeting.committee)
    return meeting


def _apply(
    item: AgendaItem, meeting: ReviewMeeting, register: DecisionRegister, by: User
) -> None:
    if item.candidate is not None:
        _apply_to_candidate(item, item.candidate, meeting, register, by)
    else:
        assert item.recognition is not None
        _apply_to_recognition(item, item.recognition, meeting, register, by)


def _take(
    item: AgendaItem,
    register: DecisionRegister,
    kind: str,
    subject: str,
    meeting: ReviewMeeting,
    by: User,
) -> DecisionNumber:
    number = take_number(
        register, kind=kind, dated=meeting.held_on, subject=subject, by=by
    )
    item.decision = number
    item.save(update_fields=["decision"])
    return number


def _apply_to_candidate(
    item: AgendaItem,
    candidate: Candidate,
    meeting: ReviewMeeting,
    register: DecisionRegister,
    by: User,
) -> None:
    name, day = candidate.full_name, meeting.held_on
    if item.outcome == Outcome.APPROVED:
        number = _take(
            item,
            register,
            DecisionNumber.Kind.ADMISSION,
            _("Admission of %(name)s") % {"name": name},
            meeting,
            by,
        )
        candidate.decision_number, candidate.decided_on = number.label, day
        log_step(
            candidate, "decide", by=by, on=day, note=number.label, stage=Stage.DECIDED
        )
        message = _(
            "The Standing Committee decided to admit %(name)s (decision %(number)s "
            "of %(date)s). Hold the ceremony by %(deadline)s."
        ) % {
            "name": name,
            "number": number.label,
            "date": _day(day),
            "deadline": _day(ceremony_deadline(candidate)),
        }
    elif item.outcome == Outcome.DEFERRED:
        stage = Stage.RETURNED if item.needs_correction else Stage.APPRAISED
        log_step(candidate, "defer", by=by, on=day, note=item.reason, stage=stage)
        message = (
            _(
                "The Standing Committee deferred %(name)s and asks for a "
                "correction: %(reason)s"
            )
            if item.needs_correction
            else _(
                "The Standing Committee deferred %(name)s to a later "
                "meeting: %(reason)s"
            )
        ) % {"name": name, "reason": item.reason}
    else:
        log_step(
            candidate, "reject", by=by, on=day, note=item.reason, stage=Stage.RETURNED
        )
        message = _("The Standing Committee did not admit %(name)s: %(reason)s") % {
            "name": name,
            "reason": item.reason,
        }
    notify_secretaries(candidate.organization, message, candidate.get_absolute_url())


def _apply_to_recognition(
    item: AgendaItem,
    recognition: Recognition,
    meeting: ReviewMeeting,
    register: DecisionRegister,
    by: User,
) -> None:
    member, day = recognition.member, meeting.held_on
    name = member.full_name
    if item.outcome == Outcome.APPROVED:
        number = _take(
            item,
            register,
            DecisionNumber.Kind.RECOGNITION,
            _("Recognition of %(name)s as an official member") % {"name": name},
            meeting,
            by,
        )
        member = recognize_official(
            member,
            decision=Decision(number.label, day, issuing_body(meeting.committee)),
            by=by,
        )
        log_recognition(
            recognition, "decide", by=by, on=day, note=number.label, stage=R.RECOGNIZED
        )
        assert member.official_date is not None
        message = _(
            "The Standing Committee recognized %(name)s as an official member from "
            "%(official)s (decision %(number)s of %(date)s)."
        ) % {
            "name": name,
            "official": _day(member.official_date),
            "number": number.label,
            "date": _day(day),
        }
    elif item.outcome == Outcome.DEFERRED:
        stage = R.RETURNED if item.needs_correction else R.APPRAISED
        log_recognition(
            recognition, "defer", by=by, on=day, note=item.reason, stage=stage
        )
        message = (
            _(
                "The Standing Committee deferred the recognition of %(name)s and "
                "asks for a correction: %(reason)s"
            )
            if item.needs_correction
            else _(
                "The Standing Committee deferred the recognition of %(name)s to a "
                "later meeting: %(reason)s"
            )
        ) % {"name": name, "reason": item.reason}
    else:
        log_recognition(
            recognition, "reject", by=by, on=day, note=item.reason, stage=R.RETURNED
        )
        message = _("The Standing Committee did not recognize %(name)s: %(reason)s") % {
            "name": name,
            "reason": item.reason,
        }
    notify_secretaries(member.organization, message, recognition.get_absolute_url())


CANDIDATE_PROFILE = (
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "cccd",
    "religion",
    "religious_role",
    "occupation",
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
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    if candidate.member_id is not None:
        raise Blocked([Problem(_("The ceremony has already been recorded."))])
    if candidate.stage != Stage.DECIDED or candidate.decided_on is None:
        raise Blocked([Problem(_("The Standing Committee has not decided yet."))])
    problems = []
    if held_on < candidate.decided_on:
        problems.append(
            Problem(
                _("The ceremony cannot come before the decision of %(date)s.")
                % {"date": _day(candidate.decided_on)}
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
                % {"date": _day(deadline)},
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
        member = readmit_member(
            candidate.readmission_of,
            decision=decision,
            ceremony_date=held_on,
            organization=candidate.organization,
            provincial_consent=candidate.provincial_consent_on is not None,
            by=by,
            permission=Permission.EDIT_REGISTRY,
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
    log_step(
        candidate,
        "ceremony",
        by=by,
        on=held_on,
        note=_day(held_on),
        stage=Stage.DECIDED,
    )
    return member
