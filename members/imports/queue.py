"""Putting an uploaded sheet in the queue: the file is kept in private
storage and the import runs as a background job (members.tasks); a failed
import hands back its errors and the sheet marked with them. The going-live
sheets (candidates/golive) queue the same way."""

import uuid
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from organizations.models import Job, Organization, User
from organizations.services.jobs import JobFailed, request_job

from ..tables import error_copy

IMPORT_KIND = "member_import"
IMPORT_TASK = "members.tasks.import_members_job"
MAX_LISTED_ERRORS = 30


def keep_upload(upload: UploadedFile) -> dict[str, str]:
    """Store the (already content-checked) upload; the job's parameters that
    find it again."""
    name = upload.name or "import.csv"
    extension = name.rsplit(".", 1)[-1].lower()
    path = default_storage.save(f"imports/{uuid.uuid4().hex}.{extension}", upload)
    return {"path": path, "filename": name}


def read_upload(job: Job) -> bytes:
    with default_storage.open(job.params["path"], "rb") as handle:
        return handle.read()


def import_failure(job: Job, result: Any) -> JobFailed:
    """What a job says of an import with row errors: the first of them, and
    the uploaded sheet with an error column to correct and import again."""
    lines = result.error_lines()
    summary = "\n".join(lines[:MAX_LISTED_ERRORS])
    if len(lines) > MAX_LISTED_ERRORS:
        summary += "\n" + _("… and %(count)s more in the file.") % {
            "count": len(lines) - MAX_LISTED_ERRORS
        }
    filename = job.params["filename"]
    return JobFailed(
        _("Nothing was imported: %(rows)s rows have errors.\n%(summary)s")
        % {"rows": len(result.errors), "summary": summary},
        content=error_copy(result.headers, result.rows, result.errors),
        filename=f"loi-{filename.rsplit('.', 1)[0]}.xlsx",
    )


def request_member_import(
    upload: UploadedFile, *, organization: Organization, dry_run: bool, by: User
) -> Job:
    return request_job(
        kind=IMPORT_KIND,
        task_name=IMPORT_TASK,
        organization=organization,
        params={**keep_upload(upload), "dry_run": dry_run},
        by=by,
    )
