"""The organization committee's proposal (tờ trình) that puts the agenda
before the Standing Committee: signed and numbered in its own book once, on
the day it is issued; the meeting dossier prints it with that number."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.audit import record_audit
from organizations.models import User
from organizations.selectors import Permission
from organizations.text import day_label

from ...models import DecisionNumber, ReviewMeeting
from ...rules import Blocked, Problem
from .meetings import _lock_open
from .registers import Book, find_register, take_number


def proposal_problems(meeting: ReviewMeeting, on: datetime.date) -> list[Problem]:
    problems = []
    if meeting.proposal_number_id is not None:
        problems.append(Problem(_("The proposal has already been issued.")))
    if not meeting.items.exists():
        problems.append(Problem(_("The agenda is empty.")))
    if on > clock.today() or on > meeting.held_on:
        problems.append(
            Problem(
                _("The proposal is dated by the meeting day, %(day)s, and not later.")
                % {"day": day_label(meeting.held_on)}
            )
        )
    year = on.year
    if find_register(meeting.committee, year, Book.PROPOSALS) is None:
        problems.append(
            Problem(
                _("Open the book of %(book)s for %(year)s first.")
                % {"book": Book.PROPOSALS.label, "year": year}
            )
        )
    return problems


@transaction.atomic
def issue_proposal(
    meeting: ReviewMeeting, *, by: User, on: datetime.date | None = None
) -> DecisionNumber:
    """Number the proposal on the day it is signed (today, or the day a
    proposal signed on paper bears), by the meeting day."""
    meeting = _lock_open(meeting, by, Permission.APPRAISE)
    day = on or clock.today()
    problems = proposal_problems(meeting, day)
    if problems:
        raise Blocked(problems)
    register = find_register(meeting.committee, day.year, Book.PROPOSALS)
    assert register is not None
    number = take_number(
        register,
        kind=DecisionNumber.Kind.PROPOSAL,
        dated=day,
        subject=_("Proposal for the review meeting of %(day)s")
        % {"day": day_label(meeting.held_on)},
        by=by,
    )
    meeting.proposal_number = number
    meeting.save(update_fields=["proposal_number"])
    record_audit(
        "meeting.proposal",
        meeting,
        by=by,
        organization=meeting.committee,
        number=number.label,
    )
    return number
