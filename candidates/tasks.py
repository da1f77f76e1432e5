from celery import shared_task

from organizations.services.jobs import run_job

from .golive.queue import GOLIVE_TASK, golive_from_job


@shared_task(name=GOLIVE_TASK)
def golive_import_job(job_id: int) -> None:
    run_job(job_id, golive_from_job)
