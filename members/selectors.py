"""Member counts for a scope, today or as at a date (DESIGN.md §4)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from organizations.models import Organization

from .models import Member, MemberQuerySet


@dataclass(frozen=True)
class MemberCounts:
    total: int = 0
    official: int = 0

    @property
    def probationary(self) -> int:
        return self.total - self.official


def member_counts(members: MemberQuerySet, day: datetime.date) -> MemberCounts:
    row = members.members_on(day).aggregate(
        total=Count("pk"), official=Count("pk", filter=Q(official_date__lte=day))
    )
    return MemberCounts(total=row["total"], official=row["official"])


def member_counts_by_subtree(
    organizations: list[Organization], day: datetime.date
) -> dict[int, MemberCounts]:
    """Counts for every organization in `organizations`, each including its whole
    subtree: one grouped query, rolled up along the materialised paths."""
    ids = [o.pk for o in organizations]
    rows = (
        Member.objects.members_on(day)
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
        for ancestor_id in org.ancestor_ids:
            if ancestor_id in known:
                totals[ancestor_id][0] += total
                totals[ancestor_id][1] += official
    return {pk: MemberCounts(*totals[pk]) for pk in ids}
