"""The monthly review through the UI from the login page (Debian's Chromium):
org_staff take a dossier off the next meeting and call a meeting for today,
a Standing Committee member records attendance and the decision on a phone,
org_staff lock the meeting and download the numbered decision as a PDF."""

from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from candidates.models import DecisionRegister, ReviewMeeting
from config.celery import app

from .test_member_journeys import PHONE, log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def documents_in_process() -> Iterator[None]:
    """The live server renders the document itself once the request commits:
    the real worker is tested in tests/candidates/test_review_documents.py."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_a_review_from_agenda_to_numbered_decision(
    demo_server, page: Page, artifacts, documents_in_process
):
    today = timezone.localdate()
    upcoming = ReviewMeeting.objects.get(status="preparing")
    name = upcoming.items.order_by("position").first().subject_name
    register = DecisionRegister.objects.get(year=today.year)
    number = f"{register.next_number}-{register.symbol}"

    log_in(page, demo_server.url, "btc")
    page.get_by_role("link", name="Xét kết nạp", exact=True).click()
    page.get_by_role(
        "link", name=upcoming.held_on.strftime("%d/%m/%Y"), exact=False
    ).click()
    item = page.locator("li", has_text=name).first
    item.get_by_role("button", name="Rút khỏi chương trình").click()
    expect(page.locator(".agenda")).not_to_contain_text(name)
    page.get_by_role("link", name="Ban Thường vụ xét kết nạp").click()
    page.get_by_role("link", name="Hội nghị xét kết nạp mới").click()
    page.get_by_label("Cấp ủy").select_option(value=str(upcoming.committee_id))
    page.get_by_label("Ngày họp").fill(today.isoformat())
    page.get_by_label("Địa điểm").fill("Phòng họp Ban Thường vụ Huyện ủy")
    page.get_by_label("Chủ trì").select_option(label="Hoàng Thị Thu")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".agenda")).to_contain_text(name)
    meeting_url = page.url
    log_out(page)

    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "btv")
    page.goto(meeting_url)
    page.get_by_role("link", name="Ghi thành phần dự họp").click()
    boxes = page.locator("input[name=present]")
    for index in range(8):
        boxes.nth(index).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#quorum")).to_contain_text("8/9")
    page.get_by_role("link", name="Ghi kết luận").first.click()
    page.get_by_label("Kết nạp / công nhận").check()
    page.locator("#id_votes_for").fill("8")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".agenda")).to_contain_text("8 đồng ý")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "btv-meeting-360.png", full_page=True)
    # Locking is for the organization committee: btv is not offered it.
    expect(
        page.get_by_role("button", name="Khóa hội nghị và ban hành quyết định")
    ).to_have_count(0)
    log_out(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, demo_server.url, "btc")
    page.goto(meeting_url)
    page.get_by_role("button", name="Khóa hội nghị và ban hành quyết định").click()
    expect(page.locator("#status")).to_have_text("Đã khóa")
    expect(page.locator(".agenda")).to_contain_text(f"Quyết định {number}")
    page.screenshot(path=artifacts / "btc-meeting-locked-1280.png", full_page=True)
    page.get_by_role("button", name="Quyết định (PDF)").click()
    download_link = page.locator("#job-download")
    expect(download_link).to_be_visible()
    with page.expect_download() as caught:
        download_link.click()
    pdf = PdfReader(caught.value.path())
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert name in text
    assert f"Số {number}" in text
