from celery import shared_task

from organizations.jobs import run_job

from .documents.kinds import DOCUMENTS_TASK, build_document


@shared_task(name=DOCUMENTS_TASK)
def render_document(job_id: int) -> None:
    run_job(job_id, build_document)
