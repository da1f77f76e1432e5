"""The organization committee's proposal (tờ trình) and the meeting's minutes
are numbered in books of their own, beside the decisions: the proposal when
it is signed, the minutes when the meeting is locked, signed by the
meeting's secretary and its chair."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from candidates.models import DecisionNumber, ReviewMeeting
from candidates.review.services import decisions, meetings, proposal, registers
from candidates.rules import Blocked
from reports.documents import context as ctx
from reports.documents.render import render_pdf
from reports.documents.requests import request_meeting_document
from tests.factories import UserFactory

from .conftest import decide

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


def text_of(template: str, meeting: ReviewMeeting) -> str:
    meeting = ReviewMeeting.objects.get(pk=meeting.pk)
    pdf = render_pdf(template, ctx.meeting_context(meeting))
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def proposals(org_tree, org_staff):
    return registers.open_register(
        org_tree.district,
        book="proposals",
        year=2026,
        symbol="TTr/BTCHU",
        start_number=7,
        by=org_staff,
    )


@pytest.mark.smoke
def test_each_book_opens_once_a_year_beside_the_others(register, proposals, org_staff):
    assert {r.book for r in type(register).objects.all()} == {
        "decisions",
        "minutes",
        "proposals",
    }
    with pytest.raises(Blocked, match="Sổ Tờ trình năm 2026 đã được mở"):
        registers.open_register(
            register.committee,
            book="proposals",
            year=2026,
            symbol="TTr/BTCHU",
            start_number=1,
            by=org_staff,
        )


def test_the_proposal_takes_its_number_once_when_it_is_signed(
    meeting, proposals, org_staff, standing_member
):
    before = text_of("reports/pdf/meeting_dossier.html", meeting)
    assert "Dự thảo, chưa ký và lấy số" in before
    draft = request_meeting_document(meeting, "meeting_dossier", by=org_staff)
    # The organization committee signs it, not a Standing Committee member.
    with pytest.raises(PermissionDenied):
        proposal.issue_proposal(meeting, by=standing_member)
    with pytest.raises(Blocked, match="không muộn hơn ngày hội nghị"):
        proposal.issue_proposal(meeting, on=D(2026, 11, 26), by=org_staff)
    number = proposal.issue_proposal(meeting, on=D(2026, 11, 20), by=org_staff)
    assert (number.label, number.dated, number.kind) == (
        "7-TTr/BTCHU",
        D(2026, 11, 20),
        DecisionNumber.Kind.PROPOSAL,
    )
    with pytest.raises(Blocked, match="đã được ký và lấy số"):
        proposal.issue_proposal(meeting, by=org_staff)
    signed = text_of("reports/pdf/meeting_dossier.html", meeting)
    assert "Số 7-TTr/BTCHU" in signed
    assert "Hoàng Su Phì, ngày 20 tháng 11 năm 2026" in signed
    assert "Dự thảo" not in signed
    # The dossier asked for before the signature is not the one after it.
    meeting.refresh_from_db()
    after = request_meeting_document(meeting, "meeting_dossier", by=org_staff)
    assert after.pk != draft.pk


def test_no_proposal_without_its_book(meeting, org_staff):
    with pytest.raises(Blocked, match="Hãy mở sổ Tờ trình năm 2026"):
        proposal.issue_proposal(meeting, by=org_staff)
    assert ReviewMeeting.objects.get(pk=meeting.pk).proposal_number is None


def test_locking_takes_the_minutes_number_and_the_minutes_are_signed(
    meeting, committee, register, org_staff
):
    ReviewMeeting.objects.filter(pk=meeting.pk).update(secretary=None)
    meeting.refresh_from_db()
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=5, votes_against=0)
    assert "Hãy chọn thư ký hội nghị" in " ".join(
        str(p) for p in decisions.lock_problems(meeting)
    )
    draft = text_of("reports/pdf/minutes.html", meeting)
    assert "Dự thảo, hội nghị chưa khóa" in draft
    outsider = UserFactory(full_name="Người ngoài")
    with pytest.raises(Blocked, match="Thư ký hội nghị phải là"):
        meetings.set_attendance(
            meeting, present=committee, secretary=outsider, by=org_staff
        )
    meetings.set_attendance(
        meeting, present=committee, secretary=org_staff, by=org_staff
    )
    decisions.lock_meeting(meeting, by=org_staff)
    meeting.refresh_from_db()
    assert meeting.minutes_number.label == "3-BB/HU"
    minutes = text_of("reports/pdf/minutes.html", meeting)
    assert "Số 3-BB/HU" in minutes
    assert f"Thư ký: {org_staff.display_name}" in minutes
    signatures = minutes[minutes.index("THƯ KÝ HỘI NGHỊ") :]
    assert "CHỦ TRÌ HỘI NGHỊ" in signatures
    assert org_staff.display_name in signatures
    assert meeting.chair.display_name in signatures


def test_no_lock_without_the_minutes_book(meeting, committee, org_tree, org_staff):
    registers.open_register(
        org_tree.district, year=2026, symbol="QĐ/HU", start_number=1, by=org_staff
    )
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=5, votes_against=0)
    with pytest.raises(Blocked, match="Hãy mở sổ Biên bản năm 2026"):
        decisions.lock_meeting(meeting, by=org_staff)
    assert not DecisionNumber.objects.exists()
