"""What the health checks ask: the database, the broker, whether each queue's
workers answered recently, and whether beat is ticking.

Workers prove themselves by running a heartbeat task that beat sends to each
queue every minute; the time it ran is kept in the cache (Redis, shared by
every process). Beat notes each tick there too. A queue or beat is healthy
when it was heard from within HEARD_WITHIN seconds: three missed minutes, so
that one slow minute is not an alarm.
"""

import logging
import socket
import time

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from ..models import ReplicaMark

log = logging.getLogger(__name__)

HEARD_WITHIN = 180
_BEAT_KEY = "health:beat"


def _queue_key(queue: str) -> str:
    return f"health:queue:{queue}"


def check_database() -> dict[str, object]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {
        "ok": True,
        "engine": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def check_broker() -> dict[str, object]:
    # The app config/ made current; organizations/ does not import config/.
    started = time.perf_counter()
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _heard(key: str, now: float) -> dict[str, object]:
    try:
        seen = cache.get(key)
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    if not seen:
        return {"ok": False, "seconds_ago": None}
    ago = round(now - seen["at"])
    return {"ok": ago <= HEARD_WITHIN, "seconds_ago": ago, "by": seen["by"]}


def check_workers(now: float | None = None) -> dict[str, dict[str, object]]:
    now = time.time() if now is None else now
    queues = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    return {queue: _heard(_queue_key(queue), now) for queue in queues}


def check_beat(now: float | None = None) -> dict[str, object]:
    return _heard(_BEAT_KEY, time.time() if now is None else now)


def _note(key: str, by: str) -> None:
    # A heartbeat lost while Redis is away is not worth failing anything for:
    # the health check reports the silence.
    try:
        cache.set(key, {"at": time.time(), "by": by}, timeout=None)
    except Exception:
        log.warning("health: could not note %s", key, exc_info=False)


def note_worker_heartbeat(queue: str, worker: str) -> None:
    _note(_queue_key(queue), worker)


def note_beat_tick() -> None:
    _note(_BEAT_KEY, socket.gethostname())


def ping_worker(node: str, timeout: float = 5.0) -> bool:
    """Whether the worker named `node` (`%h` stands for this host) answers a
    ping now: the container health check of a worker."""
    node = node.replace("%h", socket.gethostname())
    replies = current_app.control.ping(destination=[node], timeout=timeout) or []
    return any(node in reply for reply in replies)


def mark_primary() -> None:
    """With a read replica, the time its copy of this row says it is as at
    (organizations/replica.py); written by the `default` queue's heartbeat."""
    if settings.READ_REPLICA:
        ReplicaMark.objects.update_or_create(pk=1, defaults={"at": timezone.now()})
