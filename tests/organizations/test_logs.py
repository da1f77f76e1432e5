"""One JSON line per request and per task, with the request's id, and no
personal data in it."""

import io
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import OperationalError
from django.urls import reverse

from organizations.logs import DatabaseDownFilter, JsonFormatter

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@contextmanager
def json_log() -> Iterator[io.StringIO]:
    """The root logger also writes to a buffer, formatted as in production."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(DatabaseDownFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def lines(buffer: io.StringIO, logger: str) -> list[dict]:
    parsed = [json.loads(line) for line in buffer.getvalue().splitlines()]
    return [line for line in parsed if line["logger"] == logger]


def test_each_request_gets_an_id_and_one_line_without_its_query(
    org_tree, hothau_secretary, client_as
):
    client = client_as(hothau_secretary)
    with json_log() as log:
        response = client.get(reverse("members:list"), {"q": "Giàng Seo Phử"})
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = lines(log, "registry.request")
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/members/", 200)
    assert line["user"] == hothau_secretary.pk
    assert line["ms"] > 0
    assert "Seo" not in log.getvalue()
    assert hothau_secretary.username not in log.getvalue()


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("3f2b9c0d6a1e4f5b8c7d9e0a1b2c3d4e", True),
        ("req-2026.12.06_a", True),
        ("short", False),
        ("x" * 65, False),
        ("abc def ghi jkl", False),
        ('"},{"level":"CRITICAL', False),
    ],
)
def test_a_proxys_request_id_is_kept_only_when_it_is_plain(client, given, kept):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": given})
    assert (response["X-Request-ID"] == given) is kept


@pytest.mark.django_db(transaction=True)
def test_a_task_run_for_a_request_logs_one_line_with_its_id(
    reference_data, org_tree, hothau_secretary, client_as, in_process_tasks
):
    # In the embedded default the task runs in-process once the request's
    # transaction commits: still inside the request, so under its id.
    client = client_as(hothau_secretary)
    with json_log() as log:
        response = client.post(
            reverse("organizations:job_selftest"),
            headers={"X-Request-ID": "journey-0001"},
        )
    assert response.status_code == 302
    [task] = lines(log, "registry.task")
    assert task["request_id"] == "journey-0001"
    assert task["task"] == "organizations.tasks.run_selftest_job"
    assert task["state"] == "SUCCESS"
    [request] = lines(log, "registry.request")
    assert request["request_id"] == "journey-0001"


def test_a_database_that_does_not_answer_is_one_line_not_a_traceback():
    try:
        try:
            raise ConnectionRefusedError("connection refused")
        except ConnectionRefusedError as cause:
            raise OperationalError("could not connect to server") from cause
    except OperationalError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/members/",),
            sys.exc_info(),
        )
    DatabaseDownFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == (
        "Internal Server Error: /members/ (database unavailable: OperationalError)"
    )
    assert "exception" not in line


def test_any_other_failure_keeps_its_traceback_on_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    DatabaseDownFilter().filter(record)
    formatted = JsonFormatter().format(record)
    assert "\n" not in formatted
    assert "ValueError: boom" in json.loads(formatted)["exception"]


def test_a_request_the_database_failed_is_logged_once_without_a_traceback(
    hothau_secretary, monkeypatch
):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(hothau_secretary)

    def load(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(SessionStore, "load", load)
    with json_log() as log:
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 503
    [request] = lines(log, "registry.request")
    assert (request["status"], request["user"]) == (503, None)
    # Django meets the failure twice (the view, then a middleware on the way
    # out): each is one line.
    errors = lines(log, "django.request")
    assert errors
    for error in errors:
        assert error["message"].endswith("(database unavailable: OperationalError)")
        assert "exception" not in error
