"""Checking an uploaded dossier scan by its content: a PDF, or a photo (JPEG,
PNG, HEIC) converted to a downscaled JPEG by the member photo's image handling.
Anything else, or anything over 10 MB as received, is refused. The upload is
read from the temporary file it was streamed to, never whole into memory."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from members.images import process_image
from organizations.uploads import MAX_UPLOAD_BYTES, size_of


def check_upload(upload: File) -> tuple[File, str, str]:
    """The file to store, its extension and its content type."""
    if size_of(upload) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    if upload.read(5) == b"%PDF-":
        upload.seek(0)
        try:
            pages = len(PdfReader(upload).pages)
        except (PyPdfError, ValueError, OSError):
            pages = 0
        if not pages:
            raise ValidationError(_("This PDF file is damaged or empty."))
        upload.seek(0)
        return upload, ".pdf", "application/pdf"
    upload.seek(0)
    try:
        picture = process_image(upload, max_side=2000)
    except ValidationError as error:
        if error.code == "too_many_pixels":
            raise
        raise ValidationError(
            _("Send a scan as PDF or a photo (JPEG, PNG or HEIC).")
        ) from None
    return ContentFile(picture), ".jpg", "image/jpeg"
