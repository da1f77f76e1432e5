import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations.models import AuditEntry, Authority, Organization
from organizations.services.tree import move_organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

Kind = Organization.Kind


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


def test_move_rewrites_the_whole_subtree(org_tree, superuser):
    # The 2020 merger: Hồ Thầu's village cell moves under Nậm Dịch.
    move_organization(org_tree.hothau, new_parent=org_tree.namdich, by=superuser)
    hothau = Organization.objects.get(pk=org_tree.hothau.pk)
    village = Organization.objects.get(pk=org_tree.hothau_village.pk)
    assert hothau.parent == org_tree.namdich
    assert hothau.path == f"{org_tree.namdich.path}{hothau.pk}/"
    assert village.path == f"{hothau.path}{village.pk}/"
    assert (hothau.depth, village.depth) == (3, 4)
    assert AuditEntry.objects.filter(
        action="organization.move", target_id=str(hothau.pk)
    ).exists()


def test_move_under_own_subtree_is_refused(org_tree, superuser):
    with pytest.raises(ValidationError):
        move_organization(
            org_tree.hothau, new_parent=org_tree.hothau_village, by=superuser
        )
    assert Organization.objects.get(pk=org_tree.hothau.pk).parent == org_tree.district


def test_nothing_can_be_added_under_a_closed_organization(org_tree):
    org_tree.agency.closed_on = datetime.date(2020, 1, 1)
    org_tree.agency.save()
    with pytest.raises(ValidationError):
        OrganizationFactory(parent=org_tree.agency)


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
        assert org.nearest_holding(Authority.ADMISSION) == org_tree.district


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
    assert school.nearest_holding(Authority.ADMISSION) == commune
    assert village.nearest_holding(Authority.ADMISSION) == commune
    assert province.nearest_holding(Authority.ADMISSION) is None


def test_a_grassroots_committee_granted_the_power_decides_itself(org_tree):
    org_tree.hothau.has_admission_authority = True
    org_tree.hothau.save()
    assert (
        org_tree.hothau_village.nearest_holding(Authority.ADMISSION) == org_tree.hothau
    )
    assert (
        org_tree.namdich_village.nearest_holding(Authority.ADMISSION)
        == org_tree.district
    )


def test_authority_lookup_skips_a_committee_closed_on_the_date(org_tree):
    org_tree.hothau.has_admission_authority = True
    org_tree.hothau.closed_on = datetime.date(2020, 1, 1)
    org_tree.hothau.save()
    village = org_tree.hothau_village
    assert (
        village.nearest_holding(Authority.ADMISSION, on=datetime.date(2019, 6, 1))
        == org_tree.hothau
    )
    assert (
        village.nearest_holding(Authority.ADMISSION, on=datetime.date(2020, 6, 1))
        == org_tree.district
    )


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
