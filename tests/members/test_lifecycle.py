import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member, MemberEvent, Placement, Rating
from members.selectors import member_counts
from members.services import lifecycle, periods
from members.services.discipline import Tally, discipline_member
from members.services.recording import Decision
from members.services.temporary import start_temporary_transfer
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
TODAY = D(2026, 11, 28)


@pytest.fixture
def probationary(org_tree):
    return MemberFactory(
        full_name="Lù Seo Chứ",
        organization=org_tree.hothau_village,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2025, 9, 20),
        ceremony_date=D(2025, 10, 15),
        official_date=None,
    )


@pytest.fixture
def official(org_tree):
    return MemberFactory(full_name="Vàng Seo Páo", organization=org_tree.hothau_village)


DECIDED = D(2026, 11, 20)


def decision(day=DECIDED, number="123-QĐ/HU"):
    return Decision(number, day, "Ban Thường vụ Huyện ủy Hoàng Su Phì")


def test_recognition_dates_from_the_end_of_probation_even_when_late(
    probationary, org_staff
):
    lifecycle.recognize_official(
        probationary, decision=decision(D(2026, 11, 20)), by=org_staff
    )
    probationary.refresh_from_db()
    assert probationary.status == Member.Status.OFFICIAL
    assert probationary.official_date == D(2026, 10, 15)
    assert probationary.placements.get().official_date == D(2026, 10, 15)
    event = probationary.events.get(kind=MemberEvent.Kind.RECOGNIZED)
    assert (event.on, event.decision_number, event.recorded_by) == (
        D(2026, 10, 15),
        "123-QĐ/HU",
        org_staff,
    )
    counts = member_counts(Placement.objects.all(), D(2026, 10, 15))
    assert (counts.total, counts.official) == (1, 1)


def test_recognition_before_probation_ends_is_refused(probationary, org_staff):
    with pytest.raises(ValidationError, match="15/10/2026"):
        lifecycle.recognize_official(
            probationary, decision=decision(D(2026, 10, 14)), by=org_staff
        )
    probationary.refresh_from_db()
    assert probationary.status == Member.Status.PROBATIONARY
    assert not probationary.events.filter(kind=MemberEvent.Kind.RECOGNIZED).exists()


def test_recognition_is_recorded_by_org_staff_only(
    probationary, hothau_secretary, client_as
):
    with pytest.raises(PermissionDenied):
        lifecycle.recognize_official(
            probationary, decision=decision(), by=hothau_secretary
        )
    url = reverse("members:action", args=[probationary.pk, "recognize"])
    assert client_as(hothau_secretary).get(url).status_code == 403


def test_death_ends_membership_from_that_day(official, hothau_secretary):
    lifecycle.end_membership(
        official, reason=Member.Status.DECEASED, on=D(2026, 3, 2), by=hothau_secretary
    )
    official.refresh_from_db()
    assert (official.status, official.end_date) == (
        Member.Status.DECEASED,
        D(2026, 3, 2),
    )
    assert member_counts(Placement.objects.all(), D(2026, 3, 1)).total == 1
    assert member_counts(Placement.objects.all(), D(2026, 3, 2)).total == 0
    assert official.events.filter(kind=MemberEvent.Kind.DIED, on=D(2026, 3, 2)).exists()
    with pytest.raises(ValidationError):
        lifecycle.end_membership(
            official,
            reason=Member.Status.DECEASED,
            on=D(2026, 3, 3),
            by=hothau_secretary,
        )


@pytest.mark.parametrize(
    ("day", "message"),
    [(D(2027, 1, 1), "tương lai"), (D(2009, 1, 1), "lễ kết nạp")],
)
def test_end_dates_out_of_order_are_refused(official, hothau_secretary, day, message):
    with pytest.raises(ValidationError, match=message):
        lifecycle.end_membership(
            official, reason=Member.Status.DECEASED, on=day, by=hothau_secretary
        )
    official.refresh_from_db()
    assert official.end_date is None


def test_removal_needs_the_committee_and_its_decision(
    official, org_staff, hothau_secretary
):
    with pytest.raises(PermissionDenied):
        lifecycle.end_membership(
            official,
            reason=Member.Status.REMOVED,
            on=D(2026, 5, 1),
            decision=decision(D(2026, 5, 1)),
            by=hothau_secretary,
        )
    with pytest.raises(ValidationError, match="quyết định"):
        lifecycle.end_membership(
            official, reason=Member.Status.REMOVED, on=D(2026, 5, 1), by=org_staff
        )
    lifecycle.end_membership(
        official,
        reason=Member.Status.REMOVED,
        on=D(2026, 5, 1),
        decision=decision(D(2026, 5, 1)),
        by=org_staff,
    )
    assert Member.objects.get(pk=official.pk).status == Member.Status.REMOVED


def test_a_probationary_member_cannot_be_expelled_or_dismissed(probationary, org_staff):
    with pytest.raises(ValidationError, match="xóa tên"):
        lifecycle.end_membership(
            probationary,
            reason=Member.Status.EXPELLED,
            on=D(2026, 5, 1),
            decision=decision(D(2026, 5, 1)),
            by=org_staff,
        )
    with pytest.raises(ValidationError):
        discipline_member(
            probationary,
            level="dismissal",
            decision=decision(),
            tally=Tally(9, 9),
            by=org_staff,
        )
    event = discipline_member(
        probationary,
        level="warning",
        decision=decision(),
        tally=Tally(9, 5),
        by=org_staff,
    )
    assert event.data == {"level": "warning", "entitled": 9, "votes_for": 5}


def test_exemption_period_and_return(official, hothau_secretary):
    exemption = periods.start_exemption(
        official, start=D(2025, 1, 10), reason="Tuổi cao, sức yếu", by=hothau_secretary
    )
    with pytest.raises(ValidationError):
        periods.start_exemption(
            official, start=D(2025, 2, 1), reason="x", by=hothau_secretary
        )
    with pytest.raises(ValidationError):
        periods.end_exemption(official, on=D(2025, 1, 10), by=hothau_secretary)
    periods.end_exemption(official, on=D(2026, 2, 1), by=hothau_secretary)
    exemption.refresh_from_db()
    assert exemption.end == D(2026, 2, 1)
    kinds = list(official.events.values_list("kind", flat=True))
    assert kinds == [MemberEvent.Kind.EXEMPTED, MemberEvent.Kind.EXEMPTION_ENDED]


def test_ratings_follow_the_not_rated_rules(official, probationary, hothau_secretary):
    rating = lifecycle.rate_member(
        official, year=2025, level="good", by=hothau_secretary
    )
    assert rating.level == Rating.Level.GOOD
    with pytest.raises(ValidationError, match="2025"):
        lifecycle.rate_member(
            official, year=2025, level="excellent", by=hothau_secretary
        )
    # Ceremony 15/10/2025: less than 6 months before the end of 2025.
    with pytest.raises(ValidationError, match="6"):
        lifecycle.rate_member(
            probationary, year=2025, level="good", by=hothau_secretary
        )
    periods.start_exemption(
        official, start=D(2026, 1, 5), reason="Ốm", by=hothau_secretary
    )
    with pytest.raises(ValidationError, match="miễn"):
        lifecycle.rate_member(official, year=2026, level="good", by=hothau_secretary)


def test_one_member_s_rating_by_points(official, hothau_secretary):
    with pytest.raises(ValidationError, match="75"):
        lifecycle.rate_member(
            official,
            year=2025,
            level="excellent",
            points=Decimal("75"),
            by=hothau_secretary,
        )
    rating = lifecycle.rate_member(
        official, year=2025, level="", points=Decimal("75"), by=hothau_secretary
    )
    assert (rating.level, rating.points) == (Rating.Level.GOOD, Decimal("75"))


def test_member_page_offers_the_actions_of_each_role(
    client_as, probationary, org_staff, hothau_secretary, viewer
):
    def offered(user):
        return [
            slug
            for slug, _t in client_as(user)
            .get(probationary.get_absolute_url())
            .context["actions"]
        ]

    assert "recognize" in offered(org_staff)
    assert "recognize" not in offered(hothau_secretary)
    assert "exempt" in offered(hothau_secretary)
    assert offered(viewer) == []
    page = (
        client_as(hothau_secretary)
        .get(probationary.get_absolute_url())
        .content.decode()
    )
    assert "15/10/2026" in page  # probation ends


def test_member_page_reads_the_members_situation_once(
    client_as, official, org_tree, hothau_secretary
):
    def page_of(member):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(member.get_absolute_url())
        slugs = [slug for slug, _t in response.context["actions"]]
        for table in ("exemption", "transfer", "temporarytransfer"):
            reads = [q for q in queries if f'FROM "members_{table}"' in q["sql"]]
            assert len(reads) == 1, (table, reads)
        return slugs, len(queries)

    client = client_as(hothau_secretary)
    plain, plain_queries = page_of(MemberFactory(organization=org_tree.hothau_village))
    assert {"exempt", "temporary-transfer", "transfer"} <= set(plain)
    lifecycle.rate_member(official, year=2025, level="good", by=hothau_secretary)
    periods.start_exemption(
        official, start=D(2026, 3, 2), reason="Ốm", by=hothau_secretary
    )
    periods.end_exemption(official, on=D(2026, 6, 1), by=hothau_secretary)
    periods.start_exemption(
        official, start=D(2026, 9, 1), reason="Ốm dài ngày", by=hothau_secretary
    )
    start_temporary_transfer(
        official,
        outside="Công ty Thủy điện Sông Chảy",
        purpose="work",
        start=D(2026, 10, 1),
        until=D(2027, 3, 1),
        introduction_number="12-GGT",
        by=hothau_secretary,
    )
    busy, busy_queries = page_of(official)
    assert {"end-exemption", "temporary-return"} <= set(busy)
    page = client.get(official.get_absolute_url()).content.decode()
    assert "Miễn công tác và sinh hoạt đảng từ 01/09/2026 (Ốm dài ngày)" in page
    assert not {"exempt", "temporary-transfer"} & set(busy)
    assert busy_queries == plain_queries


def test_actions_through_the_page(
    client_as, official, hothau_secretary, viewer, namdich_secretary
):
    url = reverse("members:action", args=[official.pk, "exempt"])
    assert (
        client_as(viewer).post(url, {"start": "2026-01-05", "reason": "x"}).status_code
        == 403
    )
    assert client_as(namdich_secretary).get(url).status_code == 404
    bad = client_as(hothau_secretary).post(
        url, {"start": "2030-01-05", "reason": "Ốm dài ngày", "ground": "ill"}
    )
    assert bad.status_code == 200
    assert "tương lai" in bad.content.decode()
    assert not official.exemptions.exists()
    ok = client_as(hothau_secretary).post(
        url,
        {
            "start": "05/01/2026",
            "reason": "Ốm dài ngày",
            "ground": "ill",
            "treatment_until": "05/07/2026",
        },
    )
    assert ok.status_code == 302
    assert official.exemptions.get().start == D(2026, 1, 5)
    assert official.exemptions.get().ground == "ill"
    timeline = (
        client_as(hothau_secretary).get(official.get_absolute_url()).content.decode()
    )
    assert "Ốm dài ngày" in timeline


def test_a_secretary_choosing_a_committee_decision_gets_a_message(
    client_as, official, hothau_secretary
):
    url = reverse("members:action", args=[official.pk, "end"])
    response = client_as(hothau_secretary).post(
        url,
        {
            "reason": "removed",
            "on": "2026-05-01",
            "decision_number": "1-QĐ/HU",
            "decision_date": "2026-05-01",
        },
    )
    assert response.status_code == 200
    assert "Ban Tổ chức" in response.content.decode()
    assert Member.objects.get(pk=official.pk).end_date is None


def test_unknown_action_is_404(client_as, official, org_staff):
    response = client_as(org_staff).get(
        reverse("members:action", args=[official.pk, "fly"])
    )
    assert response.status_code == 404
