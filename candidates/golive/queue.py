"""A going-live sheet as a background job: the upload kept in private
storage, the rows taken through the services by a worker, the result (or
the sheet marked with its errors) on the job's page."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.imports.queue import import_failure, keep_upload, read_upload
from members.tables import TableError
from organizations.models import Job, Organization, User
from organizations.services.jobs import JobFailed, JobOutput, Progress, request_job

from . import SHEETS, run_sheet

GOLIVE_KIND = "golive_import"
GOLIVE_TASK = "candidates.tasks.golive_import_job"
OUTCOMES = {
    "created": gettext_lazy("new"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
}


def request_golive_import(
    upload: UploadedFile,
    *,
    sheet: str,
    organization: Organization,
    dry_run: bool,
    by: User,
) -> Job:
    return request_job(
        kind=GOLIVE_KIND,
        task_name=GOLIVE_TASK,
        organization=organization,
        params={"sheet": sheet, **keep_upload(upload), "dry_run": dry_run},
        by=by,
    )


def golive_from_job(job: Job, progress: Progress) -> JobOutput:
    sheet = SHEETS[job.params["sheet"]]
    filename = job.params["filename"]
    try:
        result = run_sheet(
            sheet,
            filename,
            read_upload(job),
            by=job.requested_by,
            dry_run=bool(job.params.get("dry_run")),
            progress=progress,
        )
    except TableError:
        raise JobFailed(
            _("The file cannot be read as a table (CSV UTF-8 or XLSX).")
        ) from None
    if not result.ok:
        raise import_failure(job, result)
    verb = _("Checked, not imported") if job.params.get("dry_run") else _("Imported")
    counts = ", ".join(
        f"{result.outcomes[key]} {label}" for key, label in OUTCOMES.items()
    )
    report = _("%(verb)s: %(rows)s rows; %(counts)s.") % {
        "verb": verb,
        "rows": len(result.rows),
        "counts": counts,
    }
    return JobOutput(
        report.encode(), f"ket-qua-{filename.rsplit('.', 1)[0]}.txt", report
    )
