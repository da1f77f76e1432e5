import datetime

import pytest
from django.urls import reverse

from members.due import award_window, badges_due, probation_due
from members.models import Member
from organizations.models import RuleVersion
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


def probationary(org, ceremony, name):
    return MemberFactory(
        full_name=name,
        organization=org,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=ceremony - datetime.timedelta(days=20),
        ceremony_date=ceremony,
        official_date=None,
    )


def test_probation_due_lists_ending_soon_and_overdue(
    org_tree, hothau_secretary, namdich_secretary
):
    overdue = probationary(org_tree.hothau_village, D(2025, 10, 1), "Lù Seo Chứ")
    soon = probationary(org_tree.hothau_village, D(2025, 12, 20), "Vàng Thị Mỷ")
    probationary(org_tree.hothau_village, D(2026, 3, 1), "Thào Seo Dìn")
    probationary(org_tree.namdich_village, D(2025, 12, 1), "Nông Văn Lợi")
    rows = probation_due(hothau_secretary, within_days=30)
    assert [r.member for r in rows] == [overdue, soon]
    assert (rows[0].ends_on, rows[0].days_overdue) == (D(2026, 10, 1), 58)
    assert rows[1].days_left == 22
    # The cell proposes within 30 working days of the end of probation.
    assert rows[0].propose_by == D(2026, 11, 12)
    assert [r.member.full_name for r in probation_due(namdich_secretary)] == [
        "Nông Văn Lợi"
    ]
    # The dashboard needs only the soonest: a province's thousands stay unread.
    assert [r.member for r in probation_due(hothau_secretary, limit=1)] == [overdue]


def test_probation_page(client_as, org_tree, hothau_secretary):
    probationary(org_tree.hothau_village, D(2025, 10, 1), "Lù Seo Chứ")
    page = client_as(hothau_secretary).get(reverse("members:probation"))
    assert page.status_code == 200
    assert "Lù Seo Chứ" in page.content.decode()
    assert "58" in page.content.decode()
    dashboard = client_as(hothau_secretary).get(reverse("reports:dashboard"))
    assert dashboard.context["probation_due"] == 1
    assert (
        client_as(hothau_secretary)
        .get(reverse("members:probation"), {"within": "x"})
        .status_code
        == 200
    )


def test_award_window():
    assert award_window(D(2026, 11, 28)) == (D(2026, 11, 7), D(2027, 2, 3))
    assert award_window(D(2026, 5, 19)) == (D(2026, 2, 3), D(2026, 5, 19))
    assert award_window(D(2026, 1, 10)) == (D(2025, 11, 7), D(2026, 2, 3))


def test_badges_due_at_the_next_presentation(org_tree, hothau_secretary, client_as):
    thirty = MemberFactory(
        full_name="Hoàng Văn Sinh",
        birth_date=D(1950, 1, 1),
        organization=org_tree.hothau,
        admission_decision_date=D(1997, 1, 15),
    )
    MemberFactory(
        full_name="Sần Văn Vần",
        birth_date=D(1950, 1, 1),
        organization=org_tree.hothau,
        admission_decision_date=D(1996, 10, 1),
    )
    fifty = MemberFactory(
        full_name="Lục Văn Chính",
        birth_date=D(1950, 1, 1),
        organization=org_tree.hothau,
        admission_decision_date=D(1977, 2, 3),
    )
    award, due = badges_due(hothau_secretary)
    assert award == D(2027, 2, 3)
    assert list(due[30]) == [thirty]
    assert list(due[50]) == [fifty]
    assert list(due[40]) == []
    page = client_as(hothau_secretary).get(reverse("members:badges")).content.decode()
    assert "Hoàng Văn Sinh" in page
    assert "Sần Văn Vần" not in page
    # The gift with each badge is the rule row's multiple of the base salary.
    assert "Quà tặng: 1,5 lần mức lương cơ sở" in page
    assert "Quà tặng: 3 lần mức lương cơ sở" in page
    RuleVersion.objects.create(
        key="badge.gift_multipliers",
        value={"30": 2, "50": 4},
        unit=RuleVersion.Unit.LIST,
        effective_from=D(2027, 1, 1),
        source="Hướng dẫn mới (giả định cho kiểm thử)",
    )
    page = client_as(hothau_secretary).get(reverse("members:badges")).content.decode()
    assert "Quà tặng: 2 lần mức lương cơ sở" in page
    assert "Quà tặng: 4 lần mức lương cơ sở" in page
