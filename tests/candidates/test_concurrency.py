import datetime
import threading

import pytest
from django.db import connection

from candidates import services
from candidates.models import StageLog, Vote
from candidates.rules import Blocked

from .conftest import introduce, prepare_for_vote

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
