import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from candidates import services
from candidates.models import Document, DocumentKind

from .conftest import image_bytes, introduce, pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def candidate(org_tree, hothau_secretary):
    return introduce(org_tree.hothau_village, hothau_secretary)


def send(candidate, data, name, by):
    return services.upload_document(
        candidate,
        kind=DocumentKind.objects.get(code="1-KNĐ"),
        upload=ContentFile(data),
        filename=name,
        by=by,
    )


@pytest.mark.parametrize(
    ("name", "data", "stored_type"),
    [
        ("don.pdf", pdf_bytes(), "application/pdf"),
        ("don.jpg", image_bytes("JPEG", (3000, 4000)), "image/jpeg"),
        ("don.png", image_bytes("PNG"), "image/jpeg"),
        ("IMG_0001.HEIC", image_bytes("HEIF"), "image/jpeg"),
    ],
)
def test_each_accepted_type_is_kept(
    candidate, hothau_secretary, name, data, stored_type
):
    document = send(candidate, data, name, hothau_secretary)
    assert document.content_type == stored_type
    stored = document.file.read()
    if stored_type == "image/jpeg":
        with Image.open(io.BytesIO(stored)) as image:
            assert image.format == "JPEG"
            assert max(image.size) <= 2000
    else:
        assert stored == data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("don.pdf", b"<!DOCTYPE html><html><body>gia</body></html>"),
        ("don.jpg", b"<html><script>alert(1)</script></html>"),
        ("hong.pdf", b"%PDF-1.7\nnot really a pdf"),
        ("lon.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)),
    ],
)
def test_other_content_is_refused_and_nothing_kept(
    candidate, hothau_secretary, name, data
):
    with pytest.raises(ValidationError):
        send(candidate, data, name, hothau_secretary)
    assert not Document.objects.exists()


def test_earlier_versions_are_kept(candidate, hothau_secretary):
    send(candidate, pdf_bytes(), "v1.pdf", hothau_secretary)
    send(candidate, image_bytes("JPEG"), "v2.jpg", hothau_secretary)
    names = list(candidate.documents.values_list("original_name", flat=True))
    assert names == ["v2.jpg", "v1.pdf"]


def test_a_decompression_bomb_is_refused_for_its_pixels(candidate, hothau_secretary):
    from tests.members.test_photo import png_header

    with pytest.raises(ValidationError, match="50 triệu điểm ảnh"):
        send(candidate, png_header(13000, 13000), "bom.png", hothau_secretary)
    assert not Document.objects.exists()
