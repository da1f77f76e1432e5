import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import clock
from organizations.models import Position, Role
from tests.factories import (
    MemberFactory,
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def people(org_tree):
    # Two official members in Hồ Thầu, one probationary admitted on 20/3/2026,
    # one in Nậm Dịch who died in 2024, one in the agency cell.
    MemberFactory.create_batch(2, organization=org_tree.hothau_village)
    MemberFactory(
        organization=org_tree.hothau_village,
        admission_decision_date=D(2026, 3, 20),
        ceremony_date=D(2026, 4, 10),
        official_date=None,
        status="probationary",
    )
    MemberFactory(
        organization=org_tree.namdich_village,
        end_date=D(2024, 5, 1),
        end_reason="deceased",
        status="deceased",
    )
    MemberFactory(organization=org_tree.agency)


def figures(response):
    return response.context["figures"]


def test_dashboard_today_and_as_at_a_date(client_as, org_staff, people, frozen_today):
    client = client_as(org_staff)
    today = figures(client.get(reverse("reports:dashboard")))
    assert (
        today.members.total,
        today.members.official,
        today.members.probationary,
    ) == (4, 3, 1)
    assert (today.grassroots, today.admitted_in_year) == (3, 1)
    past = figures(client.get(reverse("reports:dashboard"), {"as_at": "2023-12-31"}))
    assert (past.members.total, past.members.probationary, past.admitted_in_year) == (
        4,
        0,
        0,
    )
    # The ceremony makes the member; the decision counts for the year.
    april = figures(client.get(reverse("reports:dashboard"), {"as_at": "2026-04-01"}))
    assert (april.members.total, april.admitted_in_year) == (3, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2999-01-01", "Ghi ngày từ 01/01/1900 đến"),
        ("31/02/2020", "Ghi ngày theo dạng ngày/tháng/năm"),
        ("abc", "Ghi ngày theo dạng ngày/tháng/năm"),
        ("01/01/1899", "Ghi ngày từ 01/01/1900 đến"),
    ],
)
def test_a_bad_as_at_shows_a_vietnamese_message_and_today(
    client_as, org_staff, people, value, message
):
    response = client_as(org_staff).get(reverse("reports:dashboard"), {"as_at": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert figures(response).as_at == clock.today()


def test_dashboard_accepts_the_vietnamese_date_format(client_as, org_staff, people):
    response = client_as(org_staff).get(
        reverse("reports:dashboard"), {"as_at": "31/12/2023"}
    )
    assert figures(response).as_at == D(2023, 12, 31)


def test_dashboard_links_reach_every_organization(
    client_as, org_staff, org_tree, people
):
    client = client_as(org_staff)
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert reverse("members:organization", args=[org_tree.district.pk]) in dashboard
    assert reverse("members:organization_tree") in dashboard
    tree = client.get(reverse("members:organization_tree")).content.decode()
    for org in (
        org_tree.district,
        org_tree.hothau,
        org_tree.hothau_village,
        org_tree.namdich_village,
        org_tree.agency,
    ):
        assert reverse("members:organization", args=[org.pk]) in tree
    assert "<script" not in tree.split("<main", 1)[1]


def test_tree_counts_roll_up_the_subtree(client_as, org_staff, org_tree, people):
    response = client_as(org_staff).get(reverse("members:organization_tree"))
    nodes = {}

    def walk(items):
        for node in items:
            nodes[node.organization.pk] = node.counts
            walk(node.children)

    walk(response.context["tree"])
    assert nodes[org_tree.district.pk].total == 4
    assert nodes[org_tree.hothau.pk].total == 3
    assert nodes[org_tree.hothau_village.pk].total == 3
    assert nodes[org_tree.namdich.pk].total == 0


@pytest.mark.parametrize(
    "name", ["members:organization_tree", "reports:dashboard", "members:organization"]
)
def test_pages_use_a_fixed_number_of_queries(
    client_as, org_staff, org_tree, people, name
):
    client = client_as(org_staff)
    args = [org_tree.district.pk] if name == "members:organization" else []

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        return len(queries)

    small = count()
    for n in range(30):
        cell = OrganizationFactory(
            code=f"EXTRA{n}", parent=org_tree.hothau, kind="subordinate_cell"
        )
        MemberFactory(organization=cell)
    assert count() == small <= 45


def test_organization_page(client_as, hothau_secretary, org_tree, people):
    deputy = UserFactory(full_name="Đặng Thị Mẩy")
    RoleAssignmentFactory(
        user=deputy,
        organization=org_tree.hothau,
        role=Role.SECRETARY,
        position=Position.DEPUTY_SECRETARY,
    )
    response = client_as(hothau_secretary).get(
        reverse("members:organization", args=[org_tree.hothau.pk])
    )
    page = response.content.decode()
    assert "Đảng bộ xã Hồ Thầu" in page
    assert "Đảng bộ xã, thị trấn" in page
    assert "Đảng bộ huyện Hoàng Su Phì" in page  # the parent, named but not linked
    assert reverse("members:organization", args=[org_tree.district.pk]) not in page
    assert hothau_secretary.full_name in page
    assert "Đặng Thị Mẩy" in page
    assert page.index(hothau_secretary.full_name) < page.index("Đặng Thị Mẩy")
    counts = response.context["counts"]
    assert (counts.total, counts.official, counts.probationary) == (3, 2, 1)
    assert [(child.name, c.total) for child, c in response.context["children"]] == [
        ("Chi bộ thôn Tân Minh", 3)
    ]
    assert f"{reverse('members:list')}?organization={org_tree.hothau.pk}" in page


def test_member_list_of_an_organization(client_as, hothau_secretary, org_tree, people):
    response = client_as(hothau_secretary).get(
        reverse("members:list"), {"organization": org_tree.hothau.pk}
    )
    assert response.context["total"] == 3
    assert "3 đảng viên hiện tại" in response.content.decode()


def test_english_is_available_through_the_switch(client_as, org_staff, people):
    client = client_as(org_staff)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Party members" in client.get(reverse("reports:dashboard")).content.decode()


def test_vietnamese_even_if_the_browser_asks_for_english(client_as, org_staff, people):
    response = client_as(org_staff).get(
        reverse("reports:dashboard"), headers={"Accept-Language": "en-US,en;q=0.9"}
    )
    assert "Đảng viên" in response.content.decode()
    assert response["Content-Language"] == "vi"


@pytest.mark.smoke
def test_the_old_organization_links_still_arrive(client_as, hothau_secretary, org_tree):
    client = client_as(hothau_secretary)
    old = client.get(f"/organizations/{org_tree.hothau.pk}/?as_at=2019-12-31")
    assert old.status_code == 302
    assert old["Location"] == (
        reverse("members:organization", args=[org_tree.hothau.pk]) + "?as_at=2019-12-31"
    )
    assert client.get(old["Location"]).status_code == 200
    assert client.get("/organizations/")["Location"] == reverse(
        "members:organization_tree"
    )
    # The scope still decides: another commune's page is not found.
    elsewhere = client.get(f"/organizations/{org_tree.namdich.pk}/", follow=True)
    assert elsewhere.status_code == 404


def test_the_dashboard_trend_by_year(
    client_as, org_staff, hothau_secretary, org_tree, people, frozen_today
):
    from candidates.models import AdmissionTarget

    AdmissionTarget.objects.create(
        organization=org_tree.hothau, year=2026, target=4, proposed_by=org_staff
    )
    AdmissionTarget.objects.create(
        organization=org_tree.namdich, year=2026, target=2, proposed_by=org_staff
    )
    trend = client_as(org_staff).get(reverse("reports:dashboard")).context["trend"]
    assert [y.year for y in trend] == list(range(2021, 2027))
    by_year = {y.year: y for y in trend}
    # The Nậm Dịch member died in May 2024: counted at the end of 2023 only.
    assert by_year[2023].members == 4
    assert by_year[2024].members == 3
    assert by_year[2026].members == 4
    assert (by_year[2026].admitted, by_year[2026].target) == (1, 6)
    assert by_year[2025].target == 0
    mine = client_as(hothau_secretary).get(reverse("reports:dashboard"))
    hothau = {y.year: y for y in mine.context["trend"]}
    assert (hothau[2026].members, hothau[2026].target) == (3, 4)
    assert "Đảng viên qua các năm" in mine.content.decode()
