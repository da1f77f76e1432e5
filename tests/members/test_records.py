"""Party cards, badges and party age, temporary transfers, members received
from outside the registry, and the yearly ratings of a whole organization."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.badges import award_badge
from members.cards import issue_card
from members.due import badges_due
from members.models import (
    Badge,
    Member,
    MemberEvent,
    PartyCard,
    Placement,
    Rating,
    TemporaryTransfer,
)
from members.ratings import rate_organization
from members.readmission import readmit_member
from members.recording import Decision
from members.selectors import member_counts
from members.temporary import end_temporary_transfer, start_temporary_transfer
from members.transfers import Admission, receive_from_outside
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
Kind = MemberEvent.Kind


def decision(day, number="55-QĐ/TU"):
    return Decision(number, day, "Ban Thường vụ Tỉnh ủy Hà Giang")


# Party cards


@pytest.fixture
def official(org_tree):
    return MemberFactory(
        full_name="Vàng Seo Páo",
        organization=org_tree.hothau_village,
        card_number="47000123",
    )


def test_a_new_card_keeps_the_old_one_in_the_history(official, org_staff):
    issue_card(
        official,
        number="091234567",
        issued_on=D(2025, 8, 30),
        reason="exchange",
        by=org_staff,
    )
    official.refresh_from_db()
    assert official.card_number == "091234567"
    cards = list(official.cards.values_list("number", "issued_on", "reason"))
    assert cards == [
        ("47000123", None, "earlier"),
        ("091234567", D(2025, 8, 30), "exchange"),
    ]
    event = official.events.get(kind=Kind.CARD_ISSUED)
    assert event.data["previous"] == "47000123"


def test_a_card_number_is_never_given_out_twice(official, org_tree, org_staff):
    issue_card(
        official,
        number="091234567",
        issued_on=D(2025, 8, 30),
        reason="exchange",
        by=org_staff,
    )
    other = MemberFactory(organization=org_tree.namdich_village)
    for number in ("47000123", "091234567"):
        with pytest.raises(ValidationError):
            issue_card(
                other,
                number=number,
                issued_on=D(2025, 9, 2),
                reason="exchange",
                by=org_staff,
            )
    assert not other.cards.exists()


def test_card_refused_for_probationary_members_and_secretaries(
    org_tree, official, hothau_secretary, org_staff
):
    with pytest.raises(PermissionDenied):
        issue_card(
            official,
            number="09000001",
            issued_on=D(2025, 9, 2),
            reason="lost",
            by=hothau_secretary,
        )
    probationary = MemberFactory(
        organization=org_tree.hothau_village,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2026, 3, 1),
        official_date=None,
    )
    with pytest.raises(ValidationError, match=r"chính thức|official"):
        issue_card(
            probationary,
            number="09000001",
            issued_on=D(2026, 9, 2),
            reason="first",
            by=org_staff,
        )
    assert not PartyCard.objects.exists()


# Party age and badges


def test_party_age_subtracts_the_years_outside_the_party(org_tree, org_staff):
    member = MemberFactory(
        organization=org_tree.hothau_village,
        admission_decision_date=D(2012, 5, 1),
        status=Member.Status.REMOVED,
        end_date=D(2022, 5, 1),
        end_reason=Member.Status.REMOVED,
    )
    assert member.party_age(D(2026, 11, 28)) == (10, 0)
    readmit_member(
        member,
        decision=Decision("7-QĐ/HU", D(2026, 5, 1), "Huyện ủy"),
        ceremony_date=D(2026, 5, 20),
        organization=org_tree.hothau_village,
        provincial_consent=True,
        by=org_staff,
    )
    member.refresh_from_db()
    # 10 years before the removal, 6 months since the re-admission.
    assert member.party_age_from == D(2016, 5, 1)
    assert member.party_age(D(2026, 11, 28)) == (10, 6)


def test_badges_due_count_party_age_and_leave_out_badges_held(
    org_tree, hothau_secretary, org_staff
):
    # The next presentation after 28/11/2026 is 3/2/2027.
    reaches = MemberFactory(
        organization=org_tree.hothau_village, admission_decision_date=D(1997, 1, 20)
    )
    held = MemberFactory(
        organization=org_tree.hothau_village, admission_decision_date=D(1997, 1, 10)
    )
    Badge.objects.create(
        member=held,
        milestone=30,
        awarded_on=D(2026, 11, 7),
        decision_number="1",
        decision_date=D(2026, 11, 1),
    )
    gap = MemberFactory(
        organization=org_tree.hothau_village, admission_decision_date=D(1997, 1, 20)
    )
    Member.objects.filter(pk=gap.pk).update(party_age_from=D(1999, 1, 20))
    _award, due = badges_due(hothau_secretary)
    assert list(due[30]) == [reaches]


@pytest.fixture
def veteran(org_tree):
    return MemberFactory(
        full_name="Ngàm Đăng Vài",
        birth_date=D(1950, 2, 1),
        organization=org_tree.hothau_village,
        admission_decision_date=D(1976, 9, 2),
    )


def test_badge_on_time_and_not_twice(veteran, org_staff):
    award_badge(
        veteran,
        milestone=50,
        awarded_on=D(2026, 9, 2),
        decision=decision(D(2026, 8, 20)),
        by=org_staff,
    )
    assert veteran.badges.get().milestone == 50
    assert veteran.events.filter(kind=Kind.BADGE_AWARDED).count() == 1
    with pytest.raises(ValidationError):
        award_badge(
            veteran,
            milestone=50,
            awarded_on=D(2026, 11, 7),
            decision=decision(D(2026, 11, 1)),
            by=org_staff,
        )


def test_early_award_for_illness_within_the_rule(veteran, org_staff):
    # 55 years on 2/9/2031: 12 months early is the most for 30–65 years.
    with pytest.raises(ValidationError, match="02/09/2031"):
        award_badge(
            veteran,
            milestone=55,
            awarded_on=D(2026, 9, 2),
            early="ill",
            decision=decision(D(2026, 8, 20)),
            by=org_staff,
        )
    veteran.party_age_from = D(1971, 9, 3)
    veteran.save()
    # Reaches 55 on 3/9/2026, one day after the presentation: only early.
    with pytest.raises(ValidationError):
        award_badge(
            veteran,
            milestone=55,
            awarded_on=D(2026, 9, 2),
            decision=decision(D(2026, 8, 20)),
            by=org_staff,
        )
    award_badge(
        veteran,
        milestone=55,
        awarded_on=D(2026, 9, 2),
        early="ill",
        decision=decision(D(2026, 8, 20)),
        by=org_staff,
    )
    assert veteran.badges.get().early == "ill"


def test_posthumous_award_only_after_death(veteran, org_staff):
    with pytest.raises(ValidationError):
        award_badge(
            veteran,
            milestone=50,
            awarded_on=D(2026, 9, 2),
            early="posthumous",
            decision=decision(D(2026, 8, 20)),
            by=org_staff,
        )
    Member.objects.filter(pk=veteran.pk).update(
        status=Member.Status.DECEASED,
        end_reason=Member.Status.DECEASED,
        end_date=D(2025, 10, 1),
    )
    veteran.refresh_from_db()
    # Died 11 months before reaching 50 years: within the posthumous allowance.
    award_badge(
        veteran,
        milestone=50,
        awarded_on=D(2026, 11, 7),
        early="posthumous",
        decision=decision(D(2026, 11, 1)),
        by=org_staff,
    )
    with pytest.raises(ValidationError):
        award_badge(
            veteran,
            milestone=55,
            awarded_on=D(2026, 11, 7),
            early="posthumous",
            decision=decision(D(2026, 11, 1)),
            by=org_staff,
        )


def test_no_badge_for_someone_removed(veteran, org_staff):
    Member.objects.filter(pk=veteran.pk).update(
        status=Member.Status.REMOVED, end_reason="removed", end_date=D(2026, 10, 1)
    )
    veteran.refresh_from_db()
    with pytest.raises(ValidationError):
        award_badge(
            veteran,
            milestone=50,
            awarded_on=D(2026, 11, 7),
            decision=decision(D(2026, 11, 1)),
            by=org_staff,
        )


# Temporary transfers


def start_away(member, by, *, until, purpose="work", to=None, outside="", start=None):
    return start_temporary_transfer(
        member,
        to=to,
        outside=outside,
        purpose=purpose,
        start=start or D(2026, 6, 1),
        until=until,
        introduction_number="12-GGT",
        by=by,
    )


@pytest.mark.parametrize(
    ("purpose", "until", "allowed"),
    [
        ("work", D(2026, 9, 1), True),  # exactly 3 months
        ("work", D(2026, 8, 31), False),  # one day short
        ("work", D(2027, 5, 31), True),  # under one year
        ("work", D(2027, 6, 1), False),  # a full year needs an official transfer
        ("study", D(2028, 6, 1), True),  # two years of study
        ("study", D(2028, 6, 2), False),
    ],
)
def test_temporary_transfer_durations(
    official, org_tree, hothau_secretary, purpose, until, allowed
):
    if allowed:
        start_away(
            official,
            hothau_secretary,
            until=until,
            purpose=purpose,
            outside="Chi bộ Trường Chính trị tỉnh",
        )
        assert official.temporary_transfers.count() == 1
    else:
        with pytest.raises(ValidationError):
            start_away(
                official,
                hothau_secretary,
                until=until,
                purpose=purpose,
                outside="Chi bộ Trường Chính trị tỉnh",
            )
        assert not TemporaryTransfer.objects.exists()


def test_temporary_transfer_keeps_the_member_at_home(
    official, org_tree, hothau_secretary, namdich_secretary, client_as
):
    start_away(official, hothau_secretary, until=D(2027, 3, 1), to=org_tree.namdich)
    # Still counted at home, not by the host.
    counts = member_counts(
        Placement.objects.filter(organization=org_tree.hothau_village), D(2026, 11, 28)
    )
    assert counts.total == 1
    assert official.placements.get().organization == org_tree.hothau_village
    # The host sees the member on its transfer list, but not the record.
    host = client_as(namdich_secretary)
    page = host.get(reverse("members:transfers"))
    assert "Vàng Seo Páo" in page.content.decode()
    assert host.get(official.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        start_away(official, hothau_secretary, until=D(2027, 3, 1), outside="X")
    with pytest.raises(ValidationError):
        end_temporary_transfer(official, on=D(2026, 6, 1), by=hothau_secretary)
    end_temporary_transfer(official, on=D(2026, 11, 1), by=hothau_secretary)
    kinds = list(official.events.values_list("kind", flat=True))
    assert Kind.TEMPORARY_LEFT in kinds
    assert Kind.TEMPORARY_RETURNED in kinds


def test_temporary_transfer_via_the_member_page(official, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    url = reverse("members:action", args=[official.pk, "temporary-transfer"])
    response = client.post(
        url,
        {
            "outside": "Chi bộ Trường Chính trị tỉnh",
            "purpose": "study",
            "on": "01/09/2026",
            "until": "01/03/2026",
            "introduction_number": "3-GGT",
        },
    )
    assert response.status_code == 200
    assert not TemporaryTransfer.objects.exists()
    response = client.post(
        url,
        {
            "outside": "Chi bộ Trường Chính trị tỉnh",
            "purpose": "study",
            "on": "01/09/2026",
            "until": "01/07/2027",
            "introduction_number": "3-GGT",
        },
    )
    assert response.status_code == 302
    page = client.get(official.get_absolute_url()).content.decode()
    assert "Chi bộ Trường Chính trị tỉnh" in page


# Members received from outside the registry


PROFILE = {
    "full_name": "Pờ Ly Ngài",
    "sex": "female",
    "birth_date": D(1990, 4, 12),
    "ethnicity": None,
    "cccd": "002190001234",
    "general_education": "12/12",
}


@pytest.fixture
def profile():
    from members.models import Ethnicity

    return {**PROFILE, "ethnicity": Ethnicity.objects.get(name="La Chí")}


def take_in(org, by, profile, **changes):
    values = {
        "admission": Admission(
            decision(D(2015, 3, 1), "20-QĐ/HU"), D(2015, 3, 20), D(2016, 3, 20)
        ),
        "came_from": "Đảng bộ huyện Xín Mần",
        "introduction_number": "88-GGT/HU",
        "received_on": D(2026, 10, 5),
        **changes,
    }
    return receive_from_outside(org, profile=profile, by=by, **values)


def test_member_from_outside_is_counted_from_the_receipt(
    org_tree, hothau_secretary, profile
):
    member = take_in(org_tree.hothau_village, hothau_secretary, profile)
    assert (member.status, member.party_age_from) == ("official", D(2015, 3, 1))
    placement = member.placements.get()
    assert (placement.start, placement.opens_period) == (D(2026, 10, 5), False)
    assert member.events.get().kind == Kind.TRANSFERRED_IN
    assert member.events.get().note == "Đảng bộ huyện Xín Mần"
    assert member_counts(Placement.objects.all(), D(2026, 10, 4)).total == 0
    assert member_counts(Placement.objects.all(), D(2026, 10, 5)).total == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"admission": Admission(decision(D(2015, 3, 1)), D(2015, 2, 1), None)},
        {
            "admission": Admission(
                decision(D(2015, 3, 1)), D(2015, 3, 20), D(2015, 12, 1)
            )
        },
        {"received_on": D(2027, 1, 1)},
        {"came_from": " "},
    ],
)
def test_member_from_outside_bad_dates_save_nothing(
    org_tree, hothau_secretary, profile, changes
):
    with pytest.raises(ValidationError):
        take_in(org_tree.hothau_village, hothau_secretary, profile, **changes)
    assert not Member.objects.exists()


def test_member_from_outside_refused_outside_scope_and_duplicate_cccd(
    org_tree, hothau_secretary, namdich_secretary, profile
):
    with pytest.raises(PermissionDenied):
        take_in(org_tree.hothau_village, namdich_secretary, profile)
    take_in(org_tree.hothau_village, hothau_secretary, profile)
    with pytest.raises(ValidationError, match="CCCD"):
        take_in(
            org_tree.hothau_village, hothau_secretary, {**profile, "full_name": "Khác"}
        )
    assert Member.objects.count() == 1


def test_transfer_in_page(org_tree, hothau_secretary, viewer, client_as, profile):
    url = reverse("members:transfer_in")
    assert client_as(viewer).get(url).status_code == 403
    client = client_as(hothau_secretary)
    form = client.get(url).content.decode()
    assert "Chi bộ thôn Nậm Hồng" not in form
    data = {
        "organization": org_tree.hothau_village.pk,
        "full_name": "Pờ Ly Ngài",
        "sex": "female",
        "birth_date": "12/04/1990",
        "ethnicity": profile["ethnicity"].pk,
        "religion": "none",
        "religious_role": "none",
        "professional_level": "none",
        "political_theory": "none",
        "state_management": "none",
        "cccd": "002190001234",
        "came_from": "Đảng bộ huyện Xín Mần",
        "introduction_number": "88-GGT/HU",
        "received_on": "05/10/2026",
        "decision_number": "20-QĐ/HU",
        "decision_date": "01/03/2015",
        "ceremony_date": "20/03/2015",
        "official_date": "20/03/2016",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    member = Member.objects.get()
    assert response["Location"] == member.get_absolute_url()
    assert member.organization == org_tree.hothau_village


# Ratings of a whole organization


@pytest.fixture
def cell(org_tree):
    return [
        MemberFactory(organization=org_tree.hothau_village, full_name=f"Đảng viên {n}")
        for n in range(6)
    ]


def test_rate_a_cell_at_once_within_the_cap(cell, org_tree, hothau_secretary):
    levels = {m.pk: "good" for m in cell}
    levels[cell[0].pk] = "excellent"
    assert (
        rate_organization(
            org_tree.hothau_village, year=2025, levels=levels, by=hothau_secretary
        )
        == 6
    )
    assert Rating.objects.filter(year=2025).count() == 6
    # Two excellent among six good-or-better is more than a fifth: nothing changes.
    levels[cell[1].pk] = "excellent"
    with pytest.raises(ValidationError, match="20%"):
        rate_organization(
            org_tree.hothau_village, year=2025, levels=levels, by=hothau_secretary
        )
    assert Rating.objects.filter(level="excellent").count() == 1
    # A correction is written with the previous level in the event.
    levels[cell[1].pk] = "completed"
    assert (
        rate_organization(
            org_tree.hothau_village, year=2025, levels=levels, by=hothau_secretary
        )
        == 1
    )
    event = cell[1].events.filter(kind=Kind.RATED).last()
    assert event.data["previous"] == "good"


def test_rating_sheet_refuses_the_unrated_and_saves_nothing(
    cell, org_tree, hothau_secretary
):
    new = MemberFactory(
        organization=org_tree.hothau_village,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2025, 7, 10),
        ceremony_date=D(2025, 7, 20),
        official_date=None,
    )
    levels = {m.pk: "good" for m in cell} | {new.pk: "good"}
    with pytest.raises(ValidationError, match="6"):
        rate_organization(
            org_tree.hothau_village, year=2025, levels=levels, by=hothau_secretary
        )
    assert not Rating.objects.exists()


def test_ratings_page_scope(
    cell, org_tree, hothau_secretary, namdich_secretary, viewer, client_as
):
    url = reverse("members:ratings", args=[org_tree.hothau_village.pk]) + "?year=2025"
    assert client_as(namdich_secretary).get(url).status_code == 404
    assert client_as(viewer).get(url).status_code == 200
    assert client_as(viewer).post(url, {}).status_code == 403
    data = {f"level_{m.pk}": "good" for m in cell}
    response = client_as(hothau_secretary).post(url, data)
    assert response.status_code == 302
    assert Rating.objects.filter(year=2025, level="good").count() == 6
