import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from PIL import Image

from members.images import process_image
from organizations.uploads import MAX_UPLOAD_BYTES, CappedUploadHandler
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def picture(fmt: str, size=(3000, 4000), exif=None) -> bytes:
    image = Image.new("RGB", size, (180, 40, 40))
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "HEIF"])
def test_each_accepted_type_becomes_a_small_jpeg(fmt):
    out = process_image(io.BytesIO(picture(fmt)), max_side=800)
    with Image.open(io.BytesIO(out)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 800
        assert image.size == (600, 800)


def test_gps_and_other_metadata_are_stripped():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (22.0, 44.0, 0.0)}  # GPS position
    out = process_image(io.BytesIO(picture("JPEG", size=(400, 300), exif=exif)))
    with Image.open(io.BytesIO(out)) as image:
        assert not image.getexif()


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"%PDF-1.4 not an image",
        b"",
    ],
)
def test_other_content_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError, match="JPEG, PNG hoặc HEIC"):
        process_image(io.BytesIO(content))


def test_too_large_is_refused():
    with pytest.raises(ValidationError, match="10 MB"):
        process_image(io.BytesIO(b"\xff\xd8" + b"0" * (10 * 1024 * 1024)))


def test_upload_and_scoped_download(
    org_tree, hothau_secretary, namdich_secretary, viewer, client_as
):
    member = MemberFactory(organization=org_tree.hothau_village)
    url = reverse("members:photo_upload", args=[member.pk])
    heic = SimpleUploadedFile("IMG_0001.HEIC", picture("HEIF", size=(1200, 1600)))
    response = client_as(hothau_secretary).post(url, {"photo": heic})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.endswith(".jpg")
    photo_url = reverse("members:photo", args=[member.pk])
    served = client_as(viewer).get(photo_url)
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    assert client_as(namdich_secretary).get(photo_url).status_code == 404
    assert client_as(viewer).post(url, {"photo": heic}).status_code == 403
    fake = SimpleUploadedFile("anh.jpg", b"<html><body>not a photo</body></html>")
    refused = client_as(hothau_secretary).post(url, {"photo": fake})
    assert refused.status_code == 200
    assert "JPEG, PNG hoặc HEIC" in refused.content.decode()
    member.refresh_from_db()
    assert member.photo.name.endswith(".jpg")


def png_header(width: int, height: int) -> bytes:
    """A PNG that announces its size and nothing else: a decompression bomb's
    header, enough for any reader to learn how much memory it would take."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


@pytest.mark.parametrize("side", [7072, 13000, 100_000])
def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(side):
    with pytest.raises(ValidationError, match="50 triệu điểm ảnh"):
        process_image(io.BytesIO(png_header(side, side)))


def test_a_bomb_sent_as_a_photo_or_a_scan_is_refused_with_a_message(
    org_tree, hothau_secretary, client_as
):
    member = MemberFactory(organization=org_tree.hothau_village)
    bomb = SimpleUploadedFile("bom.png", png_header(13000, 13000))
    url = reverse("members:photo_upload", args=[member.pk])
    refused = client_as(hothau_secretary).post(url, {"photo": bomb})
    assert refused.status_code == 200
    assert "50 triệu điểm ảnh" in refused.content.decode()
    member.refresh_from_db()
    assert not member.photo


def test_uploads_are_streamed_to_disk_and_capped():
    handler = CappedUploadHandler()
    handler.new_file("file", "big.jpg", "image/jpeg", None)
    chunk = b"\xff" * (1024 * 1024)
    for start in range(0, 12 * len(chunk), len(chunk)):
        handler.receive_data_chunk(chunk, start)
    upload = handler.file_complete(12 * len(chunk))
    assert isinstance(upload, TemporaryUploadedFile)
    assert upload.size == 12 * len(chunk)
    assert os.path.getsize(upload.temporary_file_path()) == MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError, match="10 MB"):
        process_image(upload)
