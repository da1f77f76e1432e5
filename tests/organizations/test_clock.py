"""The one clock: a day set for a block, or for the whole process."""

import datetime
import threading

import pytest
from django.utils import timezone

from organizations import clock

pytestmark = pytest.mark.smoke

DAY = datetime.date(2027, 2, 5)


def _in_another_thread() -> datetime.date:
    seen: list[datetime.date] = []
    thread = threading.Thread(target=lambda: seen.append(clock.today()))
    thread.start()
    thread.join()
    return seen[0]


def test_as_of_sets_the_day_for_the_block_only():
    before = clock.today()
    with clock.as_of(DAY):
        assert clock.today() == DAY
        with clock.as_of(DAY + datetime.timedelta(days=1)):
            assert clock.today() == DAY + datetime.timedelta(days=1)
        assert clock.today() == DAY
        # A block is this thread's: another thread keeps the day it had.
        assert _in_another_thread() == before
    assert clock.today() == before


def test_pinned_sets_the_day_for_every_thread():
    with clock.pinned(DAY):
        assert clock.today() == DAY
        assert _in_another_thread() == DAY
        with clock.as_of(datetime.date(2030, 1, 1)):
            assert clock.today() == datetime.date(2030, 1, 1)


def test_unset_it_is_the_local_date():
    # pytest --today pins the whole run; undo that here to see the system's day.
    pinned = list(clock._pinned)
    clock._pinned.clear()
    try:
        assert clock.today() == timezone.localdate()
    finally:
        clock._pinned.extend(pinned)


def test_frozen_today_moves_the_registry_clock(frozen_today):
    assert clock.today() == datetime.date(2026, 11, 28)
    assert _in_another_thread() == datetime.date(2026, 11, 28)
