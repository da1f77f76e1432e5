"""The server-side image check for member photos and dossier scans: the content
must decode as JPEG, PNG or HEIC whatever the file is called, within a bound
in pixels as well as in bytes; it is turned upright, converted to JPEG,
downscaled and stripped of metadata (phone photos carry GPS positions)."""

import io
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from organizations.uploads import MAX_UPLOAD_BYTES, size_of

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "HEIF"}
# The largest phone cameras make 50 megapixels. A small file that claims more
# is a decompression bomb: a 164 KB PNG of 13,000 × 13,000 pixels decodes into
# a gigabyte.
MAX_PIXELS = 50_000_000


class _TooManyPixels(Exception):
    pass


def process_image(source: IO[bytes], *, max_side: int = 1600) -> bytes:
    """A clean JPEG of at most `max_side` pixels a side, or ValidationError.
    `source` is an open file (an upload streamed to disk); it is read from
    disk as the decoder needs it."""
    if size_of(source) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture, kind = _decode(source, max_side)
    except (
        _TooManyPixels,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(
            _("The photo has more than 50 million pixels; send a smaller one."),
            code="too_many_pixels",
        ) from None
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


def _decode(source: IO[bytes], max_side: int) -> tuple[Image.Image, str | None]:
    with Image.open(source) as probe:
        kind = probe.format
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise _TooManyPixels
        probe.verify()
    source.seek(0)
    with Image.open(source) as image:
        # A JPEG decodes straight at a half, quarter or eighth of its size.
        image.draft("RGB", (max_side, max_side))
        upright = ImageOps.exif_transpose(image) or image
        return upright.convert("RGB"), kind
