"""The monthly review through the UI from the login page (Debian's Chromium):
org_staff prepare the month's meeting and download its dossier; on the day, a
Standing Committee member records attendance and the decisions on a phone;
org_staff lock the meeting and download the numbered decisions; the Hồ Thầu
secretary sees the admission and its ceremony deadline, records the ceremony
and finds the new probationary member."""

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from candidates.models import DecisionRegister, ReviewMeeting
from organizations import clock

from .test_member_journeys import PHONE, log_in, log_out, menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
DESKTOP = {"width": 1280, "height": 900}


def download_text(page: Page, button: str) -> str:
    """Ask for a document, wait on its job page, download it, read it."""
    page.get_by_role("button", name=button).click()
    link = page.locator("#job-download")
    expect(link).to_be_visible()
    with page.expect_download() as caught:
        link.click()
    reader = PdfReader(caught.value.path())
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_months_review_from_agenda_to_ceremony(
    demo_server, page: Page, artifacts, documents_in_process, today_is
):
    meeting = ReviewMeeting.objects.get(status="preparing")
    items = list(meeting.items.select_related("candidate__organization"))
    ours = next(
        i.candidate
        for i in items
        if i.candidate and i.candidate.organization.code.startswith("HSP-HOTHAU")
    )
    page.set_viewport_size(DESKTOP)
    log_in(page, demo_server.url, "btc")
    menu(page, "Xét kết nạp")
    page.get_by_role("link", name=meeting.held_on.strftime("%d/%m/%Y")).click()
    # Put the Hồ Thầu dossier first on the agenda.
    ours_card = page.locator(".agenda > li", has_text=ours.full_name)
    for _step in range([i.candidate for i in items].index(ours)):
        ours_card.get_by_role("button", name="Lên trên").click()
    expect(page.locator(".agenda > li").first).to_contain_text(ours.full_name)
    expect(page.locator(".agenda > li")).to_have_count(len(items))
    register = DecisionRegister.objects.get(year=meeting.held_on.year, book="decisions")
    first = register.next_number
    numbers = [f"{n}-{register.symbol}" for n in range(first, first + len(items))]
    meeting_url = page.url
    # Nothing decided yet: locking is not offered, and the page says why.
    expect(page.locator("#not-lockable")).to_contain_text("Chưa ghi kết luận")
    expect(page.get_by_text("Khóa hội nghị và ban hành quyết định")).to_have_count(0)
    # The organization committee signs its proposal: it takes its number.
    proposals = DecisionRegister.objects.get(year=clock.today().year, book="proposals")
    proposal = f"{proposals.next_number}-{proposals.symbol}"
    page.get_by_role("button", name="Ký tờ trình và lấy số").click()
    expect(page.locator("#proposal")).to_contain_text(proposal)
    dossier = download_text(page, "Hồ sơ hội nghị (PDF)")
    assert "TỜ TRÌNH" in dossier
    assert f"Số {proposal}" in dossier
    for item in items:
        assert item.subject_name in dossier
    log_out(page)

    # The meeting day.
    today_is(meeting.held_on)
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "btv")
    page.goto(meeting_url)
    page.get_by_role("link", name="Ghi thành phần dự họp").click()
    boxes = page.locator("input[name=present]")
    for index in range(8):
        boxes.nth(index).check()
    page.get_by_label("Thư ký hội nghị (ghi và ký biên bản)").select_option(
        label="Nguyễn Văn Bình"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#secretary")).to_contain_text("Nguyễn Văn Bình")
    expect(page.locator("#quorum")).to_contain_text("8/9")
    for index in range(len(items)):
        page.get_by_role("link", name="Ghi kết luận").nth(index).click()
        # Who is present and what it takes, with the votes starting at them.
        expect(page.get_by_text("Có mặt: 8/9 ủy viên")).to_be_visible()
        expect(page.locator("#id_votes_for")).to_have_value("8")
        page.get_by_label("Kết nạp / công nhận").check()
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(".agenda > li").nth(index)).to_contain_text("8 đồng ý")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "btv-meeting-360.png", full_page=True)
    # Locking is the organization committee's: btv is not offered it.
    expect(page.get_by_text("Khóa hội nghị và ban hành quyết định")).to_have_count(0)
    log_out(page)

    page.set_viewport_size(DESKTOP)
    log_in(page, demo_server.url, "btc")
    page.goto(meeting_url)
    # Locking asks first, listing the numbers it will issue.
    page.get_by_text("Khóa hội nghị và ban hành quyết định").click()
    expect(page.locator("#lock")).to_contain_text(numbers[0])
    expect(page.locator("#lock")).to_contain_text(numbers[-1])
    page.screenshot(
        path=artifacts / "btc-meeting-lock-confirm-1280.png", full_page=True
    )
    page.get_by_role("button", name="Xác nhận khóa và ban hành").click()
    expect(page.locator("#status")).to_have_text("Đã khóa")
    expect(page.locator(".agenda > li").first).to_contain_text(
        f"Quyết định {numbers[0]}"
    )
    page.screenshot(path=artifacts / "btc-meeting-locked-1280.png", full_page=True)
    decisions = download_text(page, "Tất cả quyết định (PDF)")
    for number in numbers:
        assert f"Số {number}" in decisions
    assert ours.full_name in decisions
    log_out(page)

    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "hothau")
    news = page.locator("#notifications")
    expect(news).to_contain_text(ours.full_name)
    expect(news).to_contain_text(numbers[0])
    expect(news).to_contain_text("Tổ chức lễ kết nạp chậm nhất ngày")
    page.screenshot(path=artifacts / "hothau-news-360.png", full_page=True)
    news.get_by_role("link", name=ours.full_name, exact=False).first.click()
    # Decided: the ceremony is the next step the page leads with.
    expect(page.locator("#next-step")).to_contain_text("Lễ kết nạp")
    page.locator("#next-step").click()
    page.get_by_label("Ngày tổ chức lễ kết nạp").fill(
        meeting.held_on.strftime("%d/%m/%Y")
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()
    menu(page, "Đảng viên")
    # By CCCD: the demo may have another member of the same name.
    page.get_by_placeholder("Họ tên, số CCCD hoặc số thẻ").fill(ours.cccd)
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name=ours.full_name).first.click()
    expect(page.get_by_role("heading", name=ours.full_name)).to_be_visible()
    expect(page.locator(".badge").first).to_have_text("Dự bị")
    expect(page.locator("main")).to_contain_text(numbers[0])
