"""Private files (dossier scans, photos, rendered documents) leave the registry
only through here, after the access layer has let the user see them.

Behind nginx (`PRIVATE_FILES_ACCEL_PREFIX`, e.g. `/protected/`), the
application answers with an `X-Accel-Redirect` header and nginx sends the
bytes from an `internal` location, so a gunicorn worker is not held for the
length of a download over a slow mountain connection. Without it the
application streams the file itself.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header


def private_file_response(
    file: FieldFile,
    *,
    filename: str,
    as_attachment: bool,
    content_type: str | None = None,
) -> HttpResponseBase:
    prefix = settings.PRIVATE_FILES_ACCEL_PREFIX
    response: HttpResponseBase
    if not prefix:
        response = FileResponse(
            file.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    else:
        guessed, _ = mimetypes.guess_type(filename)
        response = HttpResponse(
            content_type=content_type or guessed or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(str(file.name))
        if disposition := content_disposition_header(as_attachment, filename):
            response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response
