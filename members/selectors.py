"""Member counts for a scope, today or as at a date (DESIGN.md §4)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404

from organizations import clock
from organizations.models import Organization, TreePeriod
from organizations.models.tree import path_ids
from organizations.selectors import Permission, can, visible_organization_ids

from .models import Member, MemberQuerySet, Placement, PlacementQuerySet, Transfer
from .search import apply_filters


@dataclass(frozen=True)
class MemberCounts:
    total: int = 0
    official: int = 0

    @property
    def probationary(self) -> int:
        return self.total - self.official


def member_counts(placements: PlacementQuerySet, day: datetime.date) -> MemberCounts:
    row = placements.on(day).aggregate(
        total=Count("pk"), official=Count("pk", filter=Q(official_date__lte=day))
    )
    return MemberCounts(total=row["total"], official=row["official"])


def member_counts_by_subtree(
    organizations: list[Organization], day: datetime.date
) -> dict[int, MemberCounts]:
    """Counts for every organization in `organizations`, each including its
    whole subtree as it stood on `day`: one grouped query, rolled up along that
    day's paths."""
    ids = [o.pk for o in organizations]
    paths = dict(
        TreePeriod.objects.on(day)
        .filter(organization_id__in=ids)
        .values_list("organization_id", "path")
    )
    rows = (
        Placement.objects.on(day)
        .filter(organization_id__in=ids)
        .values("organization_id")
        .annotate(
            total=Count("pk"), official=Count("pk", filter=Q(official_date__lte=day))
        )
    )
    direct = {row["organization_id"]: (row["total"], row["official"]) for row in rows}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    known = set(ids)
    for org in organizations:
        total, official = direct.get(org.pk, (0, 0))
        for ancestor_id in path_ids(paths.get(org.pk, org.path)):
            if ancestor_id in known:
                totals[ancestor_id][0] += total
                totals[ancestor_id][1] += official
    return {pk: MemberCounts(*totals[pk]) for pk in ids}


def visible_members(user: object) -> MemberQuerySet:
    """Member rows of the organizations the user may read."""
    return Member.objects.visible_to(user)


def listed_members(user: object, filters: dict[str, Any]) -> MemberQuerySet:
    """The current members the user may read, filtered as the member list's
    form cleaned them (organization subtree, status, search …): the list page
    and the exports show the same rows."""
    day = filters.get("as_at")
    if day is not None and day != clock.today():
        return _members_on(user, filters, day)
    members = visible_members(user).filter(end_date__isnull=True)
    if filters.get("organization") is not None:
        members = members.in_subtree(filters["organization"])
    return apply_filters(members, filters)


def _members_on(
    user: object, filters: dict[str, Any], day: datetime.date
) -> MemberQuerySet:
    """The members of the user's scope on a past `day`, each in the
    organization they belonged to then, on the tree as it stood (DESIGN.md §4)."""
    placements = Placement.objects.on(day).filter(
        organization_id__in=visible_organization_ids(user, on=day)
    )
    if filters.get("organization") is not None:
        subtree = [filters["organization"].path_on(day)]
        placements = placements.filter(
            organization_id__in=Organization.objects.ids_under(subtree, on=day)
        )
    if filters.get("status") == Member.Status.OFFICIAL:
        placements = placements.filter(official_date__lte=day)
    elif filters.get("status") == Member.Status.PROBATIONARY:
        placements = placements.exclude(official_date__lte=day)
    members = Member.objects.filter(pk__in=placements.values("member_id"))
    return apply_filters(members, filters, day)


def with_then(members: MemberQuerySet, day: datetime.date) -> MemberQuerySet:
    """`members` annotated with where each was on `day`: `then_organization`
    (its name) and `then_official` (the official date then in force). For a
    page of rows: the subqueries run once per row shown."""
    then = Placement.objects.on(day).filter(member=OuterRef("pk")).order_by()
    return members.annotate(
        then_organization=Subquery(then.values("organization__name")[:1]),
        then_official=Subquery(then.values("official_date")[:1]),
    )


def get_transfer_for(user: object, pk: int) -> Transfer:
    """A transfer the user sees from either side (DESIGN.md §2)."""
    return get_object_or_404(
        Transfer.objects.visible_to(user).select_related(
            "member", "from_organization", "to_organization"
        ),
        pk=pk,
    )


def get_member_for(user: object, pk: int, *, write: bool = False) -> Member:
    """A member in the user's scope (else 404); with `write`, one the user may
    change (else 403)."""
    member = get_object_or_404(
        visible_members(user).select_related("organization", "ethnicity"), pk=pk
    )
    if write and not can(user, Permission.EDIT_REGISTRY, member.organization):
        raise PermissionDenied
    return member
