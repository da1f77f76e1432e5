"""Locking a review meeting makes its outcomes final: each approval takes the
next number of the committee's register and becomes an admission or a
recognition decision; deferred and rejected dossiers go where their reason
sends them; the secretaries are told. The ceremony that follows an admission
is the cell's (candidates/services/admission.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.services.lifecycle import recognize_official
from members.services.recording import Decision
from organizations import clock
from organizations.audit import record_audit
from organizations.models import User
from organizations.selectors import Permission
from organizations.services.notifications import notify_secretaries
from organizations.signers import standing_signer
from organizations.text import day_label

from ...dossier_checks import printed_field_problems
from ...models import (
    AgendaItem,
    Candidate,
    DecisionNumber,
    DecisionRegister,
    Recognition,
    ReviewMeeting,
    Stage,
)
from ...models import RecognitionStage as R
from ...pipeline import pipeline_of
from ...rules import Blocked, Problem
from ...selectors import ceremony_deadline
from ...services import move
from .meetings import Outcome, _lock_open, counts
from .registers import Book, find_register, issuing_body, take_number


def lock_problems(meeting: ReviewMeeting) -> list[Problem]:
    """Why the meeting cannot be locked yet: an empty agenda, an item with no
    decision, no quorum, a day still to come, no register for its year, a
    decision that would print a field the registry does not know, nobody to
    sign."""
    items = list(
        meeting.items.select_related("candidate", "recognition").order_by(
            "position", "pk"
        )
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
        elif item.outcome == Outcome.APPROVED:
            subject = item.candidate or item.recognition
            assert subject is not None
            problems += [
                Problem(
                    _("Item %(n)s, %(name)s: %(problem)s")
                    % {"n": item.position, "name": item.subject_name, "problem": p}
                )
                for p in printed_field_problems(subject)
            ]
    if standing_signer(meeting.committee, meeting.held_on, meeting.chair) is None:
        problems.append(
            Problem(
                _(
                    "Nobody is recorded as the Standing Committee's secretary or "
                    "deputy secretary on the meeting day to sign the decisions."
                )
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
    for book in (Book.DECISIONS, Book.MINUTES):
        if find_register(meeting.committee, meeting.held_on.year, book) is None:
            problems.append(
                Problem(
                    _("Open the book of %(book)s for %(year)s first.")
                    % {"book": Book(book).label, "year": meeting.held_on.year}
                )
            )
    if meeting.secretary_id is None:
        problems.append(Problem(_("Name the secretary who signs the minutes.")))
    return problems


def numbers_to_issue(meeting: ReviewMeeting) -> list[tuple[AgendaItem, str]]:
    """The decision numbers locking would give the approved items, in agenda
    order, for the confirmation that lists them."""
    register = find_register(meeting.committee, meeting.held_on.year)
    if register is None:
        return []
    approved = meeting.items.filter(outcome=Outcome.APPROVED).order_by("position", "pk")
    return [
        (item, f"{register.next_number + n}-{register.symbol}")
        for n, item in enumerate(approved)
    ]


@transaction.atomic
def lock_meeting(meeting: ReviewMeeting, *, by: User) -> ReviewMeeting:
    """Make every outcome final, in agenda order; refuses while an item is
    undecided, the meeting lacks its quorum or the year has no register."""
    meeting = _lock_open(meeting, by, Permission.APPRAISE)
    problems = lock_problems(meeting)
    if problems:
        raise Blocked(problems)
    register = find_register(meeting.committee, meeting.held_on.year)
    assert register is not None
    items = meeting.items.select_related(
        "candidate__organization", "recognition__member__organization"
    ).order_by("position", "pk")
    for item in items:
        _apply(item, meeting, register, by)
    minutes = find_register(meeting.committee, meeting.held_on.year, Book.MINUTES)
    assert minutes is not None
    meeting.minutes_number = take_number(
        minutes,
        kind=DecisionNumber.Kind.MINUTES,
        dated=meeting.held_on,
        subject=_("Minutes of the review meeting of %(day)s")
        % {"day": day_label(meeting.held_on)},
        by=by,
    )
    meeting.status, meeting.locked_at = ReviewMeeting.Status.LOCKED, timezone.now()
    meeting.save(update_fields=["status", "locked_at", "minutes_number"])
    record_audit("meeting.lock", meeting, by=by, organization=meeting.committee)
    return meeting


def _apply(
    item: AgendaItem, meeting: ReviewMeeting, register: DecisionRegister, by: User
) -> None:
    """Make an item's outcome final on its dossier: an approval takes the next
    number and admits or recognizes; a deferral goes back to the cell (to
    correct) or waits for a later meeting; a rejection goes back to the cell."""
    dossier, day = item.dossier, meeting.held_on
    pipeline = pipeline_of(dossier)
    name = item.subject_name
    what = (
        _("the admission of %(name)s")
        if isinstance(dossier, Candidate)
        else _("the recognition of %(name)s as an official member")
    ) % {"name": name}
    if item.outcome == Outcome.APPROVED:
        message = _approve(item, dossier, meeting, register, by)
    elif item.outcome == Outcome.DEFERRED:
        stage = pipeline.returned if item.needs_correction else pipeline.appraised
        move(dossier, "defer", by=by, on=day, note=item.reason, stage=stage)
        message = (
            _(
                "The Standing Committee deferred %(what)s and asks for a "
                "correction: %(reason)s"
            )
            if item.needs_correction
            else _(
                "The Standing Committee deferred %(what)s to a later "
                "meeting: %(reason)s"
            )
        ) % {"what": what, "reason": item.reason}
    else:
        move(
            dossier, "reject", by=by, on=day, note=item.reason, stage=pipeline.returned
        )
        message = _("The Standing Committee did not approve %(what)s: %(reason)s") % {
            "what": what,
            "reason": item.reason,
        }
    notify_secretaries(dossier.organization, message, dossier.get_absolute_url())


def _approve(
    item: AgendaItem,
    dossier: Candidate | Recognition,
    meeting: ReviewMeeting,
    register: DecisionRegister,
    by: User,
) -> str:
    day, name = meeting.held_on, item.subject_name
    if isinstance(dossier, Candidate):
        kind = DecisionNumber.Kind.ADMISSION
        subject = _("Admission of %(name)s") % {"name": name}
    else:
        kind = DecisionNumber.Kind.RECOGNITION
        subject = _("Recognition of %(name)s as an official member") % {"name": name}
    number = take_number(register, kind=kind, dated=day, subject=subject, by=by)
    item.decision = number
    item.save(update_fields=["decision"])
    if isinstance(dossier, Candidate):
        dossier.decision_number, dossier.decided_on = number.label, day
        move(
            dossier,
            "decide",
            by=by,
            on=day,
            note=number.label,
            stage=Stage.DECIDED,
            changed=("decision_number", "decided_on"),
        )
        return _(
            "The Standing Committee decided to admit %(name)s (decision %(number)s "
            "of %(date)s). Hold the ceremony by %(deadline)s."
        ) % {
            "name": name,
            "number": number.label,
            "date": day_label(day),
            "deadline": day_label(ceremony_deadline(dossier)),
        }
    member = recognize_official(
        dossier.member,
        decision=Decision(number.label, day, issuing_body(meeting.committee)),
        by=by,
    )
    move(dossier, "decide", by=by, on=day, note=number.label, stage=R.RECOGNIZED)
    assert member.official_date is not None
    return _(
        "The Standing Committee recognized %(name)s as an official member from "
        "%(official)s (decision %(number)s of %(date)s)."
    ) % {
        "name": name,
        "official": day_label(member.official_date),
        "number": number.label,
        "date": day_label(day),
    }
