"""The server-side image check for member photos (and, later, dossier scans):
the content must decode as JPEG, PNG or HEIC whatever the file is called; it is
turned upright, converted to JPEG, downscaled and stripped of metadata (phone
photos carry GPS positions)."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

register_heif_opener()

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "HEIF"}


def process_image(data: bytes, *, max_side: int = 1600) -> bytes:
    """A clean JPEG of at most `max_side` pixels a side, or ValidationError."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image) or image
            picture = upright.convert("RGB")
    except Exception:
        raise ValidationError(
            _("This file is not a photo the registry can read (JPEG, PNG or HEIC).")
        ) from None
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(_("Send a JPEG, PNG or HEIC photo."))
    picture.thumbnail((max_side, max_side))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()
