import datetime
import threading

import pytest
from django.db import connection

from candidates import services
from candidates.models import AgendaItem, DecisionNumber, ReviewMeeting, StageLog, Vote
from candidates.review import meetings, registers
from candidates.rules import Blocked

from .conftest import HELD_ON, introduce, prepare_for_vote

D = datetime.date


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen_today")
def test_two_people_recording_the_cell_vote_at_once_record_it_once(
    reference_data, org_tree, cell, awareness_class, hothau_secretary, org_staff
):
    if connection.vendor != "postgresql":
        pytest.fail("row locks are tested on PostgreSQL (make test)")
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    barrier = threading.Barrier(2)
    outcomes = []

    def vote(user):
        try:
            barrier.wait()
            services.record_cell_vote(
                ready,
                held_on=D(2026, 2, 10),
                resolution_number="05-NQ/CB",
                present=9,
                votes_for=8,
                votes_against=1,
                by=user,
            )
            outcomes.append("ok")
        except Blocked:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=vote, args=(user,))
        for user in (hothau_secretary, org_staff)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Vote.objects.filter(candidate=ready).count() == 1
    assert StageLog.objects.filter(candidate=ready, action="cell_vote").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen_today")
def test_two_requests_for_a_decision_number_at_once_get_different_numbers(
    reference_data, org_tree, org_staff
):
    if connection.vendor != "postgresql":
        pytest.fail("row locks are tested on PostgreSQL (make test)")
    register = registers.open_register(
        org_tree.district, year=2026, symbol="QĐ/HU", start_number=40, by=org_staff
    )
    barrier = threading.Barrier(2)
    taken = []

    def reserve(subject):
        try:
            barrier.wait()
            number = registers.reserve_number(
                register, dated=D(2026, 11, 20), subject=subject, by=org_staff
            )
            taken.append(number.number)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=reserve, args=(subject,))
        for subject in ("Quyết định A", "Quyết định B")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == [40, 41]
    register.refresh_from_db()
    assert register.next_number == 42
    assert DecisionNumber.objects.filter(register=register).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen_today")
def test_two_meetings_prepared_at_once_take_each_dossier_once(
    reference_data, org_tree, org_staff, committee, candidate, proposal
):
    if connection.vendor != "postgresql":
        pytest.fail("row locks are tested on PostgreSQL (make test)")
    barrier = threading.Barrier(2)
    errors = []

    def prepare(held_on):
        try:
            barrier.wait()
            meetings.create_meeting(
                org_tree.district,
                held_on=held_on,
                place="Hội trường Huyện ủy",
                chair=None,
                by=org_staff,
            )
        except Exception as error:  # any failure is reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=prepare, args=(held_on,))
        for held_on in (HELD_ON, HELD_ON + datetime.timedelta(days=1))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReviewMeeting.objects.count() == 2
    assert AgendaItem.objects.filter(candidate=candidate).count() == 1
    assert AgendaItem.objects.filter(recognition=proposal).count() == 1
