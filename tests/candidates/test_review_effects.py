"""After the meeting: the ceremony, the number register, what counts as
admitted, the deadlines that follow a decision, and re-admission's consent."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from candidates import services
from candidates.models import (
    AgendaItem,
    Candidate,
    Stage,
)
from candidates.review.services import decisions, meetings, registers
from candidates.rules import Blocked
from members.models import Member, MemberEvent
from organizations.models import AuditEntry

from .conftest import HELD_ON, appraised, decide

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
Outcome = AgendaItem.Outcome


def test_the_ceremony_creates_the_probationary_member(
    decided, hothau_secretary, namdich_secretary
):
    with pytest.raises(PermissionDenied):
        services.record_ceremony(decided, held_on=D(2026, 11, 27), by=namdich_secretary)
    with pytest.raises(Blocked, match="25/11/2026"):
        services.record_ceremony(decided, held_on=D(2026, 11, 24), by=hothau_secretary)
    member = services.record_ceremony(
        decided, held_on=D(2026, 11, 27), by=hothau_secretary
    )
    assert (member.full_name, member.cccd, member.status) == (
        "Nguyễn Thị Ánh Tuyết",
        "002300001234",
        Member.Status.PROBATIONARY,
    )
    assert (member.admission_decision_number, member.admission_decision_date) == (
        "12-QĐ/HU",
        HELD_ON,
    )
    assert member.ceremony_date == D(2026, 11, 27)
    assert member.party_age_from == HELD_ON
    assert member.events.get().kind == MemberEvent.Kind.ADMITTED
    assert member.placements.get().opens_period
    decided.refresh_from_db()
    assert (decided.status, decided.member) == (Candidate.Status.ADMITTED, member)
    with pytest.raises(Blocked):
        services.record_ceremony(decided, held_on=D(2026, 11, 27), by=hothau_secretary)


def test_a_late_ceremony_needs_the_upper_committees_consent(
    decided, hothau_secretary, today_is
):
    deadline = decisions.ceremony_deadline(decided)
    late = deadline + datetime.timedelta(days=1)
    today_is(datetime.date(2027, 2, 1))
    with pytest.raises(Blocked) as refused:
        services.record_ceremony(decided, held_on=late, by=hothau_secretary)
    assert deadline.strftime("%d/%m/%Y") in refused.value.problems[0].message
    assert refused.value.problems[0].source
    member = services.record_ceremony(
        decided, held_on=late, by=hothau_secretary, upper_consent=True
    )
    assert member.ceremony_date == late


def test_numbers_are_reserved_voided_and_never_reused(
    org_tree, register, org_staff, hothau_secretary
):
    reserved = registers.reserve_number(
        register, dated=D(2026, 11, 2), subject="Quyết định khen thưởng", by=org_staff
    )
    assert reserved.label == "12-QĐ/HU"
    with pytest.raises(PermissionDenied):
        registers.reserve_number(
            register, dated=D(2026, 11, 2), subject="x", by=hothau_secretary
        )
    with pytest.raises(Blocked):
        registers.void_number(reserved, reason=" ", by=org_staff)
    registers.void_number(reserved, reason="Cấp nhầm", by=org_staff)
    audited = AuditEntry.objects.filter(
        target_type="candidates.decisionnumber"
    ).order_by("pk")
    assert list(audited.values_list("action", flat=True)) == [
        "number.reserved",
        "number.voided",
    ]
    assert audited.last().data["reason"] == "Cấp nhầm"
    nxt = registers.reserve_number(
        register, dated=D(2026, 11, 3), subject="Quyết định điều động", by=org_staff
    )
    assert nxt.number == 13
    assert list(register.numbers.values_list("number", "state")) == [
        (12, "voided"),
        (13, "reserved"),
    ]
    with pytest.raises(Blocked, match="2027"):
        registers.reserve_number(
            register, dated=D(2027, 1, 2), subject="x", by=org_staff
        )
    with pytest.raises(Blocked):
        registers.open_register(
            org_tree.district, year=2026, symbol="QĐ/HU", start_number=1, by=org_staff
        )


def test_admitted_in_the_year_counts_each_decision_once(
    org_tree, meeting, committee, register, org_staff, hothau_secretary
):
    from candidates.targets import target_rows
    from reports.selectors import dashboard_figures

    def counted() -> tuple[int, int]:
        rows = target_rows(org_staff, 2026)
        hothau = next(r for r in rows if r.organization == org_tree.hothau)
        return (
            dashboard_figures(org_staff, D(2026, 11, 28)).admitted_in_year,
            hothau.admitted,
        )

    assert counted() == (0, 0)
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=4)
    decisions.lock_meeting(meeting, by=org_staff)
    # Decided, awaiting the ceremony: counted from the decision.
    assert counted() == (1, 1)
    candidate = Candidate.objects.get(stage=Stage.DECIDED)
    services.record_ceremony(candidate, held_on=D(2026, 11, 27), by=hothau_secretary)
    # Now a member with the same decision date: still once.
    assert counted() == (1, 1)
    # Figures as at a day before the decision do not count it.
    assert dashboard_figures(org_staff, D(2026, 11, 24)).admitted_in_year == 0


def test_the_decision_deadline_extension_and_then_the_ceremony_deadline(
    candidate, org_staff, hothau_secretary, meeting, committee, register
):
    from candidates.models import Vote
    from candidates.selectors import deadlines
    from organizations.calendar import add_working_days

    with pytest.raises(Blocked):  # no cell resolution yet
        services.extend_decision_deadline(candidate, reason="x", by=org_staff)
    Vote.objects.create(
        candidate=candidate,
        body=Vote.Body.CELL,
        held_on=D(2026, 9, 1),
        resolution_number="5-NQ/CB",
        eligible=10,
        present=9,
        votes_for=8,
        votes_against=1,
        passed=True,
        recorded_by=hothau_secretary,
    )
    today = D(2026, 11, 28)
    due = {d.label: d.due for d in deadlines(candidate, today)}
    assert due["Hạn cấp ủy ra quyết định"] == add_working_days(D(2026, 9, 1), 60)
    with pytest.raises(PermissionDenied):
        services.extend_decision_deadline(candidate, reason="x", by=hothau_secretary)
    services.extend_decision_deadline(
        candidate, reason="Chờ ý kiến Ban Thường vụ Tỉnh ủy", by=org_staff
    )
    candidate.refresh_from_db()
    due = {d.label: d.due for d in deadlines(candidate, today)}
    assert due["Hạn cấp ủy ra quyết định"] == add_working_days(D(2026, 9, 1), 90)
    with pytest.raises(Blocked):
        services.extend_decision_deadline(candidate, reason="lần hai", by=org_staff)
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=4)
    decisions.lock_meeting(meeting, by=org_staff)
    candidate.refresh_from_db()
    labels = [d.label for d in deadlines(candidate, today)]
    assert labels == ["Hạn tổ chức lễ kết nạp"]


def test_the_ceremony_deadline_is_due_on_the_secretarys_dashboard(
    decided, hothau_secretary, namdich_secretary
):
    from candidates.selectors import ceremony_deadline
    from reports.due import due_items

    # Within the ten working days before the deadline.
    today = ceremony_deadline(decided) - datetime.timedelta(days=3)
    mine = [i for i in due_items(hothau_secretary, today) if i.who == decided.full_name]
    assert [(i.what, i.due) for i in mine] == [
        ("Lễ kết nạp", ceremony_deadline(decided))
    ]
    theirs = due_items(namdich_secretary, today)
    assert decided.full_name not in {i.who for i in theirs}


def test_a_readmission_needs_the_provincial_consent_before_the_decision(
    org_tree, committee, register, org_staff, hothau_secretary
):
    from tests.factories import MemberFactory

    removed = MemberFactory(
        organization=org_tree.hothau_village,
        full_name="Lò Văn Páo",
        cccd="002098001234",
        birth_date=D(1998, 3, 12),
        status="removed",
        end_reason="removed",
        end_date=D(2022, 6, 1),
        admission_decision_date=D(2019, 5, 1),
        ceremony_date=D(2019, 5, 20),
    )
    candidate = appraised(
        org_tree.hothau_village,
        hothau_secretary,
        full_name="Lò Văn Páo",
        cccd="002098001234",
        birth_date=D(1998, 3, 12),
        sex="male",
    )
    assert candidate.readmission_of == removed
    meeting = meetings.create_meeting(
        org_tree.district, held_on=HELD_ON, place="Hội trường", chair=None, by=org_staff
    )
    meetings.set_attendance(
        meeting, present=committee, secretary=org_staff, by=org_staff
    )
    item = meeting.items.get(candidate=candidate)
    with pytest.raises(Blocked, match=r"Tỉnh ủy|provincial"):
        decide(item, org_staff, votes_for=5)
    # The step is offered on the candidate's page, to the cell.
    from candidates.pipeline import offered

    assert offered(candidate, "consent")
    services.record_provincial_consent(
        candidate, consent_on=D(2026, 11, 10), by=hothau_secretary
    )
    decide(item, org_staff, votes_for=5)
    decisions.lock_meeting(meeting, by=org_staff)
    candidate.refresh_from_db()
    member = services.record_ceremony(
        candidate, held_on=D(2026, 11, 27), by=hothau_secretary
    )
    # The same member row, a new membership period.
    assert member == removed
    member.refresh_from_db()
    assert member.status == Member.Status.PROBATIONARY
    assert member.admission_decision_number == "12-QĐ/HU"
    assert member.events.filter(kind=MemberEvent.Kind.READMITTED).exists()
