"""A real `celery worker` process against the configured Redis and the test
database: the job goes through the broker, not through eager mode."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from organizations.jobs import request_job
from organizations.models import Job
from organizations.tasks import SELFTEST_TASK

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


@pytest.fixture
def worker(reference_data, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "the worker tests run in the production configuration (make test), "
            f"not on {connection.vendor} with broker {settings.REDIS_URL!r}"
        )
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "CONN_MAX_AGE": "0",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            "default,documents",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while not app.control.ping(destination=[name], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(Path(log.name).read_text())
    yield process
    process.terminate()
    process.wait(timeout=15)
    log.close()


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
