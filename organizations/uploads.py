"""Uploads are streamed to a temporary file on disk and checked there, never
read whole into memory; the registry takes no file over MAX_UPLOAD_BYTES."""

from typing import IO, Any

from django.core.files.uploadhandler import TemporaryFileUploadHandler

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Writes each file to disk, keeping at most one byte more than the
    registry accepts: a larger file is then refused by its size, with the
    form's message, without filling the disk first."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = MAX_UPLOAD_BYTES + 1 - self.kept
        if room > 0:
            self.file.write(raw_data[:room])
            self.kept += min(room, len(raw_data))


def size_of(source: IO[bytes]) -> int:
    """The size of an open file, which is left at its start."""
    source.seek(0, 2)
    size = source.tell()
    source.seek(0)
    return size
