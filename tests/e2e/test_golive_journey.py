"""Going live through the browser: the organization committee's staff open
the going-live page from the member import, upload a sheet with a mistake,
read the row error and the marked copy, upload it corrected, and find the
targets imported."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from candidates.models import AdmissionTarget
from organizations import clock

from .test_member_journeys import PHONE, log_in, menu

pytestmark = pytest.mark.django_db(transaction=True)


def test_targets_imported_from_the_phone_after_a_correction(
    demo_server, page: Page, artifacts, documents_in_process, tmp_path
):
    base = demo_server.url
    year = clock.today().year + 1
    page.set_viewport_size(PHONE)
    log_in(page, base, "btc")
    menu(page, "Đảng viên")
    page.get_by_role("link", name="Nhập từ tệp").click()
    page.get_by_role(
        "link", name="Bắt đầu sử dụng: nhập chỉ tiêu, hồ sơ dự bị và quần chúng"
    ).first.click()
    expect(
        page.get_by_role("heading", name="Nhập dữ liệu khi bắt đầu sử dụng")
    ).to_be_visible()

    sheet = tmp_path / "chi-tieu.csv"
    sheet.write_text(
        f"Mã tổ chức,Năm,Chỉ tiêu kết nạp\nHSP-HOTHAU,{year},mười hai\n",
        encoding="utf-8",
    )
    page.get_by_label("Chỉ tiêu kết nạp năm nay").check()
    page.locator("#id_file").set_input_files(str(sheet))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Dòng 2: Chỉ tiêu kết nạp: ghi một số nguyên")
    with page.expect_download() as download:
        page.locator("#job-download").click()
    copy = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    assert "số nguyên" in str(copy.cell(row=2, column=4).value)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "golive-error-phone.png", full_page=True)

    page.go_back()
    sheet.write_text(
        f"Mã tổ chức,Năm,Chỉ tiêu kết nạp\nHSP-HOTHAU,{year},12\n", encoding="utf-8"
    )
    page.get_by_label("Chỉ tiêu kết nạp năm nay").check()
    page.locator("#id_file").set_input_files(str(sheet))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_role("status")).to_contain_text("Nhập từ tệp: 1 dòng; 1 mới")
    target = AdmissionTarget.objects.get(year=year, organization__code="HSP-HOTHAU")
    assert target.target == 12
    assert target.confirmed_at is not None
