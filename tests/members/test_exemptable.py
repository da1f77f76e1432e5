"""Members who may ask to be exempted (DOMAIN.md §5.2): past the working age
of their sex and missing the cell's latest meeting, or away ill for the
months of treatment the rule counts. Shown to those responsible with the rule
and its source; the member asks and the cell decides, the registry does not."""

import datetime

import pytest
from django.urls import reverse

from members.exemptable import may_be_exempted
from members.models import Member, MissedMonth
from members.removal import missed_months
from members.services import periods
from members.services.monthly import record_month
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
OCTOBER = D(2026, 10, 1)


def member(org_tree, name, **fields):
    return MemberFactory(organization=org_tree.hothau_village, full_name=name, **fields)


def record(org_tree, by, month, *, absent=(), ill=()):
    record_month(
        org_tree.hothau_village,
        month=month,
        absent={m.pk for m in absent},
        unpaid=set(),
        ill={m.pk for m in ill},
        by=by,
    )


def found(user):
    return {t.member.full_name: t for t in may_be_exempted(user, TODAY)}


@pytest.mark.parametrize(
    ("sex", "born", "listed"),
    [
        # Men from 60, women from 55 (27-HD/BTCTW), on the day itself.
        (Member.Sex.MALE, D(1966, 11, 28), True),
        (Member.Sex.MALE, D(1966, 11, 29), False),
        (Member.Sex.FEMALE, D(1971, 11, 28), True),
        (Member.Sex.FEMALE, D(1971, 11, 29), False),
    ],
)
def test_past_the_working_age_of_their_sex_and_missing_the_meeting(
    org_tree, hothau_secretary, sex, born, listed
):
    elder = member(org_tree, "Cao tuổi", sex=sex, birth_date=born)
    record(org_tree, hothau_secretary, OCTOBER, absent=[elder])
    triggers = found(hothau_secretary)
    assert ("Cao tuổi" in triggers) == listed
    if listed:
        assert triggers["Cao tuổi"].since == D(2026, 10, 31)
        assert "10/2026" in triggers["Cao tuổi"].reason
        assert "27-HD/BTCTW" in triggers["Cao tuổi"].source


def test_the_elderly_who_attend_or_missed_long_ago_are_not_listed(
    org_tree, hothau_secretary
):
    old = {"sex": Member.Sex.MALE, "birth_date": D(1950, 1, 1)}
    attends = member(org_tree, "Vẫn sinh hoạt", **old)
    long_ago = member(org_tree, "Vắng từ tháng 9", **old)
    record(org_tree, hothau_secretary, D(2026, 9, 1), absent=[long_ago])
    assert attends.pk
    assert not found(hothau_secretary)


@pytest.mark.parametrize(
    ("months", "listed"),
    [
        ((9, 10, 11), True),
        ((8, 9, 10), True),  # the run ends last month
        ((10, 11), False),
        ((8, 9, 11), False),  # not running
        ((7, 8, 9), False),  # ended before last month
    ],
)
def test_away_ill_for_the_rule_s_months_running(
    org_tree, hothau_secretary, months, listed
):
    young = member(org_tree, "Ốm dài ngày", birth_date=D(1990, 1, 1))
    for m in months:
        record(org_tree, hothau_secretary, D(2026, m, 1), ill=[young])
    triggers = found(hothau_secretary)
    assert ("Ốm dài ngày" in triggers) == listed
    if listed:
        assert "3" in triggers["Ốm dài ngày"].reason


def test_the_months_of_illness_are_the_rule_row_s(org_tree, hothau_secretary):
    young = member(org_tree, "Ốm dài ngày", birth_date=D(1990, 1, 1))
    for m in (9, 10, 11):
        record(org_tree, hothau_secretary, D(2026, m, 1), ill=[young])
    RuleVersion.objects.create(
        key="exemption.illness_min_months",
        value=4,
        unit=RuleVersion.Unit.MONTHS,
        effective_from=D(2026, 1, 1),
        source="Hướng dẫn mới (giả định cho kiểm thử)",
    )
    assert not found(hothau_secretary)


def test_a_meeting_missed_through_illness_is_no_removal_trigger(
    org_tree, hothau_secretary
):
    young = member(org_tree, "Ốm dài ngày", birth_date=D(1990, 1, 1))
    for m in (6, 7, 8, 9):
        record(org_tree, hothau_secretary, D(2026, m, 1), ill=[young])
    assert not missed_months(hothau_secretary, TODAY)
    # Ticked both ways, the meeting was missed without a reason.
    record(org_tree, hothau_secretary, OCTOBER, absent=[young], ill=[young])
    row = MissedMonth.objects.get(member=young, month=OCTOBER)
    assert row.absent
    assert not row.ill


def test_the_exempt_are_not_listed_and_the_list_is_scoped(
    org_tree, hothau_secretary, namdich_secretary, org_staff
):
    old = {"sex": Member.Sex.MALE, "birth_date": D(1950, 1, 1)}
    exempt = member(org_tree, "Đã được miễn", **old)
    elder = member(org_tree, "Cao tuổi", **old)
    record(org_tree, hothau_secretary, OCTOBER, absent=[exempt, elder])
    periods.start_exemption(
        exempt, start=D(2026, 11, 2), reason="Tuổi cao", by=hothau_secretary
    )
    assert set(found(hothau_secretary)) == {"Cao tuổi"}
    assert not found(namdich_secretary)
    items = [i for i in due_items(org_staff, TODAY) if i.who == "Cao tuổi"]
    assert len(items) == 1
    assert "27-HD/BTCTW" in items[0].what
    assert not [i for i in due_items(namdich_secretary, TODAY) if i.who == "Cao tuổi"]


def test_the_monthly_page_records_illness(org_tree, hothau_secretary, client_as):
    young = member(org_tree, "Ốm dài ngày", birth_date=D(1990, 1, 1))
    url = reverse("members:months", args=[org_tree.hothau_village.pk])
    page = client_as(hothau_secretary).get(url + "?month=2026-10").content.decode()
    assert 'name="ill"' in page
    answer = client_as(hothau_secretary).post(
        url + "?month=2026-10", {"ill": [str(young.pk)]}
    )
    assert answer.status_code == 302
    row = MissedMonth.objects.get(member=young, month=OCTOBER)
    assert row.ill
    assert not row.absent
