"""Two requests at once, each on its own PostgreSQL connection (a thread each):
the row locks decide which one wins."""

import datetime

import pytest

from candidates import services
from candidates.models import AgendaItem, DecisionNumber, ReviewMeeting, StageLog, Vote
from candidates.review.services import decisions, meetings, proposal, registers
from candidates.rules import Blocked
from members.models import Member
from organizations.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.threads import at_once

from .conftest import HELD_ON, decide, introduce, prepare_for_vote

D = datetime.date

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_two_people_recording_the_cell_vote_at_once_record_it_once(
    reference_data, org_tree, cell, awareness_class, hothau_secretary, org_staff
):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)

    def vote(user):
        return lambda: services.record_cell_vote(
            ready,
            held_on=D(2026, 2, 10),
            resolution_number="05-NQ/CB",
            present=9,
            votes_for=8,
            votes_against=1,
            by=user,
        )

    outcomes = at_once(vote(hothau_secretary), vote(org_staff))
    assert sorted(isinstance(o, Blocked) for o in outcomes) == [False, True]
    assert Vote.objects.filter(candidate=ready).count() == 1
    assert StageLog.objects.filter(candidate=ready, action="cell_vote").count() == 1


def test_two_requests_for_a_decision_number_at_once_get_different_numbers(
    reference_data, org_tree, org_staff
):
    register = registers.open_register(
        org_tree.district, year=2026, symbol="QĐ/HU", start_number=40, by=org_staff
    )

    def reserve(subject):
        return lambda: (
            registers.reserve_number(
                register, dated=D(2026, 11, 20), subject=subject, by=org_staff
            ).number
        )

    assert sorted(at_once(reserve("Quyết định A"), reserve("Quyết định B"))) == [
        40,
        41,
    ]
    register.refresh_from_db()
    assert register.next_number == 42
    assert DecisionNumber.objects.filter(register=register).count() == 2


def test_two_meetings_prepared_at_once_take_each_dossier_once(
    reference_data, org_tree, org_staff, committee, candidate, proposal
):
    def prepare(held_on):
        return lambda: meetings.create_meeting(
            org_tree.district,
            held_on=held_on,
            place="Hội trường Huyện ủy",
            chair=None,
            by=org_staff,
        )

    outcomes = at_once(prepare(HELD_ON), prepare(HELD_ON + datetime.timedelta(days=1)))
    assert all(isinstance(o, ReviewMeeting) for o in outcomes), outcomes
    assert ReviewMeeting.objects.count() == 2
    assert AgendaItem.objects.filter(candidate=candidate).count() == 1
    assert AgendaItem.objects.filter(recognition=proposal).count() == 1


def test_two_staff_locking_the_same_meeting_at_once_issue_the_decisions_once(
    reference_data, meeting, committee, register, org_staff
):
    second = UserFactory(username="btc2")
    RoleAssignmentFactory(
        user=second, organization=meeting.committee, role=Role.ORG_STAFF
    )
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=4)
    outcomes = at_once(
        lambda: decisions.lock_meeting(meeting, by=org_staff),
        lambda: decisions.lock_meeting(meeting, by=second),
    )
    assert sorted(isinstance(o, Blocked) for o in outcomes) == [False, True], outcomes
    refusal = next(o for o in outcomes if isinstance(o, Blocked))
    assert "đã khóa" in " ".join(refusal.messages)
    decided = DecisionNumber.objects.filter(register=register)
    assert decided.count() == meeting.items.count()
    assert DecisionNumber.objects.filter(kind="minutes").count() == 1


def test_two_secretaries_recording_the_same_ceremony_at_once_admit_once(
    reference_data, decided, hothau_secretary
):
    deputy = UserFactory(username="phobithu")
    RoleAssignmentFactory(
        user=deputy, organization=decided.organization.parent, role=Role.SECRETARY
    )

    def ceremony(user):
        return lambda: services.record_ceremony(
            decided, held_on=D(2026, 11, 27), by=user
        )

    outcomes = at_once(ceremony(hothau_secretary), ceremony(deputy))
    assert sorted(isinstance(o, Blocked) for o in outcomes) == [False, True], outcomes
    assert Member.objects.filter(cccd=decided.cccd).count() == 1


def test_two_staff_signing_the_proposal_at_once_take_one_number(
    reference_data, meeting, org_staff
):
    second = UserFactory(username="btc2")
    RoleAssignmentFactory(
        user=second, organization=meeting.committee, role=Role.ORG_STAFF
    )
    registers.open_register(
        meeting.committee,
        book="proposals",
        year=2026,
        symbol="TTr/BTCHU",
        start_number=1,
        by=org_staff,
    )
    outcomes = at_once(
        lambda: proposal.issue_proposal(meeting, on=D(2026, 11, 20), by=org_staff),
        lambda: proposal.issue_proposal(meeting, on=D(2026, 11, 20), by=second),
    )
    assert sorted(isinstance(o, Blocked) for o in outcomes) == [False, True], outcomes
    assert DecisionNumber.objects.filter(kind="proposal").count() == 1
