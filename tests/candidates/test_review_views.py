"""The review's pages through HTTP: scope (404 outside, 403 for read-only
roles on writes), refusals in Vietnamese that change nothing, the whole flow."""

import datetime

import pytest
from django.urls import reverse

from candidates.models import AgendaItem, Candidate, DecisionNumber, ReviewMeeting
from candidates.review.services import meetings
from organizations.models import Job, Notification

from .conftest import HELD_ON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

Outcome = AgendaItem.Outcome


def url(name, *args):
    return reverse(f"candidates:{name}", args=args)


def outcome_form(**changes):
    return {
        "outcome": "approved",
        "votes_for": 5,
        "votes_against": 0,
        "abstaining": 0,
        "reason": "",
        "note": "",
        **changes,
    }


def test_org_staff_prepare_decide_and_lock_through_the_pages(
    client_as, org_tree, org_staff, standing_member, committee, candidate, proposal
):
    staff = client_as(org_staff)
    response = staff.post(
        url("meeting_create"),
        {
            "committee": org_tree.district.pk,
            "held_on": "2026-11-25",
            "place": "Hội trường Huyện ủy",
            "chair": standing_member.pk,
        },
    )
    meeting = ReviewMeeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    page = staff.get(meeting.get_absolute_url())
    assert "Nguyễn Thị Ánh Tuyết" in page.text
    assert "Lù Seo Chứ" in page.text
    for book, symbol, first in (("decisions", "QĐ/HU", 30), ("minutes", "BB/HU", 4)):
        response = staff.post(
            url("register_open"),
            {
                "committee": org_tree.district.pk,
                "book": book,
                "year": 2026,
                "symbol": symbol,
                "start_number": first,
            },
        )
        assert response.status_code == 302
    btv = client_as(standing_member)
    btv.post(
        url("meeting_attendance", meeting.pk),
        {"present": [u.pk for u in committee], "secretary": org_staff.pk},
    )
    for item in meeting.items.all():
        response = btv.post(url("item_outcome", item.pk), outcome_form())
        assert response.status_code == 302, response.text
    # Locking is org_staff's: 403 for a Standing Committee member.
    assert btv.post(url("meeting_action", meeting.pk, "lock")).status_code == 403
    staff.post(url("meeting_action", meeting.pk, "lock"))
    meeting.refresh_from_db()
    assert meeting.is_locked
    assert sorted(
        DecisionNumber.objects.filter(
            kind__in=["admission", "recognition"]
        ).values_list("number", flat=True)
    ) == [30, 31]
    assert meeting.minutes_number.label == "4-BB/HU"
    assert meeting.secretary == org_staff
    page = staff.get(meeting.get_absolute_url())
    assert "30-QĐ/HU" in page.text
    # The decision document is a job shared with the committee.
    number = DecisionNumber.objects.get(number=30)
    response = staff.post(reverse("reports:decision_document", args=[number.pk]))
    job = Job.objects.get(kind="decision")
    assert response.url == job.get_absolute_url()
    assert btv.get(job.get_absolute_url()).status_code == 200


def test_a_refused_outcome_shows_why_and_changes_nothing(
    client_as, meeting, committee, standing_member
):
    btv = client_as(standing_member)
    btv.post(url("meeting_attendance", meeting.pk), {"present": [committee[0].pk]})
    item = meeting.items.first()
    response = btv.post(url("item_outcome", item.pk), outcome_form(votes_for=1))
    assert response.status_code == 200
    assert "cần" in response.text  # the quorum and threshold, in Vietnamese
    item.refresh_from_db()
    assert item.outcome == Outcome.PENDING


def test_outsiders_get_404_and_read_only_roles_403(
    client_as, meeting, register, namdich_secretary, hothau_secretary, viewer
):
    item = meeting.items.first()
    for user in (namdich_secretary, hothau_secretary):
        client = client_as(user)
        assert client.get(url("meetings")).status_code == 200
        assert "Hội trường" not in client.get(url("meetings")).text
        assert client.get(meeting.get_absolute_url()).status_code == 404
        assert client.get(url("item_outcome", item.pk)).status_code == 404
        assert client.post(url("meeting_action", meeting.pk, "lock")).status_code == 404
        assert client.get(register.get_absolute_url()).status_code == 404
        response = client.post(
            reverse("reports:meeting_document", args=[meeting.pk, "minutes"])
        )
        assert response.status_code == 404
    reader = client_as(viewer)
    assert reader.get(meeting.get_absolute_url()).status_code == 200
    assert reader.post(url("item_outcome", item.pk), outcome_form()).status_code == 403
    assert reader.post(url("meeting_action", meeting.pk, "lock")).status_code == 403
    assert reader.post(url("item_action", item.pk, "hold")).status_code == 403
    response = reader.post(
        url("register_reserve", register.pk), {"dated": "2026-11-20", "subject": "x"}
    )
    assert response.status_code == 403
    assert not register.numbers.exists()


def test_the_secretary_sees_the_outcome_and_records_the_ceremony(
    client_as, decided, hothau_secretary
):
    secretary = client_as(hothau_secretary)
    dashboard = secretary.get(reverse("reports:dashboard"))
    assert "12-QĐ/HU" in dashboard.text
    assert Notification.objects.filter(recipient=hothau_secretary).count() == 2
    secretary.post(reverse("reports:notifications_read"))
    assert "12-QĐ/HU" not in secretary.get(reverse("reports:dashboard")).text
    page = secretary.get(decided.get_absolute_url())
    assert url("step", decided.pk, "ceremony") in page.text
    response = secretary.post(
        url("step", decided.pk, "ceremony"), {"held_on": "2026-11-20"}
    )
    assert response.status_code == 200  # before the decision of 25/11/2026
    assert "25/11/2026" in response.text
    secretary.post(url("step", decided.pk, "ceremony"), {"held_on": "2026-11-27"})
    decided.refresh_from_db()
    assert decided.status == Candidate.Status.ADMITTED
    assert decided.member.admission_decision_date == HELD_ON


def test_member_sheet_and_list_are_scoped(
    client_as, org_tree, hothau_secretary, namdich_secretary
):
    from members.models import Member
    from tests.factories import MemberFactory

    member = MemberFactory(
        organization=org_tree.hothau_village, status=Member.Status.OFFICIAL
    )
    sheet = reverse("reports:member_sheet", args=[member.pk])
    listing = reverse("reports:member_list", args=[org_tree.hothau.pk])
    outsider = client_as(namdich_secretary)
    assert outsider.post(sheet).status_code == 404
    assert outsider.post(listing).status_code == 404
    assert outsider.get(sheet).status_code == 405
    secretary = client_as(hothau_secretary)
    response = secretary.post(sheet)
    job = Job.objects.get(kind="member_sheet")
    assert response.url == job.get_absolute_url()
    assert not job.shared_with_committee
    assert secretary.post(listing).status_code == 302
    # The sheet's job is the requester's own: another reader does not see it.
    assert outsider.get(job.get_absolute_url()).status_code == 404


def test_a_meeting_not_yet_held_offers_no_decision(
    client_as, org_tree, org_staff, standing_member, committee, candidate
):
    upcoming = meetings.create_meeting(
        org_tree.district,
        held_on=datetime.date(2026, 12, 17),
        place="Hội trường Huyện ủy",
        chair=standing_member,
        by=org_staff,
    )
    item = upcoming.items.get()
    page = client_as(standing_member).get(upcoming.get_absolute_url())
    assert "17/12/2026" in page.text
    assert 'id="not-held"' in page.text
    assert url("item_outcome", item.pk) not in page.text
    assert url("meeting_attendance", upcoming.pk) not in page.text
    # Asked for anyway, the service refuses it and nothing is recorded.
    response = client_as(standing_member).post(
        url("item_outcome", item.pk), outcome_form(votes_for=0)
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.outcome == Outcome.PENDING


def test_attendance_is_refused_before_the_meeting_day(
    client_as, org_tree, org_staff, standing_member, committee, candidate
):
    upcoming = meetings.create_meeting(
        org_tree.district,
        held_on=datetime.date(2026, 12, 17),
        place="Hội trường Huyện ủy",
        chair=standing_member,
        by=org_staff,
    )
    response = client_as(standing_member).post(
        url("meeting_attendance", upcoming.pk), {"everyone": "on"}
    )
    assert response.status_code == 200
    assert "Điểm danh được ghi từ ngày họp, 17/12/2026" in response.text
    assert not upcoming.attendees.exists()


def test_lock_is_offered_only_when_it_can_be_done_and_lists_the_numbers(
    client_as, meeting, committee, org_staff, standing_member, register
):
    staff = client_as(org_staff)
    page = staff.get(meeting.get_absolute_url()).text
    assert 'id="not-lockable"' in page
    assert "Chưa ghi kết luận cho nội dung 1" in page
    assert url("meeting_action", meeting.pk, "lock") not in page
    btv = client_as(standing_member)
    # "Every member is present" ticks the whole committee.
    btv.post(url("meeting_attendance", meeting.pk), {"everyone": "on"})
    assert set(meeting.attendees.all()) == set(committee)
    items = list(meeting.items.order_by("position"))
    form = btv.get(url("item_outcome", items[0].pk))
    assert "Có mặt: 5/5 ủy viên" in form.text
    assert "cần ít nhất 4 phiếu tán thành" in form.text
    assert form.context["form"]["votes_for"].value() == 5
    btv.post(url("item_outcome", items[0].pk), outcome_form())
    btv.post(
        url("item_outcome", items[1].pk),
        outcome_form(outcome="deferred", votes_for=0, reason="Bổ sung hồ sơ"),
    )
    page = staff.get(meeting.get_absolute_url()).text
    assert 'id="not-lockable"' not in page
    assert 'id="lock"' in page
    # Only the approval takes a number: the register's next one.
    assert "ban hành 1 quyết định" in page
    assert f"12-QĐ/HU</strong> · {items[0].subject_name}" in page
    assert url("meeting_action", meeting.pk, "lock") in page
    # A read-only member of the committee is not offered the lock.
    assert (
        url("meeting_action", meeting.pk, "lock")
        not in btv.get(meeting.get_absolute_url()).text
    )
