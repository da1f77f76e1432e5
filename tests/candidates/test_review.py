"""The review meeting: agenda, attendance, quorum and threshold, outcomes
and what locking does with them."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from candidates.models import (
    AgendaItem,
    Candidate,
    DecisionNumber,
    RecognitionStage,
    Stage,
)
from candidates.review.services import decisions, meetings
from candidates.rules import Blocked
from members.models import Member, MemberEvent
from organizations.models import Notification

from .conftest import HELD_ON, appraised, decide, introduce

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
Outcome = AgendaItem.Outcome


def test_the_agenda_fills_from_what_the_committee_appraised(
    org_tree, meeting, candidate, proposal, hothau_secretary, org_staff
):
    submitted = introduce(
        org_tree.hothau_village, hothau_secretary, cccd="002300009999"
    )
    Candidate.objects.filter(pk=submitted.pk).update(stage=Stage.SUBMITTED)
    items = list(meeting.items.all())
    assert [(i.candidate, i.recognition) for i in items] == [
        (candidate, None),
        (None, proposal),
    ]
    assert candidate.log.last().action == "on_agenda"
    # Nothing ready is left, so filling again adds nothing.
    assert meetings.fill_agenda(meeting, by=org_staff) == 0


def test_only_org_staff_prepare_a_meeting(
    org_tree, committee, candidate, hothau_secretary, standing_member, viewer
):
    for user in (hothau_secretary, standing_member, viewer):
        with pytest.raises(PermissionDenied):
            meetings.create_meeting(
                org_tree.district, held_on=HELD_ON, place="x", chair=None, by=user
            )


def test_a_committee_without_admission_power_holds_no_review(org_tree, org_staff):
    with pytest.raises(Blocked, match=r"does not decide|không có thẩm quyền"):
        meetings.create_meeting(
            org_tree.hothau, held_on=HELD_ON, place="Xã", chair=None, by=org_staff
        )


def test_hold_back_and_reorder(meeting, candidate, proposal, org_staff):
    first, second = meeting.items.all()
    meetings.move_item(second, by=org_staff, up=True)
    assert list(meeting.items.values_list("recognition", flat=True)) == [
        proposal.pk,
        None,
    ]
    meetings.hold_back(first, by=org_staff)
    assert list(meeting.items.values_list("recognition", "position")) == [
        (proposal.pk, 1)
    ]
    candidate.refresh_from_db()
    assert candidate.stage == Stage.APPRAISED
    assert meetings.ready_candidates(meeting.committee) == [candidate]


def test_quorum_and_threshold_come_from_the_rule_table(
    meeting, committee, standing_member
):
    item = meeting.items.first()
    meetings.set_attendance(meeting, present=committee[:2], by=standing_member)
    # Two of five present: more than half (three) is needed.
    with pytest.raises(Blocked) as refused:
        decide(item, standing_member, votes_for=2)
    messages = [p.message for p in refused.value.problems]
    assert any("2" in m and "5" in m and "3" in m for m in messages)
    assert any(p.source for p in refused.value.problems)
    counts = meetings.set_attendance(meeting, present=committee[:4], by=standing_member)
    assert (counts.members, counts.present, counts.quorum, counts.needed) == (
        5,
        4,
        3,
        4,
    )
    # Three of five is less than two thirds of the committee's members.
    with pytest.raises(Blocked, match="4"):
        decide(item, standing_member, votes_for=3)
    with pytest.raises(Blocked):
        decide(item, standing_member, votes_for=4, votes_against=1)  # 5 > 4 present
    with pytest.raises(Blocked):
        decide(item, standing_member, outcome=Outcome.DEFERRED, votes_for=0)
    decided = decide(item, standing_member, votes_for=4)
    assert decided.outcome == Outcome.APPROVED


def test_attendance_only_of_the_committees_members(meeting, standing_member, org_staff):
    with pytest.raises(Blocked):
        meetings.set_attendance(meeting, present=[org_staff], by=standing_member)


def test_locking_issues_numbers_and_makes_outcomes_final(
    meeting,
    committee,
    register,
    candidate,
    proposal,
    org_staff,
    standing_member,
    hothau_secretary,
    django_capture_on_commit_callbacks,
    in_process_tasks,
):
    meetings.set_attendance(meeting, present=committee, by=standing_member)
    first, second = meeting.items.all()
    decide(first, standing_member, votes_for=5)
    with pytest.raises(Blocked, match="Lù Seo Chứ"):
        decisions.lock_meeting(meeting, by=org_staff)
    decide(second, org_staff, votes_for=4)
    with pytest.raises(PermissionDenied):
        decisions.lock_meeting(meeting, by=standing_member)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.lock_meeting(meeting, by=org_staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.decision.label == "12-QĐ/HU"
    assert second.decision.label == "13-QĐ/HU"
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.decision_number, candidate.decided_on) == (
        Stage.DECIDED,
        "12-QĐ/HU",
        HELD_ON,
    )
    member = proposal.member
    member.refresh_from_db()
    # Recognized from the end of the twelve months, not from the meeting.
    assert (member.status, member.official_date) == (
        Member.Status.OFFICIAL,
        D(2026, 10, 15),
    )
    assert member.events.get(kind=MemberEvent.Kind.RECOGNIZED).decision_number == (
        "13-QĐ/HU"
    )
    proposal.refresh_from_db()
    assert proposal.stage == RecognitionStage.RECOGNIZED
    notes = Notification.objects.filter(recipient=hothau_secretary)
    assert notes.count() == 2
    assert any(
        "12-QĐ/HU" in n.message and "Nguyễn Thị Ánh Tuyết" in n.message for n in notes
    )
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["hothau@example.vn"]
    with pytest.raises(Blocked, match=r"locked|khóa"):
        decide(first, standing_member, outcome=Outcome.REJECTED, reason="x")


def test_deferred_and_rejected_go_where_the_reason_sends_them(
    org_tree,
    meeting,
    committee,
    register,
    candidate,
    proposal,
    org_staff,
    hothau_secretary,
):
    other = appraised(org_tree.hothau_village, hothau_secretary, cccd="002300005555")
    meetings.fill_agenda(meeting, by=org_staff)
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    by_subject = {(i.candidate_id, i.recognition_id): i for i in meeting.items.all()}
    decide(
        by_subject[(candidate.pk, None)],
        org_staff,
        outcome=Outcome.DEFERRED,
        votes_for=0,
        reason="Chờ bổ sung xác minh lý lịch",
        needs_correction=True,
    )
    decide(
        by_subject[(other.pk, None)],
        org_staff,
        outcome=Outcome.DEFERRED,
        votes_for=0,
        reason="Hết thời gian họp",
    )
    decide(
        by_subject[(None, proposal.pk)],
        org_staff,
        outcome=Outcome.REJECTED,
        votes_for=1,
        votes_against=4,
        reason="Chưa hoàn thành lớp bồi dưỡng",
    )
    decisions.lock_meeting(meeting, by=org_staff)
    candidate.refresh_from_db()
    other.refresh_from_db()
    proposal.refresh_from_db()
    assert candidate.stage == Stage.RETURNED
    assert candidate.log.last().note == "Chờ bổ sung xác minh lý lịch"
    assert other.stage == Stage.APPRAISED
    assert proposal.stage == RecognitionStage.RETURNED
    # No decision, no decision number: the minutes alone take theirs.
    numbers = DecisionNumber.objects.values_list("kind", "number", "register__symbol")
    assert list(numbers) == [("minutes", 3, "BB/HU")]
    assert meetings.ready_candidates(org_tree.district) == [other]


@pytest.mark.parametrize(
    ("needs_correction", "stage", "told"),
    [
        (True, RecognitionStage.RETURNED, "đề nghị bổ sung, sửa chữa hồ sơ"),
        (False, RecognitionStage.APPRAISED, "sang kỳ họp sau"),
    ],
)
def test_a_deferred_recognition_tells_the_cell_what_follows(
    meeting,
    committee,
    register,
    proposal,
    org_staff,
    hothau_secretary,
    needs_correction,
    stage,
    told,
):
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        if item.recognition_id:
            decide(
                item,
                org_staff,
                outcome=Outcome.DEFERRED,
                votes_for=0,
                reason="Thiếu bản tự kiểm điểm",
                needs_correction=needs_correction,
            )
        else:
            decide(item, org_staff)
    decisions.lock_meeting(meeting, by=org_staff)
    proposal.refresh_from_db()
    assert proposal.stage == stage
    note = Notification.objects.get(
        recipient=hothau_secretary, url=proposal.get_absolute_url()
    )
    assert told in note.message
    assert "Thiếu bản tự kiểm điểm" in note.message


def test_lock_needs_the_years_register_and_a_held_meeting(
    meeting, committee, org_staff
):
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=4)
    with pytest.raises(Blocked, match="2026"):
        decisions.lock_meeting(meeting, by=org_staff)
