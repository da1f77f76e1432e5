"""A real `celery worker` process against the configured Redis and the test
database: the job goes through the broker, not through eager mode."""

import time

import pytest

from organizations.models import Job
from organizations.services.jobs import request_job
from organizations.tasks import SELFTEST_TASK

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_a_job_and_stores_its_file(
    worker, org_tree, hothau_secretary, tmp_path
):
    job = request_job(
        kind="selftest",
        task_name=SELFTEST_TASK,
        organization=org_tree.hothau,
        params={"steps": 3, "delay": 0.2},
        by=hothau_secretary,
    )
    seen = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        seen.add(job.status)
        if job.is_finished:
            break
        time.sleep(0.1)
    assert job.status == Job.Status.DONE, job.error
    assert Job.Status.RUNNING in seen
    stored = tmp_path / "private" / job.file.name
    assert stored.read_text(encoding="utf-8").splitlines() == [
        "Bước 1/3: xong",
        "Bước 2/3: xong",
        "Bước 3/3: xong",
    ]
    assert worker.poll() is None
