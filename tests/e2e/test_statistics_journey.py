"""The district's statistics and targets, through the UI from the login page:
the article's 2018 on a desk, the PDF of that year, and the same pages on a
phone without sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from .test_member_journeys import PHONE, log_in, menu
from .test_review_journey import DESKTOP, download_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def row_value(page: Page, table: str, key: str) -> str:
    return page.locator(f"#{table} tr[data-key='{key}'] td.num").first.inner_text()


def test_btc_reads_the_2018_statistics_and_prints_them(
    demo_server, page: Page, artifacts, documents_in_process
):
    page.set_viewport_size(DESKTOP)
    log_in(page, demo_server.url, "btc")
    menu(page, "Thống kê")
    page.get_by_label("Năm", exact=True).fill("2018")
    page.get_by_label("Kỳ báo cáo").select_option("year")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("#statistics-heading")).to_contain_text("Năm 2018")
    assert row_value(page, "table-members-summary", "total") == "5.756"
    assert row_value(page, "table-organizations-organizations", "grassroots") == "73"
    assert row_value(page, "table-movements-movements", "admitted") == "205"
    charts = page.locator("figure.bars")
    assert charts.count() >= 8
    expect(charts.first.locator("rect").first).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=artifacts / "statistics-2018-1280.png", full_page=True)

    text = download_text(page, "Tải báo cáo PDF")
    assert "BÁO CÁO THỐNG KÊ ĐẢNG VIÊN VÀ TỔ CHỨC ĐẢNG" in text
    assert "Năm 2018 (từ 01/01/2018 đến 31/12/2018)" in text
    assert "Đảng viên 5.756" in text
    assert "Tổ chức cơ sở đảng 73" in text


def test_the_statistics_and_the_targets_on_a_phone(demo_server, page: Page, artifacts):
    page.set_viewport_size(PHONE)
    log_in(page, demo_server.url, "btc")
    page.goto(f"{demo_server.url}/statistics/?year=2018&span=1")
    expect(page.locator("#statistics-heading")).to_contain_text("6 tháng đầu năm 2018")
    expect(page.locator("figure.bars").first).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=artifacts / "statistics-2018-h1-360.png", full_page=True)

    page.goto(f"{demo_server.url}/candidates/targets/")
    expect(page.locator("#targets-table")).to_be_visible()
    expect(page.locator("#sum-target")).not_to_have_text("0")
    first = page.locator("#targets-table tbody tr").first
    expect(first).to_have_class("short")
    expect(first.locator("td[data-label='Còn thiếu']")).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=artifacts / "targets-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_server.url}/candidates/targets/")
    header = page.locator("#targets-table thead")
    header.get_by_role("link", name="Tổ chức đảng").click()
    expect(page).to_have_url(
        f"{demo_server.url}/candidates/targets/?year=2026&sort=name"
    )
    names = page.locator("#targets-table tbody th[scope='row']").all_inner_texts()
    assert len(names) == 73
    page.screenshot(path=artifacts / "targets-1280.png", full_page=True)
