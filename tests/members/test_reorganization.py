import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import MemberEvent, Placement
from members.selectors import member_counts_by_subtree
from members.services.reorganization import merge_organization, move_subtree
from organizations.models import Organization
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = Organization.Kind


@pytest.fixture
def ban_peo(org_tree):
    commune = OrganizationFactory(
        code="T-BP",
        name="Đảng bộ xã Bản Péo",
        kind=Kind.COMMUNE_COMMITTEE,
        parent=org_tree.district,
        is_grassroots=True,
    )
    village = OrganizationFactory(
        code="T-BP-1",
        name="Chi bộ thôn Nà Ràng",
        kind=Kind.SUBORDINATE_CELL,
        parent=commune,
    )
    MemberFactory.create_batch(2, organization=village)
    MemberFactory(organization=commune)  # kept directly on the commune's roll
    return commune, village


def totals(day):
    counts = member_counts_by_subtree(list(Organization.objects.all()), day)
    return {o.code: counts[o.pk].total for o in Organization.objects.all()}


def test_the_2020_merger_of_ban_peo_into_nam_dich(ban_peo, org_tree, org_staff):
    commune, village = ban_peo
    merge_organization(commune, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff)
    commune.refresh_from_db()
    village.refresh_from_db()
    assert (commune.closed_on, commune.merged_into) == (D(2020, 1, 1), org_tree.namdich)
    assert commune.parent == org_tree.namdich
    assert village.parent == org_tree.namdich
    before, after = totals(D(2019, 12, 31)), totals(D(2020, 1, 1))
    # As at 2019 the three count inside Nậm Dịch's subtree where Bản Péo now lies;
    # its village cell now hangs under Nậm Dịch, so only the direct member stays
    # under the closed Bản Péo node (annual snapshots keep the old tree's figures).
    assert (before["T-BP"], before["T-ND"], before["T-HSP"]) == (1, 3, 3)
    assert (after["T-BP"], after["T-ND"], after["T-HSP"]) == (0, 3, 3)
    assert (
        MemberEvent.objects.filter(
            kind=MemberEvent.Kind.REORGANIZED, on=D(2020, 1, 1)
        ).count()
        == 3
    )
    assert (
        Placement.objects.filter(
            organization=org_tree.namdich, start=D(2020, 1, 1)
        ).count()
        == 1
    )
    grassroots = Organization.objects.subtree_of(org_tree.district).filter(
        is_grassroots=True
    )
    assert commune in grassroots.open_on(D(2019, 12, 31))
    assert commune not in grassroots.open_on(D(2020, 1, 1))


def test_the_2025_reform_moves_a_commune_under_the_province(
    ban_peo, org_tree, superuser
):
    commune, village = ban_peo
    move_subtree(commune, new_parent=org_tree.province, on=D(2025, 7, 1), by=superuser)
    village.refresh_from_db()
    assert village.path.startswith(org_tree.province.path)
    assert not village.path.startswith(org_tree.district.path)
    assert MemberEvent.objects.filter(kind=MemberEvent.Kind.REORGANIZED).count() == 3


def test_bad_reorganizations_are_refused(
    ban_peo, org_tree, org_staff, hothau_secretary
):
    commune, village = ban_peo
    with pytest.raises(ValidationError):
        merge_organization(commune, into=village, on=D(2020, 1, 1), by=org_staff)
    with pytest.raises(PermissionDenied):
        merge_organization(
            commune, into=org_tree.namdich, on=D(2020, 1, 1), by=hothau_secretary
        )
    merge_organization(commune, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff)
    with pytest.raises(ValidationError):
        merge_organization(
            commune, into=org_tree.hothau, on=D(2021, 1, 1), by=org_staff
        )


def test_pages(ban_peo, org_tree, org_staff, hothau_secretary, client_as):
    commune, _village = ban_peo
    url = reverse("members:reorganize", args=[commune.pk, "merge"])
    assert client_as(hothau_secretary).get(url).status_code == 404
    page = client_as(org_staff).get(reverse("members:organization", args=[commune.pk]))
    assert url in page.content.decode()
    response = client_as(org_staff).post(
        url, {"target": org_tree.namdich.pk, "on": "2020-01-01"}
    )
    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.merged_into == org_tree.namdich
    assert (
        client_as(org_staff)
        .get(reverse("members:reorganize", args=[commune.pk, "fly"]))
        .status_code
        == 404
    )
