"""The admission dossier through the UI from the login page (Debian's Chromium):
the Hồ Thầu secretary builds it on a phone, org_staff return it for a
correction, the secretary fixes and resubmits it, org_staff appraise it."""

import datetime
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db.models import Count, Q
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from candidates.models import Candidate
from organizations import clock
from organizations.models import Organization

from .test_member_journeys import PHONE, log_in, log_out, menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Typed as a secretary types it on a phone.
TODAY = clock.today().strftime("%d/%m/%Y")


@pytest.fixture
def scans(tmp_path: Path) -> dict[str, Path]:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pdf = tmp_path / "scan.pdf"
    with pdf.open("wb") as handle:
        writer.write(handle)
    photo = tmp_path / "IMG_0042.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1500, 2000), (245, 245, 235)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    return {"pdf": pdf, "photo": photo}


def busiest_cell_of(code: str) -> Organization:
    commune = Organization.objects.get(code=code)
    return (
        Organization.objects.filter(parent=commune, kind="subordinate_cell")
        .annotate(
            officials=Count(
                "members",
                filter=Q(members__status="official", members__end_date__isnull=True),
            )
        )
        .order_by("-officials", "code")
        .first()
    )


def step(page: Page, slug: str) -> None:
    """Follow the page's link to a step: a missing item, a step offered, or
    one kept under "correct or add" once its work is done."""
    link = page.locator(f'main a[href$="/{slug}/"]').first
    if not link.is_visible():
        page.locator("#corrections > summary").click()
    link.click()


def save(page: Page) -> None:
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()


def choose(page: Page, select: str, starts_with: str) -> None:
    """Pick the option whose text starts with `starts_with`."""
    for option in page.locator(f"{select} option").all():
        if option.inner_text().strip().startswith(starts_with):
            page.locator(select).select_option(option.get_attribute("value"))
            return
    raise AssertionError(f"no option {starts_with!r} in {select}")


def upload(page: Page, code: str, path: Path) -> None:
    """Upload a paper from its line under "still missing", which opens the
    upload with that paper chosen; a paper not missing through the general
    upload kept under "correct or add"."""
    missing = page.locator(f'#missing a[href$="upload/?kind={quote(code)}"]')
    if missing.count():
        missing.first.click()
        expect(page.locator("#id_kind option:checked")).to_contain_text(code)
    else:
        page.locator("#corrections > summary").click()
        page.get_by_role("link", name="Tải lên giấy tờ").click()
        choose(page, "#id_kind", f"{code} ")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu giấy tờ.")).to_be_visible()


def test_a_dossier_from_the_phone_to_ready_for_review(
    demo_server, page: Page, artifacts, scans
):
    base = demo_server.url
    cell = busiest_cell_of("HSP-HOTHAU")
    page.set_viewport_size(PHONE)
    log_in(page, base, "hothau")
    menu(page, "Quần chúng ưu tú")
    page.get_by_role("link", name="Thêm quần chúng ưu tú").click()
    page.locator("#id_organization").select_option(str(cell.pk))
    page.locator("#id_full_name").fill("Lù Thị Hoa Mai")
    page.locator("#id_sex").select_option("female")
    page.locator("#id_birth_date").fill("14/7/2001")
    page.locator("#id_ethnicity").select_option(label="Nùng")
    page.locator("#id_cccd").fill("002301077123")
    page.locator("#id_permanent_address").fill("thôn Cóc Cọc, xã Hồ Thầu")
    page.locator("#id_general_education").fill("12/12")
    page.locator("#id_route").select_option("members")
    page.locator("#id_introduced_by").select_option("cell")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm quần chúng ưu tú.")).to_be_visible()
    expect(page.get_by_role("heading", name="Lù Thị Hoa Mai")).to_be_visible()
    page.screenshot(path=artifacts / "candidate-new-360.png", full_page=True)

    # The page leads with the next step, and the upload of a missing paper
    # comes with that paper chosen.
    expect(page.locator("#progress")).to_contain_text("Đã xong 0/")
    expect(page.locator("#next-step")).to_contain_text("Tiếp theo")
    page.locator("#next-step").click()
    page.locator("#id_mentor").select_option(index=1)
    save(page)
    # Done, the step leaves the list and the counter moves on.
    expect(page.locator("#progress")).to_contain_text("Đã xong 1/")
    expect(page.locator("#next-step")).not_to_contain_text("giúp đỡ")
    step(page, "certificate")
    page.locator("#id_training_class").select_option(index=1)
    page.locator("#id_certificate_number").fill("231/CN-TTCT")
    page.locator("#id_certificate_on").fill(TODAY)
    save(page)
    upload(page, "CN-NTVĐ", scans["photo"])
    step(page, "papers")
    page.locator("#id_applied_on").fill(TODAY)
    page.locator("#id_history_on").fill(TODAY)
    save(page)
    upload(page, "1-KNĐ", scans["pdf"])
    upload(page, "2-KNĐ", scans["pdf"])
    step(page, "verification")
    page.locator("#id_relation").select_option("self")
    page.locator("#id_person_name").fill("Lù Thị Hoa Mai")
    page.locator("#id_sent_to").fill("Đảng ủy xã Hồ Thầu")
    page.locator("#id_sent_on").fill(TODAY)
    save(page)
    step(page, "answer")
    page.locator("#id_verification").select_option(index=1)
    page.locator("#id_answered_on").fill(TODAY)
    page.locator("#id_conclusion").fill("Lịch sử chính trị rõ ràng.")
    save(page)
    upload(page, "TTLL", scans["pdf"])
    for option in (1, 2):
        step(page, "introducer")
        page.locator("#id_member").select_option(index=option)
        page.locator("#id_together_since").fill("01012022")
        page.locator("#id_letter_on").fill(TODAY)
        save(page)
        upload(page, "3-KNĐ", scans["photo"])
    step(page, "papers")
    page.locator("#id_opinions_on").fill(TODAY)
    save(page)
    upload(page, "5-KNĐ", scans["pdf"])
    expect(page.locator("#stage")).to_have_text("Đã lấy ý kiến nhận xét")

    step(page, "cell-vote")
    help_text = page.locator("#id_present_helptext").inner_text()
    found = re.search(r"có (\d+) đảng viên", help_text)
    assert found, help_text
    eligible = int(found.group(1))
    page.locator("#id_held_on").fill(TODAY)
    # The resolution's number is mistyped, then put right with a reason.
    page.locator("#id_resolution_number").fill("70-NQ/CB")
    page.locator("#id_present").fill(str(eligible))
    page.locator("#id_votes_for").fill(str(eligible))
    page.locator("#id_votes_against").fill("0")
    save(page)
    step(page, "correct-vote")
    expect(page.locator("#id_resolution_number")).to_have_value("70-NQ/CB")
    page.locator("#id_resolution_number").fill("07-NQ/CB")
    page.locator("#id_reason").fill("Gõ nhầm số nghị quyết")
    save(page)
    expect(page.locator(".timeline")).to_contain_text("Gõ nhầm số nghị quyết")
    upload(page, "6-KNĐ", scans["pdf"])
    step(page, "grassroots-vote")
    page.locator("#id_held_on").fill(TODAY)
    page.locator("#id_resolution_number").fill("15-NQ/ĐU")
    page.locator("#id_committee_members").fill("9")
    page.locator("#id_present").fill("9")
    page.locator("#id_votes_for").fill("8")
    page.locator("#id_votes_against").fill("1")
    save(page)
    upload(page, "8-KNĐ", scans["pdf"])
    expect(page.get_by_text("Còn thiếu")).to_have_count(0)
    step(page, "submit")
    save(page)
    expect(page.locator("#stage")).to_have_text("Đã trình cấp ủy")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "candidate-submitted-360.png", full_page=True)
    log_out(page)

    log_in(page, base, "btc")
    page.goto(f"{base}/candidates/?stage=submitted")
    page.get_by_role("link", name="Lù Thị Hoa Mai").click()
    step(page, "return")
    page.locator("#id_comments").fill("Ảnh lý lịch 2-KNĐ bị mờ, chụp lại.")
    save(page)
    expect(page.locator("#stage")).to_have_text("Trả lại để bổ sung")
    log_out(page)

    log_in(page, base, "hothau")
    menu(page, "Quần chúng ưu tú")
    page.get_by_role("link", name="Lù Thị Hoa Mai").click()
    expect(page.get_by_text("Ảnh lý lịch 2-KNĐ bị mờ, chụp lại.")).to_be_visible()
    upload(page, "2-KNĐ", scans["photo"])
    step(page, "submit")
    save(page)
    log_out(page)

    log_in(page, base, "btc")
    page.goto(f"{base}/candidates/?stage=submitted")
    page.get_by_role("link", name="Lù Thị Hoa Mai").click()
    step(page, "appraise")
    page.locator("#id_note").fill("Đủ điều kiện trình Ban Thường vụ.")
    save(page)
    expect(page.locator("#stage")).to_have_text("Đã thẩm định, chờ xét")
    page.screenshot(path=artifacts / "candidate-appraised.png", full_page=True)

    candidate = Candidate.objects.get(cccd="002301077123")
    assert candidate.stage == "appraised"
    assert candidate.documents.filter(kind__code="2-KNĐ").count() == 2
    actions = list(candidate.log.values_list("action", flat=True))
    assert actions[-4:] == ["return", "document", "resubmit", "appraise"]


def test_a_day_typed_the_vietnamese_way_in_an_english_browser(
    demo_server, browser, artifacts
):
    """Chromium set to English shows its own date input as mm/dd/yyyy; the
    registry's field reads dd/mm/yyyy whatever the browser's language, and
    says the day back in words before it is saved."""
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    base = demo_server.url
    cell = busiest_cell_of("HSP-HOTHAU")
    log_in(page, base, "hothau")
    page.goto(f"{base}/candidates/new/")
    page.locator("#id_organization").select_option(str(cell.pk))
    page.locator("#id_full_name").fill("Sùng Thị Mỷ")
    page.locator("#id_sex").select_option("female")
    page.locator("#id_birth_date").fill("01/12/2000")
    expect(page.locator(".day-row:has(#id_birth_date) + .day-words")).to_have_text(
        "thứ Sáu, 1 tháng 12 năm 2000"
    )
    page.locator("#id_ethnicity").select_option(label="Mông")
    page.locator("#id_cccd").fill("002300077124")
    page.locator("#id_general_education").fill("9/12")
    page.locator("#id_route").select_option("members")
    page.locator("#id_introduced_by").select_option("cell")
    page.screenshot(path=artifacts / "day-typed-en-360.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Sùng Thị Mỷ")).to_be_visible()
    stored = Candidate.objects.get(full_name="Sùng Thị Mỷ", organization=cell)
    assert stored.birth_date == datetime.date(2000, 12, 1)
    expect(page.get_by_text("01/12/2000").first).to_be_visible()
    context.close()
