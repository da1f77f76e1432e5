"""Kept apart from test_seed_demo.py, whose module shares one seeded demo."""

import pytest
from django.db import transaction

from members.models import Member
from reports.demo import seed_demo

from .test_seed_demo import _fingerprint

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_it_is_deterministic(db):
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            seed_demo()
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert not Member.objects.exists()
