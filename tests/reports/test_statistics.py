"""The statistics on small registries whose right answers are known: where a
figure's edge lies (31/12 against 01/01, a birthday on the last day), what a
move inside the scope is (nothing), and that a merge recorded later leaves an
earlier year as it was."""

import datetime

import pytest

from members.models import Ethnicity, Exemption, Member
from members.services.lifecycle import end_membership
from members.services.reorganization import merge_organization, set_sector
from members.services.transfers import receive_transfer, start_transfer
from organizations.calendar import add_months
from organizations.models import Organization
from reports.statistics import Period, compute
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

D = datetime.date
YEAR = Period.year(2025)


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("thongke", password="x")


@pytest.fixture
def elsewhere(org_tree):
    """A commune of another district of the province: outside the district."""
    other = OrganizationFactory(
        code="T-XM",
        name="Đảng bộ huyện Xín Mần",
        kind=Organization.Kind.UPPER_COMMITTEE,
        parent=org_tree.province,
    )
    return OrganizationFactory(
        code="T-XM-NK",
        name="Đảng bộ xã Nà Khương",
        kind=Organization.Kind.COMMUNE_COMMITTEE,
        parent=other,
        is_grassroots=True,
    )


def admitted_on(day, organization, **fields):
    return MemberFactory(
        organization=organization,
        admission_decision_date=day,
        ceremony_date=day + datetime.timedelta(days=10),
        official_date=None,
        status=Member.Status.PROBATIONARY,
        **fields,
    )


def test_an_admission_counts_in_the_year_of_its_decision(org_tree, frozen_today):
    village = org_tree.hothau_village
    admitted_on(D(2025, 12, 31), village, sex="female", occupation_group="student")
    admitted_on(D(2026, 1, 1), village)
    admitted_on(D(2025, 1, 1), org_tree.namdich_village)
    admitted_on(D(2024, 12, 31), org_tree.namdich_village)

    district = compute(org_tree.district, YEAR)
    assert district["movements"]["admitted"]["total"] == 2
    assert district["movements"]["admitted"]["women"] == 1
    by_occupation = district["movements"]["admitted"]["by_occupation"]
    assert (by_occupation["student"], by_occupation["unknown"]) == (1, 1)
    # Decided on 31/12, the ceremony comes in January: not yet a member then.
    assert district["members"]["total"] == 2
    hothau = compute(org_tree.hothau, YEAR)
    assert hothau["movements"]["admitted"]["total"] == 1
    assert hothau["members"]["total"] == 0
    assert compute(org_tree.hothau, Period.year(2026))["members"]["total"] == 2


def test_organizations_without_an_admission(org_tree, org_staff, frozen_today):
    admitted_on(D(2025, 6, 1), org_tree.hothau_village)
    set_sector(org_tree.hothau, sector="commune", by=org_staff)
    set_sector(org_tree.agency, sector="public_service", by=org_staff)
    figures = compute(org_tree.district, YEAR)["organizations"]
    assert figures["grassroots"] == 3
    assert figures["grassroots_by_kind"]["commune"] == 2
    assert figures["grassroots_by_kind"]["grassroots_cell"] == 1
    # Nậm Dịch not yet classified.
    sectors = {k: n for k, n in figures["grassroots_by_sector"].items() if n}
    assert sectors == {"commune": 1, "public_service": 1, "unknown": 1}
    assert figures["subordinate_cells"] == 2
    assert figures["without_admission"] == 2
    assert {o["code"] for o in figures["without_admission_list"]} == {"T-ND", "T-GD"}


def test_the_breakdowns_at_the_period_end(org_tree, frozen_today):
    last = YEAR.last
    cell = org_tree.hothau_village
    # 31 on the last day of the year: in the 31–40 band, not ≤ 30.
    MemberFactory(organization=cell, birth_date=add_months(last, -12 * 31))
    MemberFactory(
        organization=cell,
        birth_date=add_months(last, -12 * 31) + datetime.timedelta(days=1),
        general_education="7/10",
        religion="buddhism",
    )
    MemberFactory(
        organization=cell,
        birth_date=D(1960, 1, 1),
        general_education="4/12",
        sex="female",
        admission_decision_date=D(1990, 3, 1),
        occupation_group="retired",
    )
    figures = compute(org_tree.district, YEAR)["members"]
    assert figures["total"] == 3
    assert figures["by_age"] == {
        "to_30": 1,
        "31_40": 1,
        "41_50": 0,
        "51_60": 0,
        "from_61": 1,
    }
    assert figures["average_age"] == round((31 + 30 + 65) / 3, 1)
    assert figures["by_sex"] == {"male": 2, "female": 1}
    # "7/10" of the ten-year system finished the second level.
    assert figures["by_education"] == {
        "primary": 1,
        "lower_secondary": 1,
        "upper_secondary": 0,
        "unknown": 1,
    }
    assert figures["by_religion"]["buddhism"] == 1
    assert figures["by_occupation"]["retired"] == 1
    assert figures["by_occupation"]["unknown"] == 2
    assert figures["by_ethnicity"] == {"kinh": 0, "minority": 3}
    assert figures["by_ethnic_group"] == {"Nùng": 3}
    assert figures["by_party_age"]["30_39"] == 1
    assert figures["by_party_age"]["10_19"] == 2


def test_whole_years_ethnic_groups_and_exemption_at_a_half_years_end(
    org_tree, frozen_today
):
    half = Period.half(2025, 1)
    cell = org_tree.hothau_village
    # On 30/06/2025: 40 the day before the 41st birthday, 41 on it.
    MemberFactory(organization=cell, birth_date=D(1984, 7, 1))
    kinh = MemberFactory(
        organization=cell,
        birth_date=D(1984, 6, 30),
        ethnicity=Ethnicity.objects.get(code=Ethnicity.KINH),
    )
    exempt = MemberFactory(organization=cell, birth_date=D(1950, 1, 1))
    Exemption.objects.create(member=exempt, start=D(2024, 1, 1), reason="Tuổi cao")
    Exemption.objects.create(
        member=kinh, start=D(2024, 1, 1), end=D(2025, 6, 30), reason="Ốm"
    )
    figures = compute(org_tree.district, half)["members"]
    assert figures["by_age"]["31_40"] == 1
    assert figures["by_age"]["41_50"] == 1
    assert figures["average_age"] == round((40 + 41 + 75) / 3, 1)
    assert figures["by_ethnicity"] == {"kinh": 1, "minority": 2}
    assert list(figures["by_ethnic_group"].items()) == [("Nùng", 2), ("Kinh", 1)]
    # An exemption that ended on the last day is over by then.
    assert figures["exempt"] == 1


def test_a_transfer_inside_the_scope_is_no_movement_of_it(
    org_tree, elsewhere, root, frozen_today
):
    moving = MemberFactory(organization=org_tree.hothau_village)
    leaving = MemberFactory(organization=org_tree.hothau_village)
    inside = start_transfer(
        moving, on=D(2025, 3, 2), introduction_number="12", to=org_tree.namdich, by=root
    )
    receive_transfer(inside, on=D(2025, 3, 20), by=root)
    away = start_transfer(
        leaving, on=D(2025, 4, 2), introduction_number="13", to=elsewhere, by=root
    )
    receive_transfer(away, on=D(2025, 4, 20), by=root)

    district = compute(org_tree.district, YEAR)
    assert district["movements"]["transfers"]["official_in"] == 0
    assert district["movements"]["transfers"]["official_out"] == 1
    assert district["members"]["total"] == 1
    hothau = compute(org_tree.hothau, YEAR)["movements"]["transfers"]
    assert (hothau["official_in"], hothau["official_out"]) == (0, 2)
    namdich = compute(org_tree.namdich, YEAR)["movements"]["transfers"]
    assert (namdich["official_in"], namdich["official_out"]) == (1, 0)
    province = compute(org_tree.province, YEAR)["movements"]["transfers"]
    assert (province["official_in"], province["official_out"]) == (0, 0)


def test_a_member_who_died(org_tree, root, frozen_today):
    member = MemberFactory(organization=org_tree.namdich_village)
    MemberFactory(organization=org_tree.namdich_village)
    end_membership(member, reason=Member.Status.DECEASED, on=D(2025, 8, 9), by=root)
    figures = compute(org_tree.namdich, YEAR)
    assert figures["movements"]["deceased"] == 1
    assert figures["members"]["total"] == 1
    assert compute(org_tree.namdich, Period.year(2024))["members"]["total"] == 2
    assert compute(org_tree.namdich, Period.half(2025, 1))["members"]["total"] == 2
    assert compute(org_tree.namdich, Period.half(2025, 2))["movements"]["deceased"] == 1


def test_a_merge_recorded_later_leaves_the_earlier_year(org_tree, root, frozen_today):
    MemberFactory.create_batch(2, organization=org_tree.hothau_village)
    MemberFactory(organization=org_tree.namdich_village)
    admitted_on(D(2024, 5, 1), org_tree.hothau_village)
    before = {
        code: compute(Organization.objects.get(code=code), Period.year(2024))
        for code in ("T-HSP", "T-HT", "T-ND")
    }
    merge_organization(
        org_tree.hothau, into=org_tree.namdich, on=D(2025, 7, 1), by=root
    )
    for code, figures in before.items():
        again = compute(Organization.objects.get(code=code), Period.year(2024))
        assert again == figures
    assert before["T-HT"]["members"]["total"] == 3
    assert before["T-HT"]["movements"]["admitted"]["total"] == 1

    district = compute(org_tree.district, YEAR)
    assert district["members"]["total"] == 4
    assert district["movements"]["transfers"]["official_out"] == 0
    assert district["organizations"]["grassroots"] == 2
    assert compute(org_tree.namdich, YEAR)["members"]["total"] == 4
