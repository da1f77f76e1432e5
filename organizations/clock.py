"""The registry's one clock: every reading of "today" goes through here.

Deadlines, ages, "not in the future" checks and every figure depend on the day,
so a command, a test or a job must be able to run as of a chosen day without
touching the system clock. `as_of(day)` sets the day for a block of code (this
thread or task only); `pinned(day)` sets it for the whole process, which is what a
test run at a chosen date needs (its live server answers in other threads).
Recording timestamps (`auto_now_add`, `locked_at`, a job's `started_at`) stay
on the system clock: they say when a row was written, and logs are read in
that order, not the day the work was done as of.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_day: ContextVar[datetime.date | None] = ContextVar("registry_day", default=None)
_pinned: list[datetime.date] = []


def _set_day() -> datetime.date | None:
    return _day.get() or (_pinned[-1] if _pinned else None)


def today() -> datetime.date:
    """The day the registry works as of: the local date unless set."""
    return _set_day() or timezone.localdate()


@contextmanager
def as_of(day: datetime.date) -> Iterator[datetime.date]:
    """Run the block as of `day`."""
    token = _day.set(day)
    try:
        yield day
    finally:
        _day.reset(token)


@contextmanager
def pinned(day: datetime.date) -> Iterator[datetime.date]:
    """Run the block, and every thread that answers meanwhile, as of `day`."""
    _pinned.append(day)
    try:
        yield day
    finally:
        _pinned.pop()
