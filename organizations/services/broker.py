"""Handing work to the Celery broker without ever losing it.

The row that asks for the work (a job, a notification's mail) is written
first; the task is handed to the broker once the transaction commits. When the
broker cannot be reached the request still succeeds: the row stays marked as
not handed over, and the sweeper (beat, every minute, or the next look at a
job's page) hands it over once the broker answers. A task may therefore reach
a worker twice; every task here claims its row before it works, so the second
delivery finds nothing to do.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from ..models import Job, Notification

logger = logging.getLogger(__name__)

MAIL_TASK = "organizations.tasks.mail_notification"

# How long a commit may take to hand over its own task before the sweeper does.
HANDOVER_GRACE = timedelta(seconds=30)
# A mail refused this many times (an address that does not exist, a server
# that refuses us) is left with its error for an administrator to read.
MAIL_GIVE_UP_AFTER = 30


def send_task(name: str, args: Sequence[Any], *, queue: str = "default") -> bool:
    """Hand the task to the broker; False, with a log line, when it is down."""
    # apply_async on the registered task (not send_task) so that the embedded
    # default's eager mode runs it in-process.
    task = current_app.tasks[name]
    try:
        task.apply_async(args=tuple(args), queue=queue)
    except (OperationalError, ConnectionError, TimeoutError) as exc:
        logger.warning(
            "broker unavailable, %s%s left for the sweeper: %s", name, args, exc
        )
        return False
    return True


def dispatch_job(job_id: int) -> bool:
    """Hand the job's task to the broker; False only when the broker could not
    be reached (a job finished meanwhile needs nothing)."""
    job = Job.objects.filter(
        pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).first()
    if job is None:
        return True
    if not send_task(job.task_name, [job.pk], queue=job.queue):
        return False
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now())
    return True


def dispatch_mail(notification_id: int) -> bool:
    if not send_task(MAIL_TASK, [notification_id]):
        return False
    Notification.objects.filter(pk=notification_id).update(
        mail_queued_at=timezone.now()
    )
    return True


def _redispatch_after() -> timedelta:
    # A message the broker lost (Redis restarted without its data) is sent
    # again after this; longer than any task may run, so a job still running
    # is never taken for lost.
    return timedelta(seconds=settings.BROKER_REDISPATCH_AFTER)


def waiting_jobs() -> QuerySet[Job]:
    """Unfinished jobs the broker has not got: never handed over, or handed
    over so long ago that the message must have been lost."""
    now, again = timezone.now(), _redispatch_after()
    never = Q(dispatched_at__isnull=True, created_at__lte=now - HANDOVER_GRACE)
    lost = Q(dispatched_at__lte=now - again) & (
        Q(status=Job.Status.QUEUED)
        | Q(status=Job.Status.RUNNING, started_at__lte=now - again)
    )
    return Job.objects.filter(
        Q(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]) & (never | lost)
    )


def waiting_mails() -> QuerySet[Notification]:
    now = timezone.now()
    never = Q(mail_queued_at__isnull=True, created_at__lte=now - HANDOVER_GRACE)
    lost = Q(mail_queued_at__lte=now - _redispatch_after())
    return Notification.objects.filter(
        never | lost, mail_sent_at__isnull=True, mail_attempts__lt=MAIL_GIVE_UP_AFTER
    ).exclude(mail_to="")


def hand_over_if_waiting(job: Job) -> bool:
    """The sweeper's work for one job, done when someone looks at it; True
    when it was handed over now."""
    return waiting_jobs().filter(pk=job.pk).exists() and dispatch_job(job.pk)


def sweep(limit: int = 200) -> int:
    """Hand every waiting job and mail to the broker; how many were handed."""
    handed = 0
    for job_id in (
        waiting_jobs().order_by("created_at").values_list("pk", flat=True)[:limit]
    ):
        if not dispatch_job(job_id):
            return handed
        handed += 1
    mails = waiting_mails().order_by("created_at").values_list("pk", flat=True)
    for notification_id in mails[:limit]:
        if not dispatch_mail(notification_id):
            return handed
        handed += 1
    return handed
