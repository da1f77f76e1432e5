import time

from celery import Task, shared_task
from django.conf import settings

from .models import Job
from .services.broker import MAIL_TASK, sweep
from .services.health import mark_primary, note_worker_heartbeat
from .services.jobs import JobOutput, Progress, run_job
from .services.notifications import MailNotSent, send_notification_mail

SELFTEST_KIND = "selftest"
SELFTEST_TASK = "organizations.tasks.run_selftest_job"


def build_selftest_file(job: Job, progress: Progress) -> JobOutput:
    """The test job kind: proves a worker can take a job, report progress and store
    a file. Parameters: `steps` (how many), `delay` (seconds each), `fail` (bool)."""
    steps = int(job.params.get("steps", 3))
    lines = []
    for step in range(1, steps + 1):
        time.sleep(float(job.params.get("delay", 0)))
        lines.append(f"Bước {step}/{steps}: xong")
        progress(step * 100 // steps)
    if job.params.get("fail"):
        raise RuntimeError("lỗi thử nghiệm")
    return JobOutput("\n".join(lines).encode(), f"kiem-tra-{job.pk}.txt", lines[-1])


@shared_task(name=SELFTEST_TASK)
def run_selftest_job(job_id: int) -> None:
    run_job(job_id, build_selftest_file)


@shared_task(name=MAIL_TASK, bind=True, max_retries=8)
def mail_notification(self: Task, notification_id: int) -> None:
    try:
        send_notification_mail(notification_id)
    except MailNotSent as exc:
        if self.request.is_eager:
            # In-process (the embedded default), the sweeper tries again later;
            # retrying here would only hold up the request.
            return
        # 30 s, 1 min, 2 min … up to 20 minutes between attempts: less than
        # the sweeper's BROKER_REDISPATCH_AFTER, so it leaves a retried mail to
        # its task, and takes it up again once the task has given up.
        countdown = min(20 * 60, 30 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="organizations.tasks.sweep")
def sweep_waiting_work() -> int:
    return sweep()


@shared_task(name="organizations.tasks.heartbeat", bind=True)
def heartbeat(self: Task, queue: str) -> None:
    note_worker_heartbeat(queue, self.request.hostname or "")
    if queue == settings.CELERY_TASK_DEFAULT_QUEUE:
        mark_primary()
