"""Through the UI from the login page, in Debian's Chromium, on a phone-sized screen."""

import pytest
from playwright.sync_api import Page, expect

from candidates.models import Candidate, Stage
from organizations import clock
from organizations.models import Organization
from organizations.text import day_label

# The demo is committed once for the package (conftest); each journey's own
# reads run in a transaction that sees what the server threads commit.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/login/?next=/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()


def test_hothau_secretary_opens_the_commune_page_on_a_phone(
    demo_server, page: Page, artifacts
):
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "hothau")
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
    # What she must do comes first, the figures after it.
    first = page.locator("#whats-next").bounding_box()
    figures = page.locator("#fig-members").bounding_box()
    assert first is not None
    assert figures is not None
    assert first["y"] < figures["y"]
    expect(page.locator("#fig-grassroots")).to_have_text("1")
    members_today = int(page.locator("#fig-members").inner_text().replace(".", ""))
    assert members_today > 0
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "hothau-dashboard-360.png", full_page=True)

    page.get_by_role("link", name="Đảng bộ xã Hồ Thầu").click()
    expect(page.get_by_role("heading", name="Đảng bộ xã Hồ Thầu")).to_be_visible()
    expect(page.get_by_text("Triệu Tiến Lâm (Bí thư)")).to_be_visible()
    expect(page.locator("#fig-members")).to_have_text(
        f"{members_today:,}".replace(",", ".")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "hothau-commune-360.png", full_page=True)

    page.get_by_label("Tính đến ngày").fill("31/12/2018")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(
        f"{demo_server.url}/members/organizations/{page.url.split('/')[-2]}/?as_at=31%2F12%2F2018"
    )
    assert (
        int(page.locator("#fig-members").inner_text().replace(".", "")) <= members_today
    )


def test_the_next_step_button_from_the_dashboard_to_a_finished_step(
    demo_server, page: Page, artifacts
):
    """The secretary starts from what she must do and ends with the step
    recorded: dashboard, the list of what is next, the candidate, the one
    primary button, its form, the dossier a step further."""
    page.set_viewport_size(PHONE)
    waiting = (
        Candidate.objects.filter(
            organization__path__startswith=_path("HSP-HOTHAU"),
            status=Candidate.Status.ACTIVE,
            stage=Stage.CLASS_DONE,
            applied_on__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    assert waiting is not None
    log_in(page, demo_server.url, "hothau")
    page.locator("#whats-next").click()
    page.get_by_role("link", name=waiting.full_name).first.click()
    expect(page.get_by_role("heading", name=waiting.full_name)).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("Đã xong 2/8 bước")
    button = page.locator("#next-step")
    expect(button).to_contain_text("1-KNĐ")
    page.screenshot(path=artifacts / "next-step-360.png", full_page=True)
    button.click()
    # Typed on the phone's number keys, which have no slash.
    today = clock.today()
    page.locator("#id_applied_on").fill(today.strftime("%d%m%Y"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=waiting.full_name)).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Đã ghi")
    expect(page.locator("#next-step")).not_to_contain_text("Ghi đơn xin vào Đảng")
    expect(page.get_by_text(day_label(today)).first).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.applied_on == today
    page.screenshot(path=artifacts / "next-step-done-360.png", full_page=True)


def _path(code: str) -> str:
    return Organization.objects.get(code=code).path


def test_btc_sees_the_article_figures_as_at_the_end_of_2018(
    demo_server, page: Page, artifacts
):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, demo_server.url, "btc")
    page.get_by_label("Tính đến ngày").fill("31122018")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#fig-members")).to_have_text("5.756")
    expect(page.locator("#fig-grassroots")).to_have_text("73")
    expect(page.locator("#fig-admitted")).to_have_text("205")
    page.screenshot(path=artifacts / "btc-dashboard-2018.png", full_page=True)
    page.get_by_role("link", name="Toàn bộ cây tổ chức").click()
    page.get_by_role("link", name="Đảng bộ xã Nậm Dịch").click()
    expect(page.get_by_role("heading", name="Đảng bộ xã Nậm Dịch")).to_be_visible()


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main a, main button, main summary, header a, header button, header summary')]
  .filter(e => e.offsetParent !== null)
  .filter(e => e.getBoundingClientRect().height < 44)
  .map(e => e.textContent.trim().slice(0, 40))"""


def test_every_tap_target_is_44_px_tall_on_a_phone(demo_server, page: Page):
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "hothau")
    for path in (
        "/",
        "/candidates/",
        "/members/",
        "/members/organizations/",
        "/candidates/recognition/",
        "/members/transfers/",
        "/candidates/classes/",
    ):
        page.goto(f"{demo_server.url}{path}")
        assert page.evaluate(SMALL_TARGETS) == [], path
    page.goto(f"{demo_server.url}/candidates/")
    page.locator("#candidates tbody a").first.click()
    assert page.evaluate(SMALL_TARGETS) == [], page.url


def test_the_committee_staff_pages_have_44_px_targets_too(demo_server, page: Page):
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "btc")
    for path in ("/candidates/meetings/", "/statistics/", "/candidates/targets/"):
        page.goto(f"{demo_server.url}{path}")
        assert page.evaluate(SMALL_TARGETS) == [], path
    page.goto(f"{demo_server.url}/candidates/meetings/")
    page.locator(".cards a").first.click()
    assert page.evaluate(SMALL_TARGETS) == [], page.url
    page.goto(f"{demo_server.url}/candidates/classes/")
    page.locator(".cards a").first.click()
    assert page.evaluate(SMALL_TARGETS) == [], page.url
