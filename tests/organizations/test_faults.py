"""Faults survived with real services: Redis stopped under a request, and a
worker killed with SIGKILL in the middle of a job. Nothing is lost and
nothing is done twice."""

import json
import os
import signal
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from organizations.models import Job, Notification
from organizations.services.broker import MAIL_TASK
from organizations.services.jobs import request_job
from organizations.services.notifications import notify_secretaries
from organizations.tasks import SELFTEST_TASK
from tests.factories import MemberFactory
from tests.services import start_worker, stop_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(0.2)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def succeeded(log: Path, task: str) -> int:
    """How many runs of `task` the worker's log (one JSON line a task) reports."""
    return sum(
        1
        for line in log.read_text().splitlines()
        if line.startswith("{")
        and json.loads(line).get("task") == task
        and json.loads(line).get("state") == "SUCCESS"
    )


def test_with_redis_stopped_pages_work_and_waiting_work_runs_once_it_is_back(
    reference_data, own_redis, org_tree, hothau_secretary, client_as, tmp_path
):
    mailbox = tmp_path / "mail"
    worker = start_worker(tmp_path, EMAIL_URL=f"filemail:///{mailbox}")
    hothau_secretary.email = "hothau@example.vn"
    hothau_secretary.save()
    member = MemberFactory(organization=org_tree.hothau_village)
    client = client_as(hothau_secretary)
    try:
        own_redis.stop()

        # Pages keep working without the broker and its cache.
        assert client.get(reverse("reports:dashboard")).status_code == 200
        assert client.get(reverse("members:list")).status_code == 200
        # A document asked for is kept, and the page says it will come.
        response = client.post(reverse("reports:member_sheet", args=[member.pk]))
        assert response.status_code == 302
        job = Job.objects.get()
        assert (job.status, job.dispatched_at) == (Job.Status.QUEUED, None)
        page = client.get(response["Location"]).content.decode()
        assert "không cần yêu cầu lại" in page
        # A committee's decision commits; its mail waits for the broker.
        with transaction.atomic():
            notify_secretaries(org_tree.hothau, "Quyết định số 12-QĐ/HU")
        note = Notification.objects.get(recipient=hothau_secretary)
        assert note.mail_queued_at is None
        assert note.mail_sent_at is None

        own_redis.start()
        wait_for(lambda: app.control.ping(timeout=0.5), 60, "the worker to reconnect")
        a_minute_ago = timezone.now() - timezone.timedelta(minutes=1)
        Job.objects.update(created_at=a_minute_ago)
        Notification.objects.update(created_at=a_minute_ago)
        # The next look at the job hands it over; beat's sweep hands the mail.
        client.get(response["Location"])
        app.send_task("organizations.tasks.sweep")
        wait_for(
            lambda: Job.objects.get().status == Job.Status.DONE, 60, "the document"
        )
        wait_for(
            lambda: Notification.objects.get(pk=note.pk).mail_sent_at, 30, "the mail"
        )

        # Both tasks delivered a second time: nothing runs or is sent twice.
        job.refresh_from_db()
        app.send_task(job.task_name, [job.pk], queue=job.queue)
        app.send_task(MAIL_TASK, [note.pk])
        log = tmp_path / "worker.log"
        wait_for(
            lambda: (
                succeeded(log, job.task_name) == 2 and succeeded(log, MAIL_TASK) == 2
            ),
            30,
            "the second deliveries",
        )
    finally:
        stop_worker(worker)
    job.refresh_from_db()
    assert (job.status, job.runs) == (Job.Status.DONE, 1)
    assert len(files_under(tmp_path / "private" / "jobs")) == 1
    mails = files_under(mailbox)
    assert len(mails) == 1
    assert "To: hothau@example.vn" in mails[0].read_text()


def test_a_worker_killed_in_the_middle_of_a_job_leaves_it_finished_once(
    reference_data, org_tree, hothau_secretary, tmp_path
):
    # Short limits make the broker hand the unacknowledged task out again
    # within seconds (twice the hard limit), as it would after twelve minutes.
    limits = {"CELERY_TASK_TIME_LIMIT": "8", "CELERY_TASK_SOFT_TIME_LIMIT": "6"}
    first = start_worker(tmp_path, "first.log", **limits)
    job = request_job(
        kind="selftest",
        task_name=SELFTEST_TASK,
        organization=org_tree.hothau,
        params={"steps": 10, "delay": 0.4},
        by=hothau_secretary,
    )
    try:
        wait_for(
            lambda: Job.objects.get(pk=job.pk).progress >= 20, 30, "the job to run"
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING

        second = start_worker(tmp_path, "second.log", **limits)
        try:
            wait_for(
                lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE,
                90,
                "the job delivered again",
            )
        finally:
            stop_worker(second)
    finally:
        stop_worker(first)
    job.refresh_from_db()
    assert job.runs == 2
    stored = files_under(tmp_path / "private" / "jobs")
    assert len(stored) == 1
    assert stored[0].read_text(encoding="utf-8").splitlines()[-1] == "Bước 10/10: xong"
