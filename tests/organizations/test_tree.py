import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from organizations.models import (
    AuditEntry,
    Authority,
    Organization,
    OrganizationEvent,
    TreePeriod,
)
from organizations.services.tree import (
    end_authority,
    grant_authority,
    move_organization,
)
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = Organization.Kind
ADMISSION = Authority.ADMISSION


def test_path_is_the_chain_of_ids_from_the_root(org_tree):
    village = org_tree.hothau_village
    assert village.path == (
        f"/{org_tree.province.pk}/{org_tree.district.pk}/{org_tree.hothau.pk}/{village.pk}/"
    )
    assert village.depth == 3
    assert village.ancestor_ids == [
        org_tree.province.pk,
        org_tree.district.pk,
        org_tree.hothau.pk,
        village.pk,
    ]


def test_subtree_is_one_prefix_query(org_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(
            Organization.objects.subtree_of(org_tree.hothau).values_list(
                "name", flat=True
            )
        )
    assert names == {"Đảng bộ xã Hồ Thầu", "Chi bộ thôn Tân Minh"}


def test_subtree_as_at_a_date_is_one_prefix_query(
    org_tree, superuser, django_assert_num_queries
):
    move_organization(
        org_tree.hothau, new_parent=org_tree.namdich, on=D(2020, 1, 1), by=superuser
    )
    path_then = org_tree.namdich.path_on(D(2019, 6, 1))
    with django_assert_num_queries(1):
        then = set(
            Organization.objects.under_paths([path_then], on=D(2019, 6, 1)).values_list(
                "code", flat=True
            )
        )
    assert then == {"T-ND", "T-ND-1"}
    now = Organization.objects.subtree_of(org_tree.namdich, on=D(2020, 1, 1))
    assert set(now.values_list("code", flat=True)) == {
        "T-ND",
        "T-ND-1",
        "T-HT",
        "T-HT-1",
    }


def test_move_rewrites_the_whole_subtree_from_its_date(org_tree, superuser):
    move_organization(
        org_tree.hothau, new_parent=org_tree.namdich, on=D(2020, 1, 1), by=superuser
    )
    hothau = Organization.objects.get(pk=org_tree.hothau.pk)
    village = Organization.objects.get(pk=org_tree.hothau_village.pk)
    assert hothau.parent == org_tree.namdich
    assert hothau.path == f"{org_tree.namdich.path}{hothau.pk}/"
    assert village.path == f"{hothau.path}{village.pk}/"
    assert (hothau.depth, village.depth) == (3, 4)
    # Before its date the tree is as it was.
    assert village.path_on(D(2019, 12, 31)) == org_tree.hothau_village.path
    assert village.path_on(D(2020, 1, 1)) == village.path
    assert AuditEntry.objects.filter(
        action="organization.moved", target_id=str(hothau.pk)
    ).exists()
    event = OrganizationEvent.objects.get(organization=hothau, kind="moved")
    assert (event.kind, event.on, event.other) == (
        "moved",
        D(2020, 1, 1),
        org_tree.namdich,
    )


def test_periods_of_every_organization_cover_every_day(org_tree, superuser):
    move_organization(
        org_tree.hothau, new_parent=org_tree.namdich, on=D(2020, 1, 1), by=superuser
    )
    move_organization(
        org_tree.hothau, new_parent=org_tree.district, on=D(2020, 9, 1), by=superuser
    )
    for organization in Organization.objects.all():
        periods = list(
            TreePeriod.objects.filter(organization=organization).order_by("start")
        )
        starts = sorted(periods, key=lambda p: p.start or D.min)
        assert starts[0].start is None
        assert starts[-1].end is None
        for earlier, later in itertools.pairwise(starts):
            assert earlier.end == later.start
    village = Organization.objects.get(pk=org_tree.hothau_village.pk)
    assert [village.path_on(D(2020, m, 1)).count("/") for m in (1, 8, 9)] == [6, 6, 5]


def test_move_under_own_subtree_is_refused(org_tree, superuser):
    with pytest.raises(ValidationError):
        move_organization(
            org_tree.hothau,
            new_parent=org_tree.hothau_village,
            on=D(2020, 1, 1),
            by=superuser,
        )
    assert Organization.objects.get(pk=org_tree.hothau.pk).parent == org_tree.district
    assert TreePeriod.objects.filter(organization=org_tree.hothau).count() == 1


def test_a_move_that_would_hang_a_committee_under_itself_later_is_refused(
    org_tree, superuser
):
    # Nậm Dịch under Hồ Thầu from 2021; then Hồ Thầu under Nậm Dịch from 2020
    # would make each the other's ancestor during 2021.
    move_organization(
        org_tree.namdich, new_parent=org_tree.hothau, on=D(2021, 1, 1), by=superuser
    )
    with pytest.raises(ValidationError, match="trực thuộc chính mình"):
        move_organization(
            org_tree.hothau, new_parent=org_tree.namdich, on=D(2020, 1, 1), by=superuser
        )


def test_a_move_dated_before_a_later_one_is_refused_naming_it(org_tree, superuser):
    move_organization(
        org_tree.hothau, new_parent=org_tree.namdich, on=D(2022, 1, 1), by=superuser
    )
    with pytest.raises(ValidationError) as refused:
        move_organization(
            org_tree.hothau,
            new_parent=org_tree.province,
            on=D(2021, 1, 1),
            by=superuser,
        )
    assert "01/01/2022" in str(refused.value)


def test_nothing_can_be_added_under_a_closed_organization(org_tree):
    org_tree.agency.closed_on = datetime.date(2020, 1, 1)
    org_tree.agency.save()
    with pytest.raises(ValidationError):
        OrganizationFactory(parent=org_tree.agency, opened_on=D(2021, 1, 1))
    with pytest.raises(ValidationError):
        OrganizationFactory(parent=org_tree.agency, opened_on=None)
    # Recorded late, a cell that opened before the closure is history.
    assert OrganizationFactory(parent=org_tree.agency, opened_on=D(2019, 1, 1)).pk


def test_code_is_unique(org_tree):
    with pytest.raises(ValidationError):
        OrganizationFactory(code=org_tree.hothau.code)


def test_pre_2025_the_district_decides_admissions(org_tree):
    for org in (
        org_tree.hothau_village,
        org_tree.hothau,
        org_tree.agency,
        org_tree.district,
    ):
        assert org.nearest_holding(ADMISSION, on=D(2024, 1, 1)) == org_tree.district


def test_post_2025_the_commune_committee_decides_with_no_district():
    # 294-QĐ/TW: communes directly under the province take the decisions.
    province = OrganizationFactory(code="TQ", kind=Kind.PROVINCIAL_COMMITTEE)
    commune = OrganizationFactory(
        code="TQ-HSP",
        kind=Kind.COMMUNE_COMMITTEE,
        parent=province,
        has_admission_authority=True,
    )
    school = OrganizationFactory(
        code="TQ-HSP-GD", kind=Kind.GRASSROOTS_CELL, parent=commune, is_grassroots=True
    )
    village = OrganizationFactory(
        code="TQ-HSP-1", kind=Kind.SUBORDINATE_CELL, parent=commune
    )
    day = D(2026, 1, 1)
    assert school.nearest_holding(ADMISSION, on=day) == commune
    assert village.nearest_holding(ADMISSION, on=day) == commune
    assert province.nearest_holding(ADMISSION, on=day) is None


def test_a_grassroots_committee_granted_the_power_decides_from_its_date(
    org_tree, superuser
):
    grant_authority(org_tree.hothau, ADMISSION, on=D(2022, 3, 1), by=superuser)
    village = org_tree.hothau_village
    assert village.nearest_holding(ADMISSION, on=D(2022, 2, 28)) == org_tree.district
    assert village.nearest_holding(ADMISSION, on=D(2022, 3, 1)) == org_tree.hothau
    assert (
        org_tree.namdich_village.nearest_holding(ADMISSION, on=D(2022, 3, 1))
        == org_tree.district
    )
    end_authority(org_tree.hothau, ADMISSION, on=D(2023, 1, 1), by=superuser)
    assert village.nearest_holding(ADMISSION, on=D(2022, 12, 31)) == org_tree.hothau
    assert village.nearest_holding(ADMISSION, on=D(2023, 1, 1)) == org_tree.district
    org_tree.hothau.refresh_from_db()
    assert not org_tree.hothau.has_admission_authority
    kinds = list(org_tree.hothau.events.values_list("kind", flat=True))
    assert kinds == ["opened", "authority_granted", "authority_ended"]


def test_granting_twice_or_ending_what_is_not_held_is_refused(org_tree, superuser):
    with pytest.raises(ValidationError):
        grant_authority(org_tree.district, ADMISSION, on=D(2022, 1, 1), by=superuser)
    with pytest.raises(ValidationError):
        end_authority(org_tree.hothau, ADMISSION, on=D(2022, 1, 1), by=superuser)
    with pytest.raises(ValidationError):
        grant_authority(org_tree.hothau, ADMISSION, on=D(1999, 1, 1), by=superuser)


def test_open_on_respects_open_and_close_dates(org_tree):
    org_tree.agency.closed_on = datetime.date(2020, 1, 1)
    org_tree.agency.save()
    open_2019 = Organization.objects.open_on(datetime.date(2019, 12, 31))
    open_2020 = Organization.objects.open_on(datetime.date(2020, 1, 1))
    assert org_tree.agency in open_2019
    assert org_tree.agency not in open_2020
    assert org_tree.hothau not in Organization.objects.open_on(
        datetime.date(1999, 12, 31)
    )
