"""Waiting for a job a real worker runs."""

import time

from organizations.models import Job


def wait_for(job: Job, *, within: float = 60) -> Job:
    """The job once the worker has finished it (or as it stands at the deadline)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    return job
