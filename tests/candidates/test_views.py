import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate, DocumentKind
from tests.factories import letters

from .conftest import image_bytes, introduce, pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def candidate(org_tree, hothau_secretary):
    return introduce(org_tree.hothau_village, hothau_secretary)


def test_the_secretary_adds_a_candidate_from_the_form(
    org_tree, hothau_secretary, client_as
):
    from members.models import Ethnicity

    client = client_as(hothau_secretary)
    url = reverse("candidates:create")
    form = client.get(url).content.decode()
    assert "Chi bộ thôn Tân Minh" in form
    assert "Nậm Hồng" not in form
    data = {
        "organization": org_tree.hothau_village.pk,
        "full_name": "Pờ Ly Ngài",
        "sex": "female",
        "birth_date": "12/04/2001",
        "ethnicity": Ethnicity.objects.get(name="La Chí").pk,
        "cccd": "002301001234",
        "religion": "none",
        "religious_role": "none",
        "general_education": "9/12",
        "route": "youth_union",
        "introduced_by": "youth_union",
        "youth_union_member": "on",
        "introduced_on": "01/09/2026",
    }
    response = client.post(url, data)
    candidate = Candidate.objects.get()
    assert response["Location"] == candidate.get_absolute_url()
    page = client.get(candidate.get_absolute_url()).content.decode()
    assert "Pờ Ly Ngài" in page
    assert "CN-NTVĐ" in page  # what is still missing


def test_a_blocked_step_lists_every_reason(candidate, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    url = reverse("candidates:step", args=[candidate.pk, "submit"])
    response = client.post(url, {})
    assert response.status_code == 200
    page = response.content.decode()
    for expected in ("1-KNĐ", "2-KNĐ", "5-KNĐ", "CN-NTVĐ"):
        assert expected in page
    candidate.refresh_from_db()
    assert candidate.stage == "introduced"


def test_upload_from_the_phone_form_and_scoped_download(
    candidate, hothau_secretary, namdich_secretary, viewer, client_as
):
    client = client_as(hothau_secretary)
    url = reverse("candidates:upload", args=[candidate.pk])
    kind = DocumentKind.objects.get(code="1-KNĐ")
    photo = SimpleUploadedFile("IMG_2041.HEIC", image_bytes("HEIF"), "image/heic")
    response = client.post(url, {"kind": kind.pk, "file": photo})
    assert response.status_code == 302
    document = candidate.documents.get()
    download = reverse("candidates:document", args=[document.pk])
    got = client.get(download)
    assert got["Content-Type"] == "image/jpeg"
    assert b"".join(got.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client_as(viewer).get(download).status_code == 200
    assert client_as(namdich_secretary).get(download).status_code == 404
    fake = SimpleUploadedFile(
        "don.pdf", b"<html><body>x</body></html>", "application/pdf"
    )
    response = client.post(url, {"kind": kind.pk, "file": fake})
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert candidate.documents.count() == 1


def test_scope_of_every_candidate_page(
    candidate, hothau_secretary, namdich_secretary, viewer, nobody, org_staff, client_as
):
    upload(candidate, "1-KNĐ", hothau_secretary, pdf_bytes())
    document = candidate.documents.get()
    pages = [
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("candidates:step", args=[candidate.pk, "mentor"]),
        reverse("candidates:upload", args=[candidate.pk]),
        reverse("candidates:document", args=[document.pk]),
    ]
    outsider = client_as(namdich_secretary)
    for url in pages:
        assert outsider.get(url).status_code == 404, url
    reader = client_as(viewer)
    assert reader.get(pages[0]).status_code == 200
    assert reader.get(pages[1]).status_code == 403
    assert reader.post(pages[2], {}).status_code == 403
    assert reader.get(reverse("candidates:create")).status_code == 403
    listing = client_as(nobody).get(reverse("candidates:list"))
    assert list(listing.context["page"].object_list) == []
    assert (
        "Nguyễn Thị Ánh Tuyết"
        in client_as(org_staff).get(reverse("candidates:list")).content.decode()
    )
    assert (
        "Nguyễn Thị Ánh Tuyết"
        not in outsider.get(reverse("candidates:list")).content.decode()
    )
    # The secretary cannot appraise; org_staff cannot appraise what is not submitted.
    appraise = reverse("candidates:step", args=[candidate.pk, "appraise"])
    assert client_as(hothau_secretary).get(appraise).status_code == 403


def test_pause_from_the_page(candidate, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    url = reverse("candidates:step", args=[candidate.pk, "pause"])
    assert client.post(url, {"reason": "work_away", "note": ""}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.pause_reason == "work_away"


def test_the_secretarys_overview_says_what_is_next(
    candidate, org_tree, hothau_secretary, namdich_secretary, client_as
):
    from members.models import Member
    from tests.factories import MemberFactory

    MemberFactory(
        organization=org_tree.hothau_village,
        full_name="Lù Seo Chứ",
        status=Member.Status.PROBATIONARY,
        admission_decision_date=datetime.date(2025, 10, 1),
        ceremony_date=datetime.date(2025, 10, 20),
        official_date=None,
    )
    url = reverse("candidates:overview")
    page = client_as(hothau_secretary).get(url).content.decode()
    assert "Nguyễn Thị Ánh Tuyết" in page
    assert "Phân công đảng viên chính thức giúp đỡ." in page
    assert "Lù Seo Chứ" in page
    assert "Lập hồ sơ dự bị" in page
    other = client_as(namdich_secretary).get(url).content.decode()
    assert "Nguyễn Thị Ánh Tuyết" not in other
    assert "Lù Seo Chứ" not in other


def test_the_overview_asks_the_same_queries_for_ten_candidates_or_thirty(
    org_tree, cell, awareness_class, hothau_secretary, client_as
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import introduce, prepare_for_vote

    client = client_as(hothau_secretary)
    url = reverse("candidates:overview")

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            candidate = introduce(
                org_tree.hothau_village,
                hothau_secretary,
                full_name=f"Người thứ {letters(n)}",
                cccd=f"0023000{n:05d}",
            )
            if n % 3 == 0:
                prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(10, 0)
    few = queries()
    add(20, 10)
    assert queries() == few


@pytest.mark.parametrize("params", [{"stage": "nonsense"}, {"status": "x" * 200}])
def test_a_candidate_filter_that_cannot_be_used_lists_nobody(
    org_tree, hothau_secretary, client_as, params
):
    introduce(org_tree.hothau_village, hothau_secretary, full_name="Hờ Thị Dín")
    client = client_as(hothau_secretary)
    assert "Hờ Thị Dín" in client.get(reverse("candidates:list")).content.decode()
    page = client.get(reverse("candidates:list"), params).content.decode()
    assert "Hờ Thị Dín" not in page
    assert 'id="filter-error"' in page
