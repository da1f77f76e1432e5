from celery import shared_task
from django.utils.translation import gettext as _

from organizations.models import Job
from organizations.services.jobs import JobFailed, JobOutput, Progress, run_job

from .exports import EXPORT_TASK, export_from_job
from .imports import import_members
from .imports.queue import IMPORT_TASK, import_failure, read_upload
from .tables import TableError


def import_from_job(job: Job, progress: Progress) -> JobOutput:
    """The member import as a job: the uploaded file was stored under `path`."""
    filename = job.params["filename"]
    try:
        result = import_members(
            filename,
            read_upload(job),
            by=job.requested_by,
            organization=job.organization,
            dry_run=bool(job.params.get("dry_run")),
            progress=progress,
        )
    except TableError:
        raise JobFailed(
            _("The file cannot be read as a member table (CSV UTF-8 or XLSX).")
        ) from None
    if not result.ok:
        raise import_failure(job, result)
    verb = _("Checked, not imported") if job.params.get("dry_run") else _("Imported")
    report = _(
        "%(verb)s: %(rows)s rows; %(created)s new, %(updated)s updated, "
        "%(unchanged)s unchanged."
    ) % {
        "verb": verb,
        "rows": len(result.rows),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    return JobOutput(
        report.encode(), f"ket-qua-{filename.rsplit('.', 1)[0]}.txt", report
    )


@shared_task(name=IMPORT_TASK)
def import_members_job(job_id: int) -> None:
    run_job(job_id, import_from_job)


@shared_task(name=EXPORT_TASK)
def export_members_job(job_id: int) -> None:
    run_job(job_id, export_from_job)
