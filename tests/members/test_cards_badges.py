"""Party cards and party badges, with party age net of the gaps outside the Party."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.due import badges_due
from members.models import (
    Badge,
    Member,
    MemberEvent,
    PartyCard,
)
from members.services.badges import award_badge
from members.services.cards import issue_card
from members.services.readmission import readmit_member
from members.services.recording import Decision
from organizations.models import RuleVersion
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


@pytest.mark.parametrize(("months_early", "taken"), [(3, True), (2, False)])
def test_how_early_for_illness_is_the_rule_row_s(
    veteran, org_staff, months_early, taken
):
    RuleVersion.objects.create(
        key="badge.early_months_ill",
        value={"30": months_early, "70": 24},
        unit=RuleVersion.Unit.LIST,
        judged_on="ngày trao",
        effective_from=D(2026, 1, 1),
        source="Hướng dẫn mới (giả định cho kiểm thử)",
    )
    # 55 years on 2/12/2026: presented on 2/9/2026, three months early.
    veteran.party_age_from = D(1971, 12, 2)
    veteran.save()
    award = lambda: award_badge(  # noqa: E731
        veteran,
        milestone=55,
        awarded_on=D(2026, 9, 2),
        early="ill",
        decision=decision(D(2026, 8, 20)),
        by=org_staff,
    )
    if taken:
        award()
        assert veteran.badges.get().early == "ill"
    else:
        with pytest.raises(ValidationError, match="02/12/2026"):
            award()


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
