import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfWriter

from candidates import services
from candidates.models import (
    AgendaItem,
    Candidate,
    DocumentKind,
    Recognition,
    RecognitionStage,
    ReviewMeeting,
    Stage,
)
from candidates.review.services import decisions, meetings, registers
from members.models import Ethnicity, Member
from organizations.models import Organization, Position, Role
from tests.factories import (
    MemberFactory,
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
    letters,
)

D = datetime.date


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str, size=(1200, 1600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (250, 250, 240)).save(buffer, format=fmt)
    return buffer.getvalue()


@dataclass
class Cell:
    """Hồ Thầu's village cell: ten official members (one probationary more)."""

    officials: list[Member]
    probationary: Member


@pytest.fixture
def cell(org_tree) -> Cell:
    officials = [
        MemberFactory(
            organization=org_tree.hothau_village,
            full_name=f"Đảng viên {letters(n)}",
            admission_decision_date=D(2010, 3, 1),
        )
        for n in range(10)
    ]
    probationary = MemberFactory(
        organization=org_tree.hothau_village,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2026, 3, 1),
        official_date=None,
    )
    return Cell(officials, probationary)


@pytest.fixture
def school(org_tree) -> Organization:
    """A cell under a đảng ủy bộ phận of Hồ Thầu, with three official members."""
    sub = OrganizationFactory(
        code="T-HT-BP",
        name="Đảng ủy bộ phận Trường học",
        kind="sub_committee",
        parent=org_tree.hothau,
    )
    cell = OrganizationFactory(
        code="T-HT-BP-1",
        name="Chi bộ Trường Tiểu học",
        kind="subordinate_cell",
        parent=sub,
    )
    for n in range(3):
        MemberFactory(organization=cell, full_name=f"Giáo viên {letters(n)}")
    return cell


def introduce(org, by, **changes) -> Candidate:
    fields = {
        "full_name": "Nguyễn Thị Ánh Tuyết",
        "sex": "female",
        "birth_date": D(2000, 5, 10),
        "ethnicity": Ethnicity.objects.get(name="Tày"),
        "cccd": "002300001234",
        "permanent_address": "thôn Tả Chải, xã Hồ Thầu, huyện Hoàng Su Phì",
        "general_education": "12/12",
        "route": "members",
        "introduced_by": "cell",
        "introduced_on": D(2025, 1, 10),
    }
    fields.update(changes)
    return services.introduce_candidate(org, by=by, **fields)


def upload(candidate, code, by, content=None) -> None:
    services.upload_document(
        candidate,
        kind=DocumentKind.objects.get(code=code),
        upload=ContentFile(content or pdf_bytes()),
        filename=f"{code}.pdf",
        by=by,
    )


def prepare_for_vote(candidate, cell, awareness_class, by) -> Candidate:
    """Everything up to the opinions, recorded through the services."""
    services.assign_mentor(candidate, cell.officials[0], by=by)
    services.record_certificate(
        candidate,
        training_class=awareness_class,
        certificate_number="125/CN",
        certificate_on=D(2025, 3, 20),
        by=by,
    )
    upload(candidate, "CN-NTVĐ", by)
    services.record_papers(
        candidate, {"applied_on": D(2025, 4, 1), "history_on": D(2025, 4, 5)}, by=by
    )
    upload(candidate, "1-KNĐ", by)
    upload(candidate, "2-KNĐ", by, image_bytes("JPEG"))
    verification = services.add_verification(
        candidate,
        relation="self",
        person_name=candidate.full_name,
        sent_to="Đảng ủy xã Hồ Thầu",
        sent_on=D(2025, 4, 10),
        by=by,
    )
    services.answer_verification(
        verification, answered_on=D(2025, 5, 20), conclusion="Đạt", by=by
    )
    services.add_verification(
        candidate,
        relation="father",
        person_name="Nguyễn Văn Ba",
        party_member=True,
        by=by,
    )
    upload(candidate, "TTLL", by)
    for member in cell.officials[1:3]:
        services.add_introducer(
            candidate,
            member=member,
            together_since=D(2023, 1, 1),
            letter_on=D(2026, 1, 5),
            by=by,
        )
        upload(candidate, "3-KNĐ", by, image_bytes("PNG"))
    services.record_papers(candidate, {"opinions_on": D(2026, 1, 20)}, by=by)
    upload(candidate, "5-KNĐ", by)
    candidate.refresh_from_db()
    return candidate


def vote_through(candidate, by) -> Candidate:
    """The cell's resolution (7 of 10 for, 10/02/2026, with its 6-KNĐ) and the
    grassroots committee's (6 of 9, 20/02/2026), through the services."""
    services.record_cell_vote(
        candidate,
        held_on=D(2026, 2, 10),
        resolution_number="05-NQ/CB",
        present=9,
        votes_for=7,
        votes_against=2,
        by=by,
    )
    upload(candidate, "6-KNĐ", by)
    services.record_grassroots_vote(
        candidate,
        held_on=D(2026, 2, 20),
        resolution_number="12-NQ/ĐU",
        committee_members=9,
        present=8,
        votes_for=6,
        votes_against=2,
        by=by,
    )
    candidate.refresh_from_db()
    return candidate


# The monthly review: a five-member Standing Committee, an appraised dossier of
# Hồ Thầu, an appraised recognition proposal, a meeting and a register.

HELD_ON = D(2026, 11, 25)
Outcome = AgendaItem.Outcome


@pytest.fixture
def committee(org_tree, standing_member):
    """Five Standing Committee members: btv and four more, the first of them
    its secretary, who signs the decisions."""
    others = [
        RoleAssignmentFactory(
            user=UserFactory(full_name=f"Ủy viên {n}"),
            organization=org_tree.district,
            role=Role.STANDING_COMMITTEE,
            position=Position.SECRETARY if n == 0 else Position.MEMBER,
        ).user
        for n in range(4)
    ]
    return [standing_member, *others]


def appraised(org, by, **changes) -> Candidate:
    candidate = introduce(org, by, **changes)
    Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.APPRAISED)
    candidate.refresh_from_db()
    return candidate


@pytest.fixture
def candidate(org_tree, hothau_secretary):
    hothau_secretary.email = "hothau@example.vn"
    hothau_secretary.save()
    return appraised(org_tree.hothau_village, hothau_secretary)


def probationer(org) -> Member:
    """A member on probation since 15/10/2025."""
    return MemberFactory(
        full_name="Lù Seo Chứ",
        organization=org,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2025, 9, 20),
        ceremony_date=D(2025, 10, 15),
        official_date=None,
    )


@pytest.fixture
def proposal(org_tree, org_staff):
    member = probationer(org_tree.hothau_village)
    return Recognition.objects.create(
        member=member,
        ceremony_date=member.ceremony_date,
        stage=RecognitionStage.APPRAISED,
        created_by=org_staff,
    )


@pytest.fixture
def meeting(org_tree, org_staff, committee, candidate, proposal):
    """The review meeting, btc its secretary (named with the attendance)."""
    created = meetings.create_meeting(
        org_tree.district,
        held_on=HELD_ON,
        place="Hội trường Huyện ủy",
        chair=committee[0],
        by=org_staff,
    )
    ReviewMeeting.objects.filter(pk=created.pk).update(secretary=org_staff)
    created.refresh_from_db()
    return created


@pytest.fixture
def register(org_tree, org_staff):
    """The year's book of decisions, and of minutes beside it."""
    registers.open_register(
        org_tree.district,
        book="minutes",
        year=2026,
        symbol="BB/HU",
        start_number=3,
        by=org_staff,
    )
    return registers.open_register(
        org_tree.district, year=2026, symbol="QĐ/HU", start_number=12, by=org_staff
    )


def decide(item, by, outcome=Outcome.APPROVED, votes_for=4, **extra):
    values = {"votes_against": 0, "abstaining": 0, **extra}
    return meetings.record_outcome(
        item, outcome=outcome, votes_for=votes_for, by=by, **values
    )


@pytest.fixture
def decided(meeting, committee, register, org_staff):
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=4)
    decisions.lock_meeting(meeting, by=org_staff)
    return Candidate.objects.get(pk=meeting.items.first().candidate_id)
