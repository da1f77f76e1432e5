"""The yearly quality ranking of grassroots organizations: the points cap the
level under the 100-point scale of 366-QĐ/TW (rule data), none before it; the
share of excellent rankings under one committee is capped; org_staff only."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organizations.models import Organization, OrganizationRating, RuleVersion
from organizations.services.ranking import level_for_points, rank_organization
from reports.statistics import Period, compute
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

D = datetime.date


def test_the_points_give_the_level_by_the_rules_in_force():
    end_2025 = D(2025, 12, 31)
    assert level_for_points(Decimal("90"), end_2025) == "excellent"
    assert level_for_points(Decimal("89.9"), end_2025) == "good"
    assert level_for_points(Decimal("70"), end_2025) == "good"
    assert level_for_points(Decimal("50"), end_2025) == "completed"
    assert level_for_points(Decimal("49.5"), end_2025) == "failed"
    # Before 366-QĐ/TW there was no 100-point scale.
    assert level_for_points(Decimal("95"), D(2024, 12, 31)) is None
    # A corrected rule is followed from its date.
    RuleVersion.objects.create(
        key="rating.excellent_min_points",
        value=95,
        unit="points",
        effective_from=D(2026, 1, 1),
        source="test",
    )
    assert level_for_points(Decimal("92"), D(2026, 12, 31)) == "good"


def test_ranking_a_year(org_tree, org_staff, hothau_secretary, frozen_today):
    hothau = org_tree.hothau
    with pytest.raises(PermissionDenied):
        rank_organization(
            hothau, year=2025, level="", points=Decimal(80), by=hothau_secretary
        )
    rating = rank_organization(
        hothau, year=2025, level="", points=Decimal("85.5"), by=org_staff
    )
    assert (rating.level, rating.points) == ("good", Decimal("85.5"))
    with pytest.raises(ValidationError, match="tối đa"):
        rank_organization(
            hothau, year=2025, level="excellent", points=Decimal(85), by=org_staff
        )
    lower = rank_organization(
        hothau, year=2025, level="completed", points=Decimal(85), by=org_staff
    )
    assert lower.level == "completed"
    assert OrganizationRating.objects.count() == 1
    with pytest.raises(ValidationError, match="thang điểm 100"):
        rank_organization(hothau, year=2025, level="good", points=None, by=org_staff)
    with pytest.raises(ValidationError, match="mức xếp loại"):
        rank_organization(hothau, year=2024, level="", points=None, by=org_staff)
    old = rank_organization(hothau, year=2024, level="good", points=None, by=org_staff)
    assert old.level == "good"
    with pytest.raises(ValidationError, match="Chỉ xếp loại tổ chức cơ sở"):
        rank_organization(
            org_tree.hothau_village,
            year=2025,
            level="",
            points=Decimal(80),
            by=org_staff,
        )
    with pytest.raises(ValidationError):
        rank_organization(hothau, year=2027, level="", points=Decimal(80), by=org_staff)
    with pytest.raises(ValidationError, match="0 đến 100"):
        rank_organization(
            hothau, year=2025, level="", points=Decimal(101), by=org_staff
        )


def test_the_excellent_share_under_one_committee(org_tree, org_staff, frozen_today):
    more = [
        OrganizationFactory(
            code=f"T-X{n}",
            kind=Organization.Kind.GRASSROOTS_CELL,
            parent=org_tree.district,
            is_grassroots=True,
        )
        for n in range(3)
    ]
    goods = [org_tree.hothau, org_tree.namdich, *more[:2]]
    for organization in goods:
        rank_organization(
            organization, year=2025, level="good", points=Decimal(80), by=org_staff
        )
    # One excellent of five ranked good or better: the 20 % allowed.
    rank_organization(
        org_tree.agency, year=2025, level="", points=Decimal(93), by=org_staff
    )
    with pytest.raises(ValidationError, match="không quá 20%"):
        rank_organization(
            more[2], year=2025, level="excellent", points=Decimal(95), by=org_staff
        )
    figures = compute(org_tree.district, Period.year(2025))["ranking"]["organizations"]
    assert figures == {
        "excellent": 1,
        "good": 4,
        "completed": 0,
        "failed": 0,
        "not_ranked": 1,
    }


def test_the_ranking_page(
    client_as, org_tree, org_staff, hothau_secretary, namdich_secretary, frozen_today
):
    url = reverse("reports:ranking")
    mine = client_as(hothau_secretary).get(url, {"year": 2025})
    assert [row.organization for row, _rating in mine.context["rows"]] == [
        org_tree.hothau
    ]
    assert not mine.context["editable"]
    rank = reverse("reports:rank", args=[org_tree.hothau.pk])
    data = {"year": 2025, "points": "80", "level": ""}
    assert client_as(namdich_secretary).post(rank, data).status_code == 404
    assert client_as(hothau_secretary).post(rank, data).status_code == 403
    staff = client_as(org_staff)
    answer = staff.post(rank, data, follow=True)
    assert "Đã ghi nhận" in answer.content.decode()
    assert OrganizationRating.objects.get().level == "good"
    # Alone under its committee, an excellent ranking would be all of them.
    refused = staff.post(rank, {**data, "points": "95"}, follow=True)
    assert "không quá 20%" in refused.content.decode()
    bad = staff.post(rank, {"year": 2025, "points": "chín mươi"}, follow=True)
    assert "Đảng bộ xã Hồ Thầu" in bad.content.decode()
    page = staff.get(url, {"year": "abc"})
    assert page.status_code == 200
    assert page.context["year"] == 2025
    assert page.context["not_ranked"] == 2
