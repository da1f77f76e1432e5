"""Every transition of a candidacy in one table: who may take it, from which
stage and status, and where it leads. The committee's stages are set directly
as the starting point (the cell's own stages follow from the facts recorded,
so those rows start from the introduction); the services decide."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from candidates import services
from candidates.models import Candidate, Stage, Vote
from candidates.rules import Blocked

from .conftest import introduce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
A, P, W = "active", "paused", "withdrawn"

VERBS = {
    "submit": lambda c, by: services.submit(c, by=by),
    "return": lambda c, by: services.return_for_correction(
        c, comments="Bổ sung", by=by
    ),
    "appraise": lambda c, by: services.appraise(c, by=by),
    "pause": lambda c, by: services.pause(c, reason="work_away", by=by),
    "withdraw": lambda c, by: services.withdraw(c, reason="own_decision", by=by),
    "resume": lambda c, by: services.resume(c, by=by),
    "extend": lambda c, by: services.extend_decision_deadline(
        c, reason="Chờ ý kiến", by=by
    ),
    "ceremony": lambda c, by: services.record_ceremony(
        c, held_on=D(2026, 11, 27), by=by
    ),
    "consent": lambda c, by: services.record_provincial_consent(
        c, consent_on=D(2026, 11, 20), by=by
    ),
}

# verb, who, stage before, status before, expected (stage, status) or error
TABLE = [
    ("submit", "hothau_secretary", Stage.SUBMITTED, A, Blocked),
    ("submit", "hothau_secretary", Stage.APPRAISED, A, Blocked),
    ("submit", "hothau_secretary", Stage.CELL_APPROVED, P, Blocked),
    ("submit", "viewer", Stage.CELL_APPROVED, A, PermissionDenied),
    ("return", "org_staff", Stage.SUBMITTED, A, (Stage.RETURNED, A)),
    ("return", "org_staff", Stage.APPRAISED, A, Blocked),
    ("return", "hothau_secretary", Stage.SUBMITTED, A, PermissionDenied),
    ("return", "standing_member", Stage.SUBMITTED, A, PermissionDenied),
    ("appraise", "org_staff", Stage.SUBMITTED, A, (Stage.APPRAISED, A)),
    ("appraise", "org_staff", Stage.RETURNED, A, Blocked),
    ("appraise", "hothau_secretary", Stage.SUBMITTED, A, PermissionDenied),
    ("appraise", "namdich_secretary", Stage.SUBMITTED, A, PermissionDenied),
    ("pause", "hothau_secretary", Stage.INTRODUCED, A, (Stage.INTRODUCED, P)),
    ("pause", "hothau_secretary", Stage.INTRODUCED, P, Blocked),
    ("pause", "namdich_secretary", Stage.INTRODUCED, A, PermissionDenied),
    ("pause", "viewer", Stage.INTRODUCED, A, PermissionDenied),
    ("withdraw", "hothau_secretary", Stage.INTRODUCED, P, (Stage.INTRODUCED, W)),
    ("withdraw", "hothau_secretary", Stage.INTRODUCED, W, Blocked),
    ("resume", "hothau_secretary", Stage.INTRODUCED, P, (Stage.INTRODUCED, A)),
    ("resume", "hothau_secretary", Stage.INTRODUCED, A, Blocked),
    ("resume", "hothau_secretary", Stage.INTRODUCED, W, Blocked),
    ("extend", "org_staff", Stage.SUBMITTED, A, (Stage.SUBMITTED, A)),
    ("extend", "hothau_secretary", Stage.SUBMITTED, A, PermissionDenied),
    ("ceremony", "hothau_secretary", Stage.APPRAISED, A, Blocked),
    ("ceremony", "viewer", Stage.APPRAISED, A, PermissionDenied),
    ("consent", "hothau_secretary", Stage.INTRODUCED, A, (Stage.INTRODUCED, A)),
    ("consent", "hothau_secretary", Stage.INTRODUCED, W, Blocked),
    ("consent", "namdich_secretary", Stage.INTRODUCED, A, PermissionDenied),
]


@pytest.mark.parametrize(
    ("verb", "who", "stage", "status", "expected"),
    TABLE,
    ids=[f"{v}-{w}-{s}-{st}" for v, w, s, st, _e in TABLE],
)
def test_transition(
    request, org_tree, hothau_secretary, verb, who, stage, status, expected
):
    user = request.getfixturevalue(who)
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    Candidate.objects.filter(pk=candidate.pk).update(
        stage=stage,
        status=status,
        pause_reason="" if status == A else "work_away",
    )
    # A passed cell vote: the extension and the committee steps look for it.
    Vote.objects.create(
        candidate=candidate,
        body=Vote.Body.CELL,
        held_on=D(2026, 9, 1),
        resolution_number="5-NQ/CB",
        eligible=10,
        present=9,
        votes_for=8,
        votes_against=1,
        passed=True,
        recorded_by=hothau_secretary,
    )
    candidate.refresh_from_db()
    logged = candidate.log.count()
    if isinstance(expected, tuple):
        VERBS[verb](candidate, user)
        candidate.refresh_from_db()
        assert (candidate.stage, candidate.status) == expected
        assert candidate.log.count() == logged + 1
    else:
        with pytest.raises(expected):
            VERBS[verb](candidate, user)
        candidate.refresh_from_db()
        assert (candidate.stage, candidate.status) == (stage, status)
        assert candidate.log.count() == logged
