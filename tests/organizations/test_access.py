"""The access layer, walked with every persona (STYLE.md §3.6)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organizations import clock
from organizations.models import Role
from organizations.selectors import (
    Permission,
    can,
    get_organization_for,
    organizations_with,
    roles_on,
    scope_roots,
    visible_organizations,
)
from tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return {o.name for o in queryset}


def test_district_roles_see_the_whole_district(
    org_tree, org_staff, standing_member, viewer
):
    district = {
        o.name
        for o in org_tree.district.__class__.objects.subtree_of(org_tree.district)
    }
    for user in (org_staff, standing_member, viewer):
        assert names(visible_organizations(user)) == district
        assert org_tree.province not in visible_organizations(user)


def test_secretary_sees_only_own_subtree(org_tree, hothau_secretary):
    assert names(visible_organizations(hothau_secretary)) == {
        "Đảng bộ xã Hồ Thầu",
        "Chi bộ thôn Tân Minh",
    }
    assert scope_roots(hothau_secretary) == [org_tree.hothau]


def test_no_role_fails_closed(nobody, org_tree):
    assert not visible_organizations(nobody).exists()
    assert scope_roots(nobody) == []
    assert not can(nobody, Permission.READ, org_tree.hothau)


def test_superuser_sees_everything(superuser, org_tree):
    assert visible_organizations(superuser).count() == 7
    assert can(superuser, Permission.MANAGE_ACCOUNTS, org_tree.province)


def test_ended_or_future_roles_give_nothing(org_tree, nobody):
    RoleAssignmentFactory(
        user=nobody,
        organization=org_tree.hothau,
        role=Role.SECRETARY,
        started_on=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2020, 1, 1),
    )
    RoleAssignmentFactory(
        user=nobody,
        organization=org_tree.namdich,
        role=Role.SECRETARY,
        started_on=clock.today() + datetime.timedelta(days=30),
    )
    assert not visible_organizations(nobody).exists()


def test_disabled_user_sees_nothing(hothau_secretary):
    hothau_secretary.is_active = False
    hothau_secretary.save()
    assert not visible_organizations(hothau_secretary).exists()


def test_roles_apply_to_the_subtree_below_them(org_tree, hothau_secretary, viewer):
    assert roles_on(hothau_secretary, org_tree.hothau_village) == {Role.SECRETARY}
    assert roles_on(hothau_secretary, org_tree.district) == set()
    assert roles_on(viewer, org_tree.hothau_village) == {Role.VIEWER}


@pytest.mark.parametrize(
    ("persona", "permission", "allowed"),
    [
        ("org_staff", Permission.EDIT_REGISTRY, True),
        ("org_staff", Permission.MANAGE_ACCOUNTS, True),
        ("org_staff", Permission.APPRAISE, True),
        ("org_staff", Permission.DECIDE, True),
        ("standing_member", Permission.READ, True),
        ("standing_member", Permission.DECIDE, True),
        ("standing_member", Permission.EDIT_REGISTRY, False),
        ("standing_member", Permission.MANAGE_ACCOUNTS, False),
        ("hothau_secretary", Permission.EDIT_REGISTRY, True),
        ("hothau_secretary", Permission.MANAGE_ACCOUNTS, False),
        ("hothau_secretary", Permission.DECIDE, False),
        ("viewer", Permission.READ, True),
        ("viewer", Permission.EDIT_REGISTRY, False),
        ("viewer", Permission.DECIDE, False),
        ("namdich_secretary", Permission.READ, False),
        ("nobody", Permission.READ, False),
    ],
)
def test_permission_matrix_on_hothau_village(
    request, org_tree, persona, permission, allowed
):
    user = request.getfixturevalue(persona)
    assert can(user, permission, org_tree.hothau_village) is allowed


def test_get_organization_for_hides_outsiders_and_refuses_writes(
    org_tree, namdich_secretary, viewer, hothau_secretary
):
    with pytest.raises(Http404):
        get_organization_for(namdich_secretary, org_tree.hothau.pk)
    with pytest.raises(PermissionDenied):
        get_organization_for(
            viewer, org_tree.hothau.pk, permission=Permission.EDIT_REGISTRY
        )
    assert (
        get_organization_for(
            hothau_secretary, org_tree.hothau.pk, permission=Permission.EDIT_REGISTRY
        )
        == org_tree.hothau
    )


def test_organizations_with_a_write_permission(
    org_tree, org_staff, hothau_secretary, viewer
):
    assert not organizations_with(viewer, Permission.EDIT_REGISTRY).exists()
    assert set(organizations_with(hothau_secretary, Permission.EDIT_REGISTRY)) == {
        org_tree.hothau,
        org_tree.hothau_village,
    }
    assert org_tree.agency in organizations_with(org_staff, Permission.MANAGE_ACCOUNTS)


def test_active_roles_are_read_once_per_request(
    org_tree, hothau_secretary, django_assert_num_queries
):
    with django_assert_num_queries(1):
        for _ in range(5):
            can(hothau_secretary, Permission.READ, org_tree.hothau)
