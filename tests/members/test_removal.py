"""Triggers for removal of name (DOMAIN.md §5.3) found for those responsible,
with the rule and its source, none decided by the registry."""

import datetime

import pytest
from django.urls import reverse

from members.models import Rating
from members.removal import failed_ratings, no_progress
from members.services import periods
from organizations.models import RuleVersion
from reports.due import due_items
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
TODAY = D(2026, 11, 28)


def rated(member, **years):
    for year, level in years.items():
        Rating.objects.create(member=member, year=int(year[1:]), level=level)


@pytest.fixture
def members(org_tree):
    cell = org_tree.hothau_village
    people = {
        name: MemberFactory(organization=cell, full_name=name)
        for name in ("Hai năm liền", "Năm nay nữa", "Đã tiến bộ", "Một lần", "Cách năm")
    }
    rated(people["Hai năm liền"], y2024="failed", y2025="failed")
    rated(people["Năm nay nữa"], y2025="failed", y2026="failed")
    rated(people["Đã tiến bộ"], y2023="failed", y2024="failed", y2025="good")
    rated(people["Một lần"], y2024="good", y2025="failed")
    # Failed twice in the years counted, but not one after the other.
    rated(people["Cách năm"], y2024="failed", y2025="good", y2026="failed")
    return people


def test_two_failed_ratings_in_a_row(members, hothau_secretary, namdich_secretary):
    found = {t.member.full_name: t for t in failed_ratings(hothau_secretary, TODAY)}
    assert set(found) == {"Hai năm liền", "Năm nay nữa"}
    assert found["Hai năm liền"].since == D(2025, 12, 31)
    assert "2024–2025" in found["Hai năm liền"].reason
    assert found["Hai năm liền"].source.endswith("§8.1")
    assert not failed_ratings(namdich_secretary, TODAY)


def test_the_count_is_the_rule_row_s(members, hothau_secretary):
    RuleVersion.objects.create(
        key="removal.consecutive_failed_ratings",
        value=3,
        unit=RuleVersion.Unit.COUNT,
        effective_from=D(2026, 1, 1),
        source="Quy định mới (giả định cho kiểm thử)",
    )
    assert not failed_ratings(hothau_secretary, TODAY)
    rated(members["Hai năm liền"], y2026="failed")
    [trigger] = failed_ratings(hothau_secretary, TODAY)
    assert trigger.member == members["Hai năm liền"]
    assert trigger.source == "Quy định mới (giả định cho kiểm thử)"


def test_the_trigger_is_on_the_due_list(members, hothau_secretary):
    removals = [
        item
        for item in due_items(hothau_secretary, TODAY)
        if item.what.startswith("Xem xét xóa tên")
    ]
    assert {item.who for item in removals} == {"Hai năm liền", "Năm nay nữa"}
    assert all(item.due <= TODAY for item in removals)


def test_no_progress_a_year_after_the_cell_began_helping(
    org_tree, hothau_secretary, client_as
):
    slow = MemberFactory(organization=org_tree.hothau_village, full_name="Chậm tiến")
    better = MemberFactory(organization=org_tree.hothau_village, full_name="Tiến bộ")
    url = reverse("members:action", args=[slow.pk, "guidance"])
    data = {"start": "28/11/2025", "reason": "Không thực hiện nhiệm vụ được giao"}
    assert client_as(hothau_secretary).post(url, data).status_code == 302
    periods.start_guidance(
        better, start=D(2025, 6, 1), reason="Ít sinh hoạt", by=hothau_secretary
    )
    periods.end_guidance(better, on=D(2026, 3, 1), by=hothau_secretary)
    # Twelve months from 28/11/2025 are met on 28/11/2026, not the day before.
    assert not no_progress(hothau_secretary, TODAY - datetime.timedelta(days=1))
    [trigger] = no_progress(hothau_secretary, TODAY)
    assert (trigger.member, trigger.since) == (slow, TODAY)
    assert "28/11/2025" in trigger.reason
    page = client_as(hothau_secretary).get(slow.get_absolute_url()).content.decode()
    assert "Chi bộ giúp đỡ đảng viên này từ ngày 28/11/2025" in page
    assert reverse("members:action", args=[slow.pk, "improved"]) in page
    periods.end_guidance(slow, on=TODAY, by=hothau_secretary)
    assert not no_progress(hothau_secretary, TODAY)
