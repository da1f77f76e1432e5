"""The yearly quality ratings of a whole organization."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import (
    Member,
    MemberEvent,
    Rating,
)
from members.services.ratings import rate_organization
from tests.factories import MemberFactory, letters

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
Kind = MemberEvent.Kind


# Ratings of a whole organization


@pytest.fixture
def cell(org_tree):
    return [
        MemberFactory(
            organization=org_tree.hothau_village, full_name=f"Đảng viên {letters(n)}"
        )
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


def test_points_on_the_100_point_scale_give_or_cap_the_rating(
    cell, org_tree, hothau_secretary
):
    # 2025's ratings are judged on 31/12/2025, under 366-QĐ/TW's scale.
    sheet = {m.pk: "good" for m in cell[1:]} | {cell[0].pk: ""}
    points = {cell[0].pk: Decimal("92.5"), cell[1].pk: Decimal("95")}
    rate_organization(
        org_tree.hothau_village,
        year=2025,
        levels=sheet,
        points=points,
        by=hothau_secretary,
    )
    first, second = (Rating.objects.get(member=m, year=2025) for m in cell[:2])
    # No level chosen: the points give it; a lower one than the points reach
    # is the cell's to give.
    assert (first.level, first.points) == ("excellent", Decimal("92.5"))
    assert (second.level, second.points) == ("good", Decimal("95"))
    # A level above what the points reach is refused, and nothing changes.
    with pytest.raises(ValidationError, match="Đảng viên AC"):
        rate_organization(
            org_tree.hothau_village,
            year=2025,
            levels={cell[2].pk: "excellent"},
            points={cell[2].pk: Decimal("70")},
            by=hothau_secretary,
        )
    assert Rating.objects.get(member=cell[2], year=2025).level == "good"


def test_the_sheet_takes_points_as_vietnamese_write_them(
    cell, org_tree, hothau_secretary, client_as
):
    url = reverse("members:ratings", args=[org_tree.hothau_village.pk]) + "?year=2025"
    data = {f"level_{m.pk}": "good" for m in cell}
    data |= {f"level_{cell[0].pk}": "", f"points_{cell[0].pk}": "91,5"}
    assert client_as(hothau_secretary).post(url, data).status_code == 302
    rating = Rating.objects.get(member=cell[0], year=2025)
    assert (rating.level, rating.points) == ("excellent", Decimal("91.5"))
    page = client_as(hothau_secretary).get(url).content.decode()
    assert 'value="91,5"' in page
    refused = client_as(hothau_secretary).post(
        url, data | {f"points_{cell[1].pk}": "90", f"level_{cell[1].pk}": "excellent"}
    )
    assert refused.status_code == 200
    assert "Đảng viên AB" in refused.content.decode()
    assert not Rating.objects.filter(member=cell[1], level="excellent").exists()
    # A mistyped number is named beside its field, and the field is marked.
    typo = client_as(hothau_secretary).post(url, data | {f"points_{cell[2].pk}": "abc"})
    assert typo.status_code == 200
    page = typo.content.decode()
    assert "Nhập một số" in page
    assert 'aria-invalid="true"' in page
