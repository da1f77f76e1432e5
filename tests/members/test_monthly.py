"""The cell's monthly record of missed meetings and unpaid dues, and the
removal-of-name trigger it feeds (DOMAIN.md §5.3: three months in a year)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import MissedMonth
from members.removal import missed_months
from members.services.monthly import record_month
from organizations.models import RuleVersion
from reports.due import due_items
from tests.factories import MemberFactory, letters

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
TODAY = D(2026, 11, 28)


@pytest.fixture
def cell(org_tree):
    return [
        MemberFactory(
            organization=org_tree.hothau_village, full_name=f"Đảng viên {letters(n)}"
        )
        for n in range(3)
    ]


def month(org_tree, day, by, absent=(), unpaid=()):
    return record_month(
        org_tree.hothau_village,
        month=day,
        absent={m.pk for m in absent},
        unpaid={m.pk for m in unpaid},
        by=by,
    )


def test_the_record_is_the_cells_and_written_whole(
    cell, org_tree, hothau_secretary, namdich_secretary
):
    with pytest.raises(PermissionDenied):
        month(org_tree, D(2026, 9, 1), namdich_secretary, absent=cell[:1])
    with pytest.raises(ValidationError):
        month(org_tree, D(2026, 12, 1), hothau_secretary, absent=cell[:1])
    outsider = MemberFactory(organization=org_tree.namdich_village)
    with pytest.raises(ValidationError):
        month(org_tree, D(2026, 9, 1), hothau_secretary, absent=[outsider])
    assert month(org_tree, D(2026, 9, 15), hothau_secretary, absent=cell[:2]) == 2
    # A correction replaces the month.
    month(org_tree, D(2026, 9, 1), hothau_secretary, unpaid=cell[1:2])
    rows = MissedMonth.objects.values_list("member_id", "month", "absent", "unpaid")
    rows = list(rows)
    assert rows == [(cell[1].pk, D(2026, 9, 1), False, True)]


def test_three_months_in_one_year_are_a_trigger(cell, org_tree, hothau_secretary):
    for day in (D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1)):
        month(org_tree, day, hothau_secretary, absent=cell[:1])
    for day in (D(2026, 3, 1), D(2026, 6, 1), D(2026, 8, 1)):
        month(org_tree, day, hothau_secretary, absent=cell[1:2], unpaid=cell[2:3])
    # Both in one month count once.
    month(org_tree, D(2026, 6, 1), hothau_secretary, absent=cell[1:2], unpaid=cell[1:])
    found = {t.member: t for t in missed_months(hothau_secretary, TODAY)}
    # Two months of 2025 and one of 2026 are not three in a year.
    assert set(found) == {cell[1], cell[2]}
    assert found[cell[2]].since == D(2026, 8, 31)
    assert "3 tháng trong năm 2026" in found[cell[1]].reason
    names = {i.who for i in due_items(hothau_secretary, TODAY) if "xóa tên" in i.what}
    assert names == {"Đảng viên AB", "Đảng viên AC"}
    RuleVersion.objects.create(
        key="removal.missed_months_in_year",
        value=4,
        unit=RuleVersion.Unit.MONTHS,
        effective_from=D(2026, 1, 1),
        source="Quy định mới (giả định cho kiểm thử)",
    )
    assert not missed_months(hothau_secretary, TODAY)


def test_the_monthly_page(cell, org_tree, hothau_secretary, viewer, client_as):
    url = reverse("members:months", args=[org_tree.hothau_village.pk])
    page = client_as(viewer).get(url + "?month=2026-10")
    assert page.status_code == 200
    assert "disabled" in page.content.decode()
    assert client_as(viewer).post(url + "?month=2026-10", {}).status_code == 403
    answer = client_as(hothau_secretary).post(
        url + "?month=2026-10",
        {"absent": [str(cell[0].pk), "abc", "999999"], "unpaid": [str(cell[1].pk)]},
    )
    assert answer.status_code == 302
    assert set(MissedMonth.objects.values_list("member_id", "month")) == {
        (cell[0].pk, D(2026, 10, 1)),
        (cell[1].pk, D(2026, 10, 1)),
    }
    shown = client_as(hothau_secretary).get(url + "?month=2026-10").content.decode()
    assert shown.count("checked") == 2
    # A month not offered falls back to the last month ended.
    assert client_as(hothau_secretary).get(url + "?month=1999-01").context[
        "month"
    ] == D(2026, 10, 1)
