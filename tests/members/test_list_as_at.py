"""The member list as at a past date: who was a member that day, each in the
organization they belonged to then, on the tree as it stood, within the scope
the user's roles had that day; a record opens only for whom may read it now."""

import datetime

import pytest
from django.urls import reverse

from members.models import Member
from members.services.lifecycle import end_membership
from members.services.reorganization import merge_organization
from members.services.transfers import receive_transfer, start_transfer
from members.tables import read_table
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

D = datetime.date


def _names(response):
    return {m.full_name for m in response.context["page"].rows}


@pytest.fixture
def people(org_tree, org_staff):
    """Ba in Hồ Thầu's village since 2010; Chứ admitted there in 2023; Lợi in
    Nậm Dịch, transferred to Hồ Thầu in 2024; Páo in Hồ Thầu, died 2022."""
    ba = MemberFactory(full_name="Lù Văn Ba", organization=org_tree.hothau_village)
    chu = MemberFactory(
        full_name="Lù Seo Chứ",
        organization=org_tree.hothau_village,
        admission_decision_date=D(2023, 2, 1),
    )
    loi = MemberFactory(full_name="Nông Văn Lợi", organization=org_tree.namdich_village)
    pao = MemberFactory(full_name="Vàng Văn Páo", organization=org_tree.hothau)
    end_membership(pao, reason=Member.Status.DECEASED, on=D(2022, 5, 1), by=org_staff)
    transfer = start_transfer(
        loi,
        to=org_tree.hothau_village,
        on=D(2024, 3, 1),
        introduction_number="7",
        by=org_staff,
    )
    receive_transfer(transfer, on=D(2024, 3, 10), by=org_staff)
    return ba, chu, loi, pao


def test_the_list_as_at_a_date_holds_who_was_there_then(
    people, org_tree, hothau_secretary, namdich_secretary, client_as
):
    url = reverse("members:list")
    hothau = client_as(hothau_secretary)
    assert _names(hothau.get(url)) == {"Lù Văn Ba", "Lù Seo Chứ", "Nông Văn Lợi"}
    in_2021 = hothau.get(url, {"as_at": "2021-06-01"})
    assert _names(in_2021) == {"Lù Văn Ba", "Vàng Văn Páo"}
    assert "2 đảng viên vào ngày 01/06/2021" in in_2021.content.decode()
    # Páo's record is closed but still Hồ Thầu's: it opens.
    assert all(row.url for row in in_2021.context["rows_then"])
    namdich = client_as(namdich_secretary)
    in_2023 = namdich.get(url, {"as_at": "2023-06-01"})
    assert _names(in_2023) == {"Nông Văn Lợi"}
    # Lợi is Hồ Thầu's now: listed as Nậm Dịch's member of 2023, no link.
    assert [row.url for row in in_2023.context["rows_then"]] == [None]
    assert (
        reverse("members:detail", args=[people[2].pk]) not in in_2023.content.decode()
    )
    assert in_2023.context["rows_then"][0].organization == org_tree.namdich_village.name
    assert in_2023.context["rows_then"][0].status == "Chính thức"


def test_status_ages_and_organization_are_judged_on_the_day(
    people, org_tree, org_staff, client_as
):
    staff = client_as(org_staff)
    url = reverse("members:list")
    probationary = staff.get(url, {"as_at": "2023-06-01", "status": "probationary"})
    assert _names(probationary) == {"Lù Seo Chứ"}
    official = staff.get(url, {"as_at": "2023-06-01", "status": "official"})
    assert _names(official) == {"Lù Văn Ba", "Nông Văn Lợi"}
    in_hothau = staff.get(
        url, {"as_at": "2023-06-01", "organization": org_tree.hothau.pk}
    )
    assert _names(in_hothau) == {"Lù Văn Ba", "Lù Seo Chứ"}
    bad = staff.get(url, {"as_at": "31/12/9999"})
    assert bad.context["form"].errors
    assert _names(bad) == set()


def test_the_list_as_at_follows_a_late_merger(people, org_tree, org_staff, client_as):
    merge_organization(
        org_tree.hothau, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff
    )
    staff = client_as(org_staff)
    url = reverse("members:list")
    before = staff.get(
        url, {"as_at": "2019-12-31", "organization": org_tree.namdich.pk}
    )
    assert _names(before) == {"Nông Văn Lợi"}
    after = staff.get(url, {"as_at": "2021-01-01", "organization": org_tree.namdich.pk})
    assert _names(after) == {"Lù Văn Ba", "Nông Văn Lợi", "Vàng Văn Páo"}


def test_the_export_as_at_lists_the_same_members(people, hothau_secretary, client_as):
    response = client_as(hothau_secretary).get(
        reverse("members:export"), {"format": "xlsx", "as_at": "01/06/2021"}
    )
    headers, rows = read_table("x.xlsx", response.content)
    names = {r[headers.index("Họ và tên")] for r in rows}
    assert names == {"Lù Văn Ba", "Vàng Văn Páo"}
