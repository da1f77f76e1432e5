"""The organization committee changes the tree through the UI from the login
page: a cell opened and closed with their dates, listed in the history, and a
closure refused while members are on the roll (Debian's Chromium)."""

import pytest
from playwright.sync_api import Page, expect

from organizations.models import Organization

from .test_member_journeys import log_in, menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


def test_staff_open_and_close_a_cell_and_a_closure_in_the_way_is_refused(
    demo_server, page: Page, artifacts
):
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "btc")
    menu(page, "Tổ chức đảng")
    page.get_by_role("link", name="Đảng bộ xã Hồ Thầu").first.click()
    expect(page.get_by_role("heading", name="Đảng bộ xã Hồ Thầu")).to_be_visible()
    page.get_by_text("Thay đổi cây tổ chức").click()
    page.get_by_role("link", name="Thành lập tổ chức trực thuộc").click()
    page.get_by_label("Tên").fill("Chi bộ thôn Pố Hồ Mới")
    page.get_by_label("Mã").fill("HSP-HOTHAU-POHO")
    page.get_by_label("Loại").select_option(label="Chi bộ trực thuộc")
    page.get_by_label("Từ ngày").fill("15/03/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận.")
    history = page.locator("#org-history")
    expect(history).to_contain_text("Chi bộ thôn Pố Hồ Mới")

    page.get_by_role("link", name="Chi bộ thôn Pố Hồ Mới").click()
    expect(page.locator("#org-history")).to_contain_text("15/03/2026")
    page.get_by_text("Thay đổi cây tổ chức").click()
    page.get_by_role("link", name="Giải thể tổ chức").click()
    page.get_by_label("Từ ngày").fill("1/6/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#org-history")).to_contain_text("Giải thể")
    page.screenshot(path=artifacts / "tree-history-360.png", full_page=True)

    hothau = Organization.objects.get(code="HSP-HOTHAU")
    page.goto(f"{demo_server.url}/members/organizations/{hothau.pk}/close/")
    page.get_by_label("Từ ngày").fill("1/6/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Vẫn còn đảng viên sinh hoạt")
    hothau.refresh_from_db()
    assert hothau.closed_on is None
    assert Organization.objects.get(code="HSP-HOTHAU-POHO").closed_on is not None
