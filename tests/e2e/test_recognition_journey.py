"""The path to recognition through the UI from the login page (Debian's
Chromium): after the twelve months, the Hồ Thầu secretary records the cell's
vote and the grassroots committee's resolution on a phone, uploads the forms
and proposes recognition; org_staff return it for a correction, the secretary
resubmits, org_staff appraise it as ready for the Standing Committee."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from candidates.models import Recognition, RecognitionStage
from members.due import probation_end
from organizations.models import Organization

from .test_candidate_journey import save, step, upload
from .test_member_journeys import PHONE, log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
R = RecognitionStage
WAITING = [R.CLASS_DONE, R.SELF_REVIEW, R.REMARKS, R.OPINIONS]


def the_file_due_first() -> Recognition:
    """The Hồ Thầu probation file whose twelve months end first, among those
    past the new-member class and not yet proposed."""
    hothau = Organization.objects.get(code="HSP-HOTHAU")
    files = Recognition.objects.filter(
        member__organization__path__startswith=hothau.path, stage__in=WAITING
    ).select_related("member")
    return min(files, key=lambda f: probation_end(f.member))


def test_a_probation_file_from_the_phone_to_ready_for_review(
    demo_server, page: Page, artifacts, today_is, tmp_path: Path
):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scan = tmp_path / "scan.pdf"
    with scan.open("wb") as handle:
        writer.write(handle)
    file = the_file_due_first()
    name, ends = file.member.full_name, probation_end(file.member)
    # Three days after the twelve months end, the cell meets.
    day = ends + datetime.timedelta(days=3)
    today_is(day)
    base = demo_server.url

    page.set_viewport_size(PHONE)
    log_in(page, base, "hothau")
    page.get_by_role(
        "link", name="Hồ sơ đề nghị công nhận đảng viên chính thức"
    ).click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    if file.stage != R.OPINIONS:
        step(page, "papers")
        for field, before in (
            ("#id_self_review_on", 6),
            ("#id_remarks_on", 5),
            ("#id_opinions_on", 4),
        ):
            page.locator(field).fill(
                (day - datetime.timedelta(days=before)).isoformat()
            )
        save(page)
        for code in ("10-KNĐ", "11-KNĐ", "12-KNĐ"):
            upload(page, code, scan)

    step(page, "cell-vote")
    help_text = page.locator("#id_present_helptext").inner_text()
    found = re.search(r"có (\d+) đảng viên", help_text)
    assert found, help_text
    eligible = int(found.group(1))
    page.locator("#id_held_on").fill(day.strftime("%d/%m/%Y"))
    page.locator("#id_resolution_number").fill("11-NQ/CB")
    page.locator("#id_present").fill(str(eligible))
    page.locator("#id_votes_for").fill(str(eligible))
    page.locator("#id_votes_against").fill("0")
    save(page)
    upload(page, "13-KNĐ", scan)
    step(page, "grassroots-vote")
    page.locator("#id_held_on").fill(day.strftime("%d/%m/%Y"))
    page.locator("#id_resolution_number").fill("21-NQ/ĐU")
    page.locator("#id_committee_members").fill("9")
    page.locator("#id_present").fill("9")
    page.locator("#id_votes_for").fill("9")
    page.locator("#id_votes_against").fill("0")
    save(page)
    upload(page, "15-KNĐ", scan)
    expect(page.get_by_text("Còn thiếu")).to_have_count(0)
    step(page, "submit")
    save(page)
    expect(page.locator("#stage")).to_have_text("Đã đề nghị cấp ủy")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "recognition-proposed-360.png", full_page=True)
    log_out(page)

    log_in(page, base, "btc")
    page.get_by_role(
        "link", name="Hồ sơ đề nghị công nhận đảng viên chính thức"
    ).click()
    page.get_by_role("link", name=name).click()
    step(page, "return")
    page.locator("#id_comments").fill("Bản tự kiểm điểm 10-KNĐ chưa có chữ ký.")
    save(page)
    expect(page.locator("#stage")).to_have_text("Trả lại để bổ sung")
    log_out(page)

    log_in(page, base, "hothau")
    page.get_by_role(
        "link", name="Hồ sơ đề nghị công nhận đảng viên chính thức"
    ).click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_text("Bản tự kiểm điểm 10-KNĐ chưa có chữ ký.")).to_be_visible()
    upload(page, "10-KNĐ", scan)
    step(page, "submit")
    save(page)
    log_out(page)

    log_in(page, base, "btc")
    page.get_by_role(
        "link", name="Hồ sơ đề nghị công nhận đảng viên chính thức"
    ).click()
    page.get_by_role("link", name=name).click()
    step(page, "appraise")
    page.locator("#id_note").fill("Đủ điều kiện trình Ban Thường vụ.")
    save(page)
    expect(page.locator("#stage")).to_have_text("Đã thẩm định, chờ xét")
    page.screenshot(path=artifacts / "recognition-appraised-1280.png", full_page=True)
    file.refresh_from_db()
    assert file.stage == R.APPRAISED
    actions = list(file.log.values_list("action", flat=True))
    assert actions[-5:] == ["submit", "return", "document", "resubmit", "appraise"]
