"""The platform's job service: every background job is a Job row created here.

A feature app names the Celery task that does the work; the task loads the row
by id and hands its work function to `run_job`, which records the outcome.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, NamedTuple

from celery import current_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import clock

from ..audit import record_audit
from ..memo import unit_of_work
from ..models import Job, Organization, User
from ..selectors import Permission, can
from .broker import dispatch_job

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


class JobOutput(NamedTuple):
    """What a work function produces: the file and a line to show on the page."""

    content: bytes
    filename: str
    summary: str = ""


Work = Callable[[Job, Progress], JobOutput]

_REUSABLE = (Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.DONE)


class JobFailed(Exception):
    """Raised by a work function whose outcome is a readable failure, optionally
    with a file explaining it (an import's sheet with an error column)."""

    def __init__(
        self, message: str, *, content: bytes = b"", filename: str = ""
    ) -> None:
        super().__init__(message)
        self.content, self.filename = content, filename


def _digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def _enqueue(job: Job) -> None:
    transaction.on_commit(lambda: dispatch_job(job.pk))


@transaction.atomic
def request_job(
    *,
    kind: str,
    task_name: str,
    organization: Organization,
    params: dict[str, Any],
    by: User,
    queue: str = "default",
    shared_with_committee: bool = False,
) -> Job:
    """Queue `task_name` for a new job, or return the job already queued, running or
    done for the same kind, organization and parameters.

    Raises PermissionDenied when `by` may not read `organization`.
    """
    if not can(by, Permission.READ, organization):
        raise PermissionDenied
    digest, as_of = _digest(params), clock.today()
    existing = (
        Job.objects.select_for_update()
        .filter(
            kind=kind,
            organization=organization,
            params_digest=digest,
            as_of=as_of,
            status__in=_REUSABLE,
        )
        .first()
    )
    if existing is not None and (
        existing.requested_by_id == by.pk or shared_with_committee
    ):
        return existing
    job = Job.objects.create(
        kind=kind,
        task_name=task_name,
        queue=queue,
        organization=organization,
        params=params,
        params_digest=digest,
        as_of=as_of,
        shared_with_committee=shared_with_committee,
        requested_by=by,
    )
    record_audit("job.request", job, by=by, organization=organization, kind=kind)
    _enqueue(job)
    return job


@transaction.atomic
def retry_job(job: Job, *, by: User) -> Job:
    """Queue a failed job again."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != Job.Status.FAILED:
        return job
    job.status, job.error, job.progress = Job.Status.QUEUED, "", 0
    job.save(update_fields=["status", "error", "progress", "updated_at"])
    record_audit("job.retry", job, by=by, organization=job.organization)
    _enqueue(job)
    return job


def _redelivered() -> bool:
    request = current_task.request if current_task else None
    return bool(request and (request.delivery_info or {}).get("redelivered"))


def _claim(job_id: int) -> Job | None:
    """Take the job for this delivery, or None when there is nothing to do.

    A queued job is taken. A running one is taken again only by the broker's
    redelivery of a task whose worker died before acknowledging it, or when it
    started longer ago than any task may run (its worker is gone); a second
    copy of the task (the sweeper's, after a lost message) finds it running or
    done and leaves it, so a job never runs twice at once nor after it is done.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    takeable = Q(status=Job.Status.QUEUED) | Q(
        status=Job.Status.RUNNING, started_at__lte=stale
    )
    if _redelivered():
        takeable |= Q(status=Job.Status.RUNNING)
    claimed = Job.objects.filter(takeable, pk=job_id).update(
        status=Job.Status.RUNNING, started_at=now, progress=0, runs=F("runs") + 1
    )
    return Job.objects.filter(pk=job_id).first() if claimed else None


def _set_progress(job: Job) -> Progress:
    def report(percent: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(percent, 99)))

    return report


def complete_job(job: Job, output: JobOutput) -> None:
    """Store the job's file, replacing any earlier one, and mark it done."""
    if job.file:
        job.file.delete(save=False)
    job.file.save(output.filename, ContentFile(output.content), save=False)
    job.filename, job.summary = output.filename, output.summary
    job.status, job.progress, job.error = Job.Status.DONE, 100, ""
    job.finished_at = timezone.now()
    fields = [
        "file",
        "filename",
        "summary",
        "status",
        "progress",
        "error",
        "finished_at",
    ]
    job.save(update_fields=fields)


def fail_job(job: Job, *, error: str, content: bytes = b"", filename: str = "") -> None:
    if content:
        if job.file:
            job.file.delete(save=False)
        job.file.save(filename, ContentFile(content), save=False)
        job.filename = filename
    job.status, job.error, job.finished_at = Job.Status.FAILED, error, timezone.now()
    job.save(
        update_fields=[
            "status",
            "error",
            "finished_at",
            "file",
            "filename",
            "updated_at",
        ]
    )


def run_job(job_id: int, work: Work) -> None:
    """Run `work` for the job as of the day it was requested: claim it, record
    progress, then store its file or a readable error. Safe to call twice for
    the same id."""
    job = _claim(job_id)
    if job is None:
        return
    try:
        with unit_of_work(), clock.as_of(job.as_of):
            output = work(job, _set_progress(job))
    except JobFailed as failure:
        fail_job(
            job, error=str(failure), content=failure.content, filename=failure.filename
        )
    except SoftTimeLimitExceeded:
        fail_job(
            job, error=_("The job took too long and was stopped. Please try again.")
        )
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        fail_job(job, error=_("The job failed: %(reason)s") % {"reason": exc})
    else:
        complete_job(job, output)
