"""Checking an uploaded dossier scan by its content: a PDF, or a photo (JPEG,
PNG, HEIC) converted to a downscaled JPEG by the member photo's image handling.
Anything else, or anything over 10 MB as received, is refused."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from members.images import MAX_UPLOAD_BYTES, process_image


def check_upload(data: bytes) -> tuple[bytes, str, str]:
    """The content to store, its extension and its content type."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    if data.startswith(b"%PDF-"):
        try:
            pages = len(PdfReader(io.BytesIO(data)).pages)
        except (PyPdfError, ValueError, OSError):
            pages = 0
        if not pages:
            raise ValidationError(_("This PDF file is damaged or empty."))
        return data, ".pdf", "application/pdf"
    try:
        picture = process_image(data, max_side=2000)
    except ValidationError:
        raise ValidationError(
            _("Send a scan as PDF or a photo (JPEG, PNG or HEIC).")
        ) from None
    return picture, ".jpg", "image/jpeg"
