"""Putting an uploaded member file in the queue: the file is kept in private
storage and the import runs as a background job (members.tasks)."""

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from organizations.models import Job, Organization, User
from organizations.services.jobs import request_job

IMPORT_KIND = "member_import"
IMPORT_TASK = "members.tasks.import_members_job"


def request_member_import(
    upload: UploadedFile, *, organization: Organization, dry_run: bool, by: User
) -> Job:
    """Store the (already content-checked) upload and queue its import."""
    name = upload.name or "import.csv"
    extension = name.rsplit(".", 1)[-1].lower()
    path = default_storage.save(f"imports/{uuid.uuid4().hex}.{extension}", upload)
    return request_job(
        kind=IMPORT_KIND,
        task_name=IMPORT_TASK,
        organization=organization,
        params={"path": path, "filename": name, "dry_run": dry_run},
        by=by,
    )
