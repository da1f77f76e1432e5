"""The committee's documents carry the full header of the issuing body as the
tree stood on the document's date and the signer's title over the name;
nothing a decision prints is left for a placeholder: a field it needs is
asked for before the dossier is submitted, appraised or decided."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from candidates import services
from candidates.models import Candidate, Stage, StageLog
from candidates.pipeline import everything_missing
from candidates.review.services import decisions, meetings
from candidates.rules import Blocked
from organizations.models import Position, Role
from organizations.signers import department_signer, standing_signer
from reports.documents import context as ctx
from reports.documents.issuer import header
from reports.documents.render import render_pdf
from reports.statistics import compute
from reports.statistics.outputs import as_pdf
from reports.statistics.period import Period
from tests.factories import RoleAssignmentFactory, UserFactory

from .conftest import appraised, decide, introduce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.smoke
def test_the_header_names_the_superior_as_the_tree_stood_that_day(org_tree):
    above = header(org_tree.district, D(2026, 11, 20), number="12-QĐ/HU")
    assert above.superior == org_tree.province.name.upper()
    assert above.issuer == "HUYỆN ỦY HOÀNG SU PHÌ"
    assert above.number == "12-QĐ/HU"
    assert above.date_line == "Hoàng Su Phì, ngày 20 tháng 11 năm 2026"
    department = header(org_tree.district, D(2026, 11, 20), department="Ban Tổ chức")
    assert (department.superior, department.issuer) == (
        "HUYỆN ỦY HOÀNG SU PHÌ",
        "BAN TỔ CHỨC",
    )


@pytest.mark.smoke
def test_the_signer_is_the_secretary_or_a_deputy_on_that_day(org_tree, committee):
    district, day = org_tree.district, D(2026, 11, 20)
    secretary = committee[1]
    signer = standing_signer(district, day)
    assert signer is not None
    assert (signer.on_behalf, signer.title, signer.name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        secretary.display_name,
    )
    deputy = RoleAssignmentFactory(
        user=UserFactory(full_name="Phó Bí Thư"),
        organization=district,
        role=Role.STANDING_COMMITTEE,
        position=Position.DEPUTY_SECRETARY,
    ).user
    # The chair signs when secretary or deputy; an ordinary member does not.
    chaired = standing_signer(district, day, chair=deputy)
    assert chaired is not None
    assert (chaired.title, chaired.name) == ("PHÓ BÍ THƯ", "Phó Bí Thư")
    by_member = standing_signer(district, day, chair=committee[2])
    assert by_member is not None
    assert by_member.title == "BÍ THƯ"
    # Before anyone held the post, nobody signs.
    assert standing_signer(district, D(1990, 1, 1)) is None
    assert department_signer(district, day) is None


def test_a_decision_prints_the_full_header_and_its_signer(
    meeting, committee, register, org_staff
):
    meetings.fill_agenda(meeting, by=org_staff)
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=5, votes_against=0)
    decisions.lock_meeting(meeting, by=org_staff)
    number = meeting.items.filter(candidate__isnull=False).get().decision
    text = text_of(
        render_pdf("reports/pdf/decision.html", ctx.decision_context(number))
    )
    lines = [line.strip() for line in text.splitlines()]
    province = meeting.committee.parent.name.upper()
    assert lines.index(province) < lines.index("HUYỆN ỦY HOÀNG SU PHÌ")
    assert f"Số {number.label}" in text
    assert "T/M BAN THƯỜNG VỤ" in text
    assert lines.index("BÍ THƯ") < lines.index(committee[1].display_name)
    assert "thường trú tại thôn Tả Chải, xã Hồ Thầu" in text
    assert "…" not in text


def test_the_proposal_is_signed_by_the_head_of_the_organization_committee(
    meeting, org_tree, org_staff
):
    RoleAssignmentFactory(
        user=UserFactory(full_name="Phan Văn Tùng"),
        organization=org_tree.district,
        role=Role.ORG_STAFF,
        position=Position.HEAD,
    )
    meetings.fill_agenda(meeting, by=org_staff)
    text = text_of(
        render_pdf("reports/pdf/meeting_dossier.html", ctx.meeting_context(meeting))
    )
    assert "BAN TỔ CHỨC\n*" in text or "BAN TỔ CHỨC" in text.splitlines()
    assert "T/M BAN TỔ CHỨC" in text
    assert "TRƯỞNG BAN" in text
    assert "Phan Văn Tùng" in text


@pytest.mark.smoke
def test_no_residence_no_submission_no_appraisal(org_tree, hothau_secretary, org_staff):
    candidate = introduce(
        org_tree.hothau_village, hothau_secretary, permanent_address=""
    )
    problems = " ".join(str(p) for p in everything_missing(candidate))
    assert "nơi thường trú" in problems
    Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.SUBMITTED)
    candidate.refresh_from_db()
    with pytest.raises(Blocked, match="nơi thường trú"):
        services.appraise(candidate, by=org_staff)


def test_locking_is_refused_while_a_decision_would_print_a_gap_or_has_no_signer(
    meeting, committee, register, org_staff, org_tree, hothau_secretary
):
    appraised(
        org_tree.hothau_village,
        hothau_secretary,
        full_name="Thèn Văn Chính",
        cccd="002200007777",
        sex="male",
        permanent_address="",
    )
    meetings.fill_agenda(meeting, by=org_staff)
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=5, votes_against=0)
    committee_row = committee[1].role_assignments.get()
    committee_row.position = Position.MEMBER
    committee_row.save()
    messages = " ".join(str(p) for p in decisions.lock_problems(meeting))
    assert "Thèn Văn Chính" in messages
    assert "nơi thường trú" in messages
    assert "bí thư hoặc phó bí thư" in messages
    with pytest.raises(Blocked):
        decisions.lock_meeting(meeting, by=org_staff)
    assert not meeting.items.filter(decision__isnull=False).exists()


@pytest.mark.smoke
def test_the_secretary_completes_and_corrects_the_details(
    org_tree, hothau_secretary, client_as
):
    candidate = introduce(
        org_tree.hothau_village, hothau_secretary, permanent_address=""
    )
    url = reverse("candidates:step", args=[candidate.pk, "details"])
    page = client_as(hothau_secretary).get(url)
    assert page.context["form"]["full_name"].value() == "Nguyễn Thị Ánh Tuyết"
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None
    }
    data.update(
        birth_date="10/05/2000",
        ethnicity=candidate.ethnicity_id,
        permanent_address="thôn Tả Chải, xã Hồ Thầu",
        reason="",
    )
    filled = client_as(hothau_secretary).post(url, data)
    assert filled.status_code == 302
    candidate.refresh_from_db()
    assert candidate.permanent_address == "thôn Tả Chải, xã Hồ Thầu"
    assert StageLog.objects.filter(candidate=candidate, action="details").exists()
    # A recorded detail changes only with a reason.
    data.update(full_name="Nguyễn Thị Ánh Tuyết Mai")
    refused = client_as(hothau_secretary).post(url, data)
    assert refused.status_code == 200
    assert "lý do" in refused.text
    data.update(reason="Viết sai tên so với CCCD")
    assert client_as(hothau_secretary).post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.full_name == "Nguyễn Thị Ánh Tuyết Mai"
    log = StageLog.objects.get(candidate=candidate, action="correct_details")
    assert "Nguyễn Thị Ánh Tuyết →" in log.note.replace("Họ và tên: ", "")
    assert "Viết sai tên so với CCCD" in log.note


@pytest.mark.smoke
def test_the_statistics_report_is_signed_for_the_organization_committee(
    org_tree, org_staff
):
    RoleAssignmentFactory(
        user=UserFactory(full_name="Phan Văn Tùng"),
        organization=org_tree.district,
        role=Role.ORG_STAFF,
        position=Position.HEAD,
    )
    text = text_of(as_pdf(compute(org_tree.district, Period.year(2026))))
    lines = [line.strip() for line in text.splitlines()]
    assert lines.index("ĐẢNG BỘ TỈNH HÀ GIANG") < lines.index("HUYỆN ỦY HOÀNG SU PHÌ")
    assert lines.index("T/M BAN TỔ CHỨC") < lines.index("TRƯỞNG BAN")
    assert "Phan Văn Tùng" in lines
