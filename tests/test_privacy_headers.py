"""Every response that can carry personal data is kept by no cache, and every
page runs only the registry's own scripts and styles (the page crawl in
test_scope_crawl.py checks the pages; this checks files and the open pages)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from candidates.models import DocumentKind
from candidates.services import upload_document
from organizations.tasks import run_selftest_job
from tests.factories import JobFactory, MemberFactory

from .candidates.conftest import introduce, pdf_bytes
from .test_scope_crawl import assert_private

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_open_pages(client):
    for url in (reverse("login"), reverse("healthz")):
        assert_private(client.get(url), url)


def test_files_exports_and_photos(org_tree, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    member = MemberFactory(organization=org_tree.hothau_village)
    photo = SimpleUploadedFile("anh.jpg", _jpeg())
    client.post(reverse("members:photo_upload", args=[member.pk]), {"photo": photo})
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    document = upload_document(
        candidate,
        kind=DocumentKind.objects.get(code="1-KNĐ"),
        upload=ContentFile(pdf_bytes()),
        filename="don.pdf",
        by=hothau_secretary,
    )
    job = JobFactory(
        organization=org_tree.hothau,
        requested_by=hothau_secretary,
        params={"steps": 1},
    )
    run_selftest_job(job.pk)
    for url in (
        reverse("members:photo", args=[member.pk]),
        reverse("candidates:document", args=[document.pk]),
        reverse("members:export") + "?format=csv",
        reverse("members:export") + "?format=xlsx",
        reverse("organizations:job_download", args=[job.pk]),
        reverse("members:detail", args=[member.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response, url)
