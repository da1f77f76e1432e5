from celery import shared_task

from organizations.services.jobs import run_job

from .documents.kinds import DOCUMENTS_TASK, build_document
from .services.reminders import send_due_reminders
from .statistics.files import STATISTICS_TASK, build_statistics


# A meeting dossier of a busy month renders in seconds; the limits stop a
# runaway layout without killing an honest large one.
@shared_task(name=DOCUMENTS_TASK, acks_late=True, soft_time_limit=240, time_limit=300)
def render_document(job_id: int) -> None:
    run_job(job_id, build_document)


@shared_task(name=STATISTICS_TASK, acks_late=True, soft_time_limit=240, time_limit=300)
def render_statistics(job_id: int) -> None:
    run_job(job_id, build_statistics)


@shared_task(name="reports.tasks.send_reminders")
def send_reminders() -> int | None:
    return send_due_reminders()
