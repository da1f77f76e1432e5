"""The statistics page: each user sees the figures of their own scope and
nothing else; whatever the query says, the answer is a page, never an error."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

D = datetime.date
URL = reverse("reports:statistics")


def figure(page, section, table, key):
    for found in page.context["sections"]:
        if found.key != section:
            continue
        for candidate in found.tables:
            if candidate.key == table:
                return next(row.value for row in candidate.rows if row.key == key)
    raise AssertionError(f"{section}/{table}/{key} not on the page")


@pytest.fixture
def registry(org_tree, frozen_today):
    MemberFactory.create_batch(2, organization=org_tree.hothau_village)
    MemberFactory.create_batch(3, organization=org_tree.namdich_village)
    MemberFactory(
        organization=org_tree.agency,
        full_name="Lò Thị Ánh",
        admission_decision_date=D(2025, 4, 2),
        official_date=None,
    )
    return org_tree


def test_the_district_sees_last_year_for_the_whole_district(
    client, registry, org_staff
):
    client.force_login(org_staff)
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["period"].first == D(2025, 1, 1)
    assert page.context["root"] == registry.district
    assert figure(page, "members", "summary", "total") == 6
    assert figure(page, "movements", "movements", "admitted") == 1
    text = page.content.decode()
    assert "Năm 2025" in text
    assert "Thống kê" in text


def test_a_secretary_sees_her_commune_only(client, registry, hothau_secretary):
    client.force_login(hothau_secretary)
    page = client.get(URL, {"year": 2025, "span": "year"})
    assert page.context["root"] == registry.hothau
    assert figure(page, "members", "summary", "total") == 2

    other = client.get(
        URL, {"organization": registry.namdich.pk, "year": 2025, "span": "year"}
    )
    assert other.status_code == 200
    assert other.context["root"] == registry.hothau
    assert other.context["form"].errors["organization"]
    assert figure(other, "members", "summary", "total") == 2
    assert registry.namdich.name not in other.content.decode()


def test_a_half_year_and_two_dates(client, registry, org_staff):
    client.force_login(org_staff)
    first_half = client.get(URL, {"year": 2025, "span": "1"})
    assert first_half.context["period"].last == D(2025, 6, 30)
    assert figure(first_half, "movements", "movements", "admitted") == 1
    second_half = client.get(URL, {"year": 2025, "span": "2"})
    assert figure(second_half, "movements", "movements", "admitted") == 0
    dates = client.get(
        URL,
        {
            "year": 2025,
            "span": "dates",
            "first_day": "01/04/2025",
            "last_day": "2025-04-02",
            "organization": registry.agency.pk,
        },
    )
    assert dates.context["period"].first == D(2025, 4, 1)
    assert figure(dates, "movements", "movements", "admitted") == 1
    assert figure(dates, "members", "summary", "total") == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "hai nghìn", "span": "year"}, "số nguyên"),
        ({"year": 99999, "span": "year"}, "1930"),
        ({"year": 2025, "span": "dates"}, "Nhập cả ngày bắt đầu"),
        (
            {
                "year": 2025,
                "span": "dates",
                "first_day": "02/05/2025",
                "last_day": "01/05/2025",
            },
            "trước ngày bắt đầu",
        ),
        ({"year": 2025, "span": "dates", "first_day": "31/02/2025"}, "ngày/tháng/năm"),
        ({"year": 2027, "span": "year"}, "chưa bắt đầu"),
        ({"year": 2025, "span": "3"}, "lựa chọn hợp lệ"),
        ({"organization": "'; DROP TABLE", "year": 2025}, "lựa chọn hợp lệ"),
    ],
)
def test_bad_input_says_why_and_shows_last_year(
    client, registry, org_staff, query, message
):
    client.force_login(org_staff)
    page = client.get(URL, query)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert page.context["period"].first == D(2025, 1, 1)


def test_the_current_year_is_counted_so_far(client, registry, org_staff):
    client.force_login(org_staff)
    page = client.get(URL, {"year": 2026, "span": "year"})
    assert page.context["period"].last == D(2026, 11, 28)


def test_no_role_no_figures(client, django_user_model):
    user = django_user_model.objects.create_user("norole", password="x")
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200
    assert "sections" not in page.context


def test_signed_out_goes_to_the_login(client):
    page = client.get(URL)
    assert page.status_code == 302
    assert reverse("login") in page["Location"]
