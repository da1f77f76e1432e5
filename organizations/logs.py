"""One JSON line per request and per task, each carrying a request id.

The id comes from the proxy (`X-Request-ID`, nginx's `$request_id`) or is
made here; it is sent back in the response, travels with every task the
request hands to the broker (a message header), and is on every line logged
meanwhile, so one id finds a request, its queries' errors and the document it
asked for. Lines carry no personal data: the path without its query string
(searches are typed names), the account's number, never a name, a task's
name and id, never its arguments.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
request_id: ContextVar[str] = ContextVar("request_id", default="")

request_log = logging.getLogger("registry.request")
task_log = logging.getLogger("registry.task")

# What a log call may add to its line through `extra={"fields": {...}}`.
FIELDS = "fields"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if current := request_id.get():
            line["request_id"] = current
        line.update(getattr(record, FIELDS, {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def database_unreachable(failure: BaseException | None) -> bool:
    while failure is not None:
        if isinstance(failure, OperationalError | InterfaceError):
            return True
        failure = failure.__cause__ or failure.__context__
    return False


class DatabaseDownFilter(logging.Filter):
    """A request failed because the database does not answer: one line, not a
    traceback for each of the hundreds of requests of a restart (the user got
    the 503 page; the cause is the database's own log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and database_unreachable(record.exc_info[1]):
            message, kind = record.getMessage(), type(record.exc_info[1]).__name__
            record.msg, record.args = "%s (database unavailable: %s)", (message, kind)
            record.exc_info = None
            record.exc_text = None
        return True


def _incoming_id(request: HttpRequest) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex


def _account(request: HttpRequest) -> int | None:
    # The user is read from the session, in the database: when that is what
    # failed the request, the line is still written, without the account.
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None


class RequestLogMiddleware:
    """First in the chain: names the request and logs it once it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_id.set(_incoming_id(request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id.get()
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    FIELDS: {
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "user": _account(request),
                    }
                },
            )
            return response
        finally:
            request_id.reset(token)


# Celery's signal handlers, connected in config/celery.py.

# By task id: when it started, and the request id to restore after it (in
# the embedded default a task runs inside the request that asked for it).
_running: dict[str, tuple[float, Token[str]]] = {}


def add_request_id_header(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None and (current := request_id.get()):
        headers.setdefault("request_id", current)


def task_started(task_id: str, task: Any, **_: Any) -> None:
    given = getattr(task.request, "request_id", None)
    token = request_id.set(given or request_id.get() or task_id)
    _running[task_id] = (time.perf_counter(), token)


def task_finished(task_id: str, task: Any, state: str | None = None, **_: Any) -> None:
    started, token = _running.pop(task_id, (None, None))
    task_log.info(
        "%s %s",
        task.name,
        state,
        extra={
            FIELDS: {
                "task": task.name,
                "task_id": task_id,
                "state": state,
                "ms": round((time.perf_counter() - started) * 1000, 1)
                if started
                else None,
            }
        },
    )
    if token is not None:
        request_id.reset(token)
