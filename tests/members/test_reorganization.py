import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from candidates.models import Candidate, StageLog
from members.models import Member, MemberEvent, Placement
from members.selectors import member_counts_by_subtree
from members.services.lifecycle import end_membership
from members.services.reorganization import (
    close_organization,
    merge_organization,
    move_subtree,
)
from members.services.transfers import start_transfer
from organizations.models import Authority, Organization, TreePeriod
from tests.candidates.conftest import introduce
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = Organization.Kind


@pytest.fixture
def ban_peo(org_tree):
    """Bản Péo (3 members: two in its village cell, one on its own roll) and
    Nậm Dịch (4: three in its village cell, one on its own roll)."""
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
    MemberFactory(organization=commune, full_name="Vàng Văn Páo")
    MemberFactory.create_batch(3, organization=org_tree.namdich_village)
    MemberFactory(organization=org_tree.namdich)
    return commune, village


def totals(day):
    counts = member_counts_by_subtree(list(Organization.objects.all()), day)
    return {o.code: counts[o.pk].total for o in Organization.objects.all()}


def test_the_ban_peo_merger_recorded_late(ban_peo, org_tree, org_staff):
    commune, village = ban_peo
    pao = Member.objects.get(full_name="Vàng Văn Páo")
    end_membership(pao, reason=Member.Status.DECEASED, on=D(2021, 3, 15), by=org_staff)
    before_merger = totals(D(2019, 12, 31))
    merge_organization(commune, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff)
    commune.refresh_from_db()
    village.refresh_from_db()
    assert (commune.closed_on, commune.merged_into) == (D(2020, 1, 1), org_tree.namdich)
    assert (commune.parent, village.parent) == (org_tree.namdich, org_tree.namdich)
    # 2019's figures per organization are what they were before the merger.
    assert totals(D(2019, 12, 31)) == before_merger
    assert (before_merger["T-BP"], before_merger["T-ND"]) == (3, 4)
    assert before_merger["T-HSP"] == 7
    # From 2020 one organization; Páo counts in Nậm Dịch until his death.
    in_2020 = totals(D(2020, 6, 1))
    assert (in_2020["T-BP"], in_2020["T-ND"], in_2020["T-HSP"]) == (0, 7, 7)
    in_2022 = totals(D(2022, 1, 1))
    assert (in_2022["T-BP"], in_2022["T-ND"], in_2022["T-HSP"]) == (0, 6, 6)
    grassroots = Organization.objects.subtree_of(org_tree.district).filter(
        is_grassroots=True
    )
    assert commune in grassroots.open_on(D(2019, 12, 31))
    assert commune not in grassroots.open_on(D(2020, 1, 1))
    # Everyone on Bản Péo's roll that day is told, Páo included.
    assert (
        MemberEvent.objects.filter(
            kind=MemberEvent.Kind.REORGANIZED, on=D(2020, 1, 1)
        ).count()
        == 3
    )
    pao.refresh_from_db()
    assert pao.organization == org_tree.namdich
    assert list(pao.placements.values_list("organization__code", "start", "end")) == [
        ("T-BP", pao.ceremony_date, D(2020, 1, 1)),
        ("T-ND", D(2020, 1, 1), D(2021, 3, 15)),
    ]


def test_the_organization_page_and_dashboard_count_the_tree_as_it_stood(
    ban_peo, org_tree, org_staff, client_as
):
    commune, _village = ban_peo
    merge_organization(commune, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff)
    client = client_as(org_staff)
    page = client.get(
        reverse("members:organization", args=[org_tree.namdich.pk]),
        {"as_at": "31/12/2019"},
    )
    assert page.context["counts"].total == 4
    assert commune not in [child for child, _ in page.context["children"]]
    page = client.get(
        reverse("members:organization", args=[commune.pk]), {"as_at": "31/12/2019"}
    )
    assert page.context["counts"].total == 3
    assert [c.code for c, n in page.context["children"]] == ["T-BP-1"]
    page = client.get(
        reverse("members:organization", args=[org_tree.namdich.pk]),
        {"as_at": "01/06/2020"},
    )
    assert page.context["counts"].total == 7
    tree = client.get(reverse("members:organization_tree"), {"as_at": "31/12/2019"})
    assert "Đảng bộ xã Bản Péo" in tree.content.decode()
    dashboard = client.get(reverse("reports:dashboard"), {"as_at": "31/12/2019"})
    assert dashboard.context["figures"].members.total == 7
    assert dashboard.context["figures"].grassroots == 4


def test_a_late_merger_carries_what_came_after_it(ban_peo, org_tree, org_staff):
    commune, _village = ban_peo
    newcomer = MemberFactory(
        organization=commune, admission_decision_date=D(2021, 4, 1)
    )
    later_cell = OrganizationFactory(
        code="T-BP-2",
        name="Chi bộ thôn Khu Chợ",
        kind=Kind.SUBORDINATE_CELL,
        parent=commune,
        opened_on=D(2022, 5, 1),
    )
    merge_organization(commune, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff)
    newcomer.refresh_from_db()
    later_cell.refresh_from_db()
    assert newcomer.organization == org_tree.namdich
    assert list(newcomer.placements.values_list("organization__code", flat=True)) == [
        "T-ND"
    ]
    assert later_cell.parent == org_tree.namdich
    assert later_cell.path_on(D(2022, 6, 1)).startswith(org_tree.namdich.path)
    assert not Placement.objects.filter(organization=commune, end__isnull=True).exists()


def test_a_late_merger_that_contradicts_later_records_is_refused(
    ban_peo, org_tree, org_staff
):
    commune, _village = ban_peo
    pao = Member.objects.get(full_name="Vàng Văn Páo")
    start_transfer(
        pao,
        to=org_tree.hothau,
        on=D(2021, 5, 10),
        introduction_number="12-GGT",
        by=org_staff,
    )
    periods = list(TreePeriod.objects.values_list("organization", "path", "start"))
    with pytest.raises(ValidationError) as refused:
        merge_organization(
            commune, into=org_tree.namdich, on=D(2020, 1, 1), by=org_staff
        )
    message = " ".join(refused.value.messages)
    assert "Vàng Văn Páo" in message
    assert "10/05/2021" in message
    commune.refresh_from_db()
    assert commune.closed_on is None
    assert list(TreePeriod.objects.values_list("organization", "path", "start")) == (
        periods
    )


def test_a_move_back_and_forth_within_one_year(ban_peo, org_tree, org_staff):
    commune, _village = ban_peo
    move_subtree(commune, new_parent=org_tree.hothau, on=D(2023, 3, 1), by=org_staff)
    move_subtree(commune, new_parent=org_tree.district, on=D(2023, 9, 1), by=org_staff)
    feb, jun, oct_ = (
        totals(D(2023, 2, 28)),
        totals(D(2023, 6, 1)),
        totals(D(2023, 10, 1)),
    )
    assert (feb["T-HT"], jun["T-HT"], oct_["T-HT"]) == (0, 3, 0)
    assert feb["T-HSP"] == jun["T-HSP"] == oct_["T-HSP"] == 7
    commune.refresh_from_db()
    assert commune.parent == org_tree.district
    kinds = list(commune.events.values_list("kind", "on"))
    assert kinds[-2:] == [("moved", D(2023, 3, 1)), ("moved", D(2023, 9, 1))]


def test_the_2025_reform_moves_a_commune_under_the_province(
    ban_peo, org_tree, superuser
):
    commune, village = ban_peo
    move_subtree(commune, new_parent=org_tree.province, on=D(2025, 7, 1), by=superuser)
    village.refresh_from_db()
    assert village.path.startswith(org_tree.province.path)
    assert not village.path.startswith(org_tree.district.path)
    assert village.path_on(D(2025, 6, 30)).startswith(org_tree.district.path)
    assert MemberEvent.objects.filter(kind=MemberEvent.Kind.REORGANIZED).count() == 3


def test_closing_an_organization_with_members_is_refused(ban_peo, org_tree, org_staff):
    commune, village = ban_peo
    with pytest.raises(ValidationError) as refused:
        close_organization(village, on=D(2024, 1, 1), by=org_staff)
    named = " ".join(refused.value.messages)
    assert all(
        m.full_name in named for m in Member.objects.filter(organization=village)
    )
    empty = OrganizationFactory(code="T-BP-3", parent=commune)
    close_organization(empty, on=D(2024, 1, 1), by=org_staff)
    empty.refresh_from_db()
    assert empty.closed_on == D(2024, 1, 1)
    assert list(empty.events.values_list("kind", flat=True)) == ["opened", "closed"]


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
    staff = client_as(org_staff)
    page = staff.get(reverse("members:organization", args=[commune.pk]))
    assert url in page.content.decode()
    refused = staff.post(
        url, {"target": org_tree.namdich.pk, "changed_on": "01/01/2099"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors
    response = staff.post(
        url, {"target": org_tree.namdich.pk, "changed_on": "01/01/2020"}
    )
    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.merged_into == org_tree.namdich
    history = staff.get(reverse("members:organization", args=[commune.pk]))
    assert "01/01/2020" in history.content.decode()
    assert [e.kind for e in history.context["history"]][:1] == ["merged"]
    absorber = staff.get(reverse("members:organization", args=[org_tree.namdich.pk]))
    assert "absorbed" in [e.kind for e in absorber.context["history"]]
    # A closed organization offers no change and refuses one typed by hand.
    assert staff.get(url).status_code == 404
    assert (
        staff.get(reverse("members:reorganize", args=[commune.pk, "fly"])).status_code
        == 404
    )


def test_screens_open_close_and_the_power_to_admit(
    org_tree, org_staff, viewer, client_as
):
    staff = client_as(org_staff)
    hothau = org_tree.hothau
    opened = staff.post(
        reverse("members:reorganize", args=[hothau.pk, "open"]),
        {
            "name": "Chi bộ thôn Pố Hồ",
            "code": "T-HT-9",
            "kind": Kind.SUBORDINATE_CELL,
            "changed_on": "15/03/2024",
        },
    )
    assert opened.status_code == 302
    cell = Organization.objects.get(code="T-HT-9")
    assert (cell.parent, cell.opened_on) == (hothau, D(2024, 3, 15))
    duplicate = staff.post(
        reverse("members:reorganize", args=[hothau.pk, "open"]),
        {
            "name": "X",
            "code": "t-ht-9",
            "kind": Kind.SUBORDINATE_CELL,
            "changed_on": "15/03/2024",
        },
    )
    assert duplicate.status_code == 200
    assert "code" in duplicate.context["form"].errors
    grant = reverse("members:reorganize", args=[hothau.pk, "grant"])
    assert (
        client_as(viewer).post(grant, {"changed_on": "01/07/2025"}).status_code == 403
    )
    assert staff.post(grant, {"changed_on": "01/07/2025"}).status_code == 302
    assert (
        org_tree.hothau_village.nearest_holding(Authority.ADMISSION, on=D(2025, 7, 1))
        == hothau
    )
    end = reverse("members:reorganize", args=[hothau.pk, "end"])
    assert staff.post(end, {"changed_on": "01/01/2026"}).status_code == 302
    closed = staff.post(
        reverse("members:reorganize", args=[cell.pk, "close"]),
        {"changed_on": "01/02/2026"},
    )
    assert closed.status_code == 302
    page = staff.get(reverse("members:organization", args=[hothau.pk]))
    kinds = [e.kind for e in page.context["history"]]
    # Its own changes and the cells opened under it (its village cell, 2000).
    assert kinds == [
        "authority_ended",
        "authority_granted",
        "opened",
        "opened",
        "opened",
    ]
    assert page.context["history"][2].organization == cell
    assert [e.kind for e in cell.events.all()] == ["opened", "closed"]


def test_a_merger_takes_the_open_dossiers_on_its_own_roll_along(
    ban_peo, org_tree, org_staff
):
    """Two village cells merge: the dossiers of the merged cell continue in the
    absorbing cell, each with a line in its log."""
    _commune, village = ban_peo
    mai = introduce(village, org_staff, full_name="Sùng Thị Mai", cccd="002300001299")
    merge_organization(
        village, into=org_tree.namdich_village, on=D(2025, 6, 1), by=org_staff
    )
    mai.refresh_from_db()
    assert mai.organization == org_tree.namdich_village
    entry = StageLog.objects.get(candidate=mai, action="reorganized")
    assert (entry.on, entry.from_stage, entry.to_stage) == (
        D(2025, 6, 1),
        mai.stage,
        mai.stage,
    )
    assert not Candidate.objects.filter(organization=village).exists()
