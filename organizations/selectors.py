"""The access layer: the one place that decides what a user may see and change.

Every view reaches scoped rows through these functions (or the `visible_to`
querysets built on them). They fail closed: a user with no active role sees
nothing, and an empty set of roles never turns into "everything".
"""

import datetime
import enum
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    AuditEntry,
    Job,
    Organization,
    Role,
    RoleAssignment,
    User,
    Village,
)
from .models.tree import OrganizationQuerySet, path_ids


class Permission(enum.Enum):
    READ = "read"
    EDIT_REGISTRY = "edit_registry"
    MANAGE_ACCOUNTS = "manage_accounts"
    APPRAISE = "appraise"
    DECIDE = "decide"
    # Recording what a committee decided (recognition, removal, expulsion…), with
    # the decision's number and date: the organization committee's staff only.
    RECORD_COMMITTEE_DECISION = "record_committee_decision"
    # Searching the audit log: the organization committee's staff only.
    READ_AUDIT = "read_audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ORG_STAFF: frozenset(Permission),
    Role.STANDING_COMMITTEE: frozenset({Permission.READ, Permission.DECIDE}),
    Role.SECRETARY: frozenset({Permission.READ, Permission.EDIT_REGISTRY}),
    Role.VIEWER: frozenset({Permission.READ}),
}

# Roles that org_staff may grant; the others come only from a superuser.
GRANTABLE_ROLES = (Role.SECRETARY, Role.VIEWER)
COMMITTEE_DOCUMENT_ROLES = (Role.ORG_STAFF, Role.STANDING_COMMITTEE)


def active_assignments(user: Any) -> list[RoleAssignment]:
    """The user's role assignments in force today, cached on the user object
    (that is, for one request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[RoleAssignment] | None = getattr(user, "_active_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("organization")
            .order_by("organization__path", "role")
        )
        user._active_assignments = cached
    return cached


def _is_superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_superuser
    )


def _paths_with(user: Any, permission: Permission) -> list[str]:
    return [
        a.organization.path
        for a in active_assignments(user)
        if permission in ROLE_PERMISSIONS[Role(a.role)]
    ]


def _subtrees(paths: list[str], field: str = "path") -> Q | None:
    query: Q | None = None
    for path in paths:
        clause = Q(**{f"{field}__startswith": path})
        query = clause if query is None else query | clause
    return query


def holds_anywhere(user: Any, permission: Permission) -> bool:
    """Whether `user` holds `permission` on some organization: what a page asks
    before offering an action (no query beyond the cached assignments)."""
    return _is_superuser(user) or bool(_paths_with(user, permission))


def organizations_with(
    user: Any, permission: Permission, *, on: datetime.date | None = None
) -> OrganizationQuerySet:
    """Organizations where `user` holds `permission` (a role on them or above):
    on today's tree, or with `on`, on the tree as it stood that day (a district
    reporting its 2024 figures counts the communes that hung under it then)."""
    if _is_superuser(user):
        return Organization.objects.all()
    if on is not None:
        return Organization.objects.under_paths(_paths_on(user, permission, on), on=on)
    query = _subtrees(_paths_with(user, permission))
    if query is None:
        return Organization.objects.none()
    return Organization.objects.filter(query)


def _paths_on(user: Any, permission: Permission, day: datetime.date) -> list[str]:
    return [
        a.organization.path_on(day)
        for a in active_assignments(user)
        if permission in ROLE_PERMISSIONS[Role(a.role)]
    ]


def visible_organization_ids(user: Any, *, on: datetime.date) -> QuerySet[Any]:
    """The ids of `visible_organizations(user, on=on)` as a subquery on the
    tree's periods, for filtering rows that point at organizations."""
    if _is_superuser(user):
        return Organization.objects.values("pk")
    return Organization.objects.ids_under(_paths_on(user, Permission.READ, on), on=on)


def organization_ids_visible_on_any(
    user: Any, days: Iterable[datetime.date]
) -> QuerySet[Any] | None:
    """The ids of the organizations under the user's scope on any of `days`,
    at any time: one subquery that narrows a scan of many days' figures to
    the scope's rows (each day's own scope still decides what is counted).
    None when the scope holds a whole tree: nothing to narrow."""
    if _is_superuser(user):
        return None
    paths = sorted({p for day in days for p in _paths_on(user, Permission.READ, day)})
    if any(len(path_ids(path)) == 1 for path in paths):  # a root: everything
        return None
    return Organization.objects.ids_under(paths, on=None)


def visible_organizations(
    user: Any, *, on: datetime.date | None = None
) -> OrganizationQuerySet:
    """Every organization the user may read: the subtrees of their active roles
    (as they stood on `on`, when given, for figures as at that day)."""
    return organizations_with(user, Permission.READ, on=on)


def scope_roots(user: Any) -> list[Organization]:
    """The top-most organizations of the user's scope, for dashboards and menus."""
    if _is_superuser(user):
        return list(Organization.objects.filter(parent__isnull=True))
    roots: list[Organization] = []
    for org in sorted(
        {a.organization for a in active_assignments(user)}, key=lambda o: o.path
    ):
        if not any(org.path.startswith(root.path) for root in roots):
            roots.append(org)
    return roots


def roles_on(user: Any, organization: Organization) -> set[Role]:
    """The roles that apply to `organization` through assignments on it or above."""
    return {
        Role(a.role)
        for a in active_assignments(user)
        if organization.path.startswith(a.organization.path)
    }


def can(user: Any, permission: Permission, organization: Organization) -> bool:
    if _is_superuser(user):
        return True
    return any(
        permission in ROLE_PERMISSIONS[role] for role in roles_on(user, organization)
    )


def get_organization_for(
    user: Any, pk: int, *, permission: Permission = Permission.READ
) -> Organization:
    """The organization `pk` if the user may read it (else 404) and, when a write
    permission is asked for, holds it there (else 403)."""
    organization = get_object_or_404(
        visible_organizations(user).select_related("parent", "merged_into"), pk=pk
    )
    if not can(user, permission, organization):
        raise PermissionDenied
    return organization


def get_scoped(
    queryset: QuerySet[Any],
    pk: int,
    *,
    user: Any,
    permission: Permission,
    organization: Callable[[Any], Organization],
) -> Any:
    """Row `pk` of a queryset already limited to the user's scope (else 404)
    and, for any permission but reading, one the user holds that permission
    on, at the organization `organization(row)` names (else 403). Every
    `get_X_for` of the access layer is this with its own queryset."""
    found = get_object_or_404(queryset, pk=pk)
    if permission is not Permission.READ and not can(
        user, permission, organization(found)
    ):
        raise PermissionDenied
    return found


def visible_audit(user: Any) -> QuerySet[AuditEntry]:
    """Audit entries about the organizations where the user reads the log, and
    the sign-ins (and failed attempts) of accounts holding a role there."""
    if _is_superuser(user):
        return AuditEntry.objects.all()
    within = _subtrees(_paths_with(user, Permission.READ_AUDIT), "organization__path")
    if within is None:
        return AuditEntry.objects.none()
    holders = RoleAssignment.objects.filter(within).values("user_id")
    names = User.objects.filter(pk__in=holders).values("username")
    return AuditEntry.objects.alias(attempted=KT("data__username")).filter(
        within
        | Q(organization__isnull=True, actor__in=holders)
        | Q(action="auth.login_failed", attempted__in=names)
    )


def visible_accounts(user: Any) -> QuerySet[User]:
    """Accounts the user may read: those holding any role (current or past) inside
    the user's scope. Superusers see every account."""
    if _is_superuser(user):
        return User.objects.all()
    query = _subtrees(_paths_with(user, Permission.READ), "organization__path")
    if query is None:
        return User.objects.none()
    holders = RoleAssignment.objects.filter(query).values("user_id")
    return User.objects.filter(pk__in=holders)


def can_manage_account(user: Any, account: User) -> bool:
    """True when every role the account has ever held lies inside the user's
    account-management scope, and the account is neither a superuser nor the user."""
    if _is_superuser(user):
        return account.pk != user.pk
    if account.is_superuser or account.pk == user.pk:
        return False
    paths = _paths_with(user, Permission.MANAGE_ACCOUNTS)
    held = list(account.role_assignments.values_list("organization__path", flat=True))
    return bool(held) and all(any(p.startswith(root) for root in paths) for p in held)


def get_account_for(user: Any, pk: int, *, write: bool = False) -> User:
    account = get_object_or_404(visible_accounts(user), pk=pk)
    if write and not can_manage_account(user, account):
        raise PermissionDenied
    return account


def get_role_assignment_for(user: Any, account_pk: int, pk: int) -> RoleAssignment:
    """A role of an account the user manages, on an organization in the user's
    scope (else 404): what a hand-over or an end of role acts on."""
    account = get_account_for(user, account_pk, write=True)
    return get_object_or_404(
        account.role_assignments.filter(
            organization__in=visible_organizations(user)
        ).select_related("organization"),
        pk=pk,
    )


def visible_jobs(user: Any) -> QuerySet[Job]:
    """Jobs the user requested, plus committee documents of organizations where the
    user is org_staff or a Standing Committee member."""
    if _is_superuser(user):
        return Job.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    query = Q(requested_by=user)
    committee_paths = [
        a.organization.path
        for a in active_assignments(user)
        if Role(a.role) in COMMITTEE_DOCUMENT_ROLES
    ]
    shared = _subtrees(committee_paths, "organization__path")
    if shared is not None:
        query |= Q(shared_with_committee=True) & shared
    return Job.objects.filter(query)


def get_job_for(user: Any, pk: int) -> Job:
    """A job the user may see; the organization's scope is checked again, so a
    requester who has since lost the role no longer gets the file (404)."""
    job = get_object_or_404(visible_jobs(user).select_related("organization"), pk=pk)
    if not can(user, Permission.READ, job.organization):
        raise Http404
    return job


def get_village_for(user: Any, pk: int, *, permission: Permission) -> Village:
    """A village of a commune the user reads (else 404), with `permission` on
    that commune for a change (else 403)."""
    return get_scoped(
        Village.objects.filter(
            organization__in=visible_organizations(user)
        ).select_related("organization"),
        pk,
        user=user,
        permission=permission,
        organization=lambda village: village.organization,
    )
