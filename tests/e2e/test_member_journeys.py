"""Member registry journeys through the UI from the login page (Debian's Chromium)."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from candidates.models import Candidate
from members.models import Member, Transfer
from members.search import search
from organizations import clock
from organizations.models import Organization
from organizations.text import fold

# The demo is committed once for the package (conftest); each journey's own
# reads run in a transaction that sees what the server threads commit.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def menu(page: Page, name: str) -> None:
    """Open a page from the main menu; on a phone the pages the role opens
    less often are behind "Menu"."""
    links = page.locator("header nav").get_by_role("link", name=name, exact=True)
    if not links.count():
        page.locator("header .nav-more > summary").click()
    links.first.click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Thoát").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def current_member_of(code: str) -> Member:
    members = Member.objects.filter(
        organization__path__startswith=Organization.objects.get(code=code).path,
        end_date__isnull=True,
        status=Member.Status.OFFICIAL,
        exemptions__isnull=True,
        transfers__isnull=True,
    ).order_by("sort_key")
    # A name that finds nobody else in the district, typed without accents.
    current = Member.objects.filter(end_date__isnull=True)
    for member in members:
        if search(current, fold(member.full_name)).count() == 1:
            return member
    raise AssertionError("no member with a unique name")


def test_secretary_finds_a_member_without_accents_and_records_an_exemption(
    demo_server, page: Page, artifacts
):
    member = current_member_of("HSP-HOTHAU")
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "hothau")
    menu(page, "Đảng viên")
    page.get_by_placeholder("Họ tên, số CCCD hoặc số thẻ").fill(fold(member.full_name))
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#member-total")).to_have_text("1 đảng viên hiện tại")
    page.screenshot(path=artifacts / "hothau-search-360.png", full_page=True)
    page.get_by_role("link", name=member.full_name).click()
    expect(page.get_by_role("heading", name=member.full_name)).to_be_visible()
    page.get_by_role("link", name="Miễn công tác và sinh hoạt đảng").click()
    page.get_by_label("Miễn từ ngày").fill(clock.today().strftime("%d/%m/%Y"))
    page.get_by_label("Lý do").fill("Ốm đau điều trị dài ngày")
    page.get_by_label("Sức yếu: bệnh phải điều trị dài ngày").check()
    page.get_by_role("checkbox", name="Có hồ sơ bệnh án").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()
    since = clock.today().strftime("%d/%m/%Y")
    expect(page.locator("p.notice")).to_have_text(
        f"Miễn công tác và sinh hoạt đảng từ {since} (Ốm đau điều trị dài ngày)."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "hothau-exemption-360.png", full_page=True)
    assert member.exemptions.get().reason == "Ốm đau điều trị dài ngày"
    assert member.exemptions.get().ground == "ill"


def test_transfer_from_hothau_to_namdich_is_seen_by_both_sides(
    demo_server, page: Page, artifacts
):
    member = current_member_of("HSP-HOTHAU")
    receiver = (
        Organization.objects.filter(code__startswith="HSP-NAMDICH-")
        .select_related("parent")
        .order_by("code")[0]
    )
    commune = receiver.parent
    assert commune is not None
    base = demo_server.url
    log_in(page, base, "btc")
    page.goto(f"{base}/members/?{urlencode({'q': fold(member.full_name)})}")
    page.get_by_role("link", name=member.full_name).click()
    page.get_by_role("link", name="Chuyển sinh hoạt đảng").click()
    page.get_by_label("Tổ chức đảng nơi đến").select_option(
        label=f"{receiver.name} — {commune.name}"
    )
    page.get_by_label("Ngày giới thiệu").fill(clock.today().strftime("%d/%m/%Y"))
    page.get_by_label("Số giấy giới thiệu").fill("25-GGT/BTC")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(f"Đã giới thiệu đến {receiver.name}")).to_be_visible()
    log_out(page)

    log_in(page, base, "namdich")
    response = page.goto(f"{base}{member.get_absolute_url()}")
    assert response is not None
    assert response.status == 404
    page.goto(f"{base}/")
    menu(page, "Chuyển sinh hoạt")
    page.get_by_role("link", name=member.full_name).click()
    expect(
        page.get_by_text("Hồ sơ đầy đủ được mở sau khi tiếp nhận đảng viên.")
    ).to_be_visible()
    expect(page.get_by_text(member.cccd)).to_have_count(0)
    page.screenshot(path=artifacts / "namdich-transfer-summary.png", full_page=True)
    page.get_by_label("Ngày tiếp nhận").fill(clock.today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Tiếp nhận đảng viên").click()
    expect(page.get_by_text("Đã tiếp nhận đảng viên.")).to_be_visible()
    expect(page.get_by_role("heading", name=member.full_name)).to_be_visible()
    expect(page.get_by_text(member.cccd)).to_be_visible()
    member.refresh_from_db()
    assert member.organization == receiver
    assert Transfer.objects.get(member=member).status == Transfer.Status.RECEIVED


def test_a_member_a_candidate_and_a_list_print_without_menus(
    demo_server, page: Page, artifacts
):
    """Printed from the browser: the record on the page, not the menus,
    buttons and forms around it."""
    base = demo_server.url
    commune = Organization.objects.get(code="HSP-HOTHAU").path
    member = Member.objects.filter(
        organization__path__startswith=commune, end_date__isnull=True
    ).first()
    candidate = Candidate.objects.filter(
        organization__path__startswith=commune, status=Candidate.Status.ACTIVE
    ).first()
    assert member is not None
    assert candidate is not None
    log_in(page, base, "hothau")
    page.emulate_media(media="print")
    for path, kept in (
        (f"/members/{member.pk}/", member.full_name),
        ("/members/", "Họ và tên"),
    ):
        page.goto(f"{base}{path}")
        expect(page.get_by_text(kept).first).to_be_visible()
        expect(page.locator(".topbar")).to_be_hidden()
        for button in page.locator(".button").all():
            expect(button).to_be_hidden()
    page.goto(f"{base}{candidate.get_absolute_url()}")
    expect(page.get_by_role("heading", name=candidate.full_name)).to_be_visible()
    expect(page.locator("#next-step")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    page.pdf(path=artifacts / "candidate-printed.pdf", format="A4")
