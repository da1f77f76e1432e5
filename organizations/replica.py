"""Statistics and exports read the read replica when one is configured
(`DATABASE_REPLICA_URL`), so that a province's year-end figures do not load
the database every secretary is writing to.

Only code inside `replica_reads()` is routed there; every write, and every
read outside it, goes to the primary (a page that saves then shows must see
what it saved). A replica that does not answer is skipped for a while, with a
log line, and the primary answers instead. A replica that lags is used, and
the figures say when they are as at: the primary rewrites a `ReplicaMark` row
every minute, and its copy on the replica is that time.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

log = logging.getLogger(__name__)

# After a failure the replica is left alone this long: a statistics page must
# not wait for a connection timeout on every request.
RETRY_AFTER_SECONDS = 30
_reading: ContextVar[str | None] = ContextVar("replica_reading", default=None)
_down_until: dict[str, float] = {}


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return _reading.get()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a copy of the primary: rows from both relate.
        return True


@dataclass(frozen=True)
class ReplicaReading:
    alias: str
    as_at: datetime | None

    @property
    def as_at_label(self) -> str:
        """The copy's time as files and summaries print it: 14:05 06/12/2026."""
        if self.as_at is None:
            return ""
        return timezone.localtime(self.as_at).strftime("%H:%M %d/%m/%Y")


def _as_at(alias: str) -> datetime | None:
    from .models import ReplicaMark

    mark = ReplicaMark.objects.using(alias).filter(pk=1).first()
    return mark.at if mark else None


@contextmanager
def replica_reads() -> Iterator[ReplicaReading | None]:
    """Route the block's reads to the replica; yields how current it is, or
    None when the primary answers (no replica, or it is down)."""
    alias = settings.READ_REPLICA
    if not alias or _down_until.get(alias, 0) > time.monotonic():
        yield None
        return
    try:
        as_at = _as_at(alias)
    except DatabaseError as error:
        _down_until[alias] = time.monotonic() + RETRY_AFTER_SECONDS
        connections[alias].close()
        log.warning(
            "read replica unavailable (%s): reading from the primary",
            error.__class__.__name__,
        )
        yield None
        return
    token = _reading.set(alias)
    try:
        yield ReplicaReading(alias, as_at)
    finally:
        _reading.reset(token)
