"""The party organizations of the scope at the period's end (DOMAIN.md §6)."""

from collections import Counter
from typing import Any

from django.db.models import Count

from candidates.selectors import decided_awaiting_ceremony
from members.models import Placement
from organizations.models import Organization

from .scope import Scope

Kind = Organization.Kind


def _ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def grassroots_at_end(scope: Scope) -> list[Organization]:
    day = scope.period.last
    return list(
        Organization.objects.filter(pk__in=scope.ids_on(day), is_grassroots=True)
        .open_on(day)
        .order_by("path")
    )


def admissions_by_grassroots(
    scope: Scope, grassroots: list[Organization]
) -> Counter[int]:
    """The period's admission decisions counted per grassroots organization:
    grouped by the deciding cell in the database, rolled up along each cell's
    path in the period."""
    first, last = scope.period.first, scope.period.last
    inside = scope.ids_during()
    per_cell: Counter[int] = Counter()
    for rows in (
        Placement.objects.admissions_between(first, last)
        .filter(organization_id__in=inside)
        .values("organization_id")
        .annotate(count=Count("pk"))
        .order_by(),
        decided_awaiting_ceremony(first, last)
        .filter(organization_id__in=inside)
        .values("organization_id")
        .annotate(count=Count("pk"))
        .order_by(),
    ):
        for row in rows:
            per_cell[row["organization_id"]] += row["count"]
    wanted = {o.pk for o in grassroots}
    paths = scope.paths()
    totals: Counter[int] = Counter()
    for cell, count in per_cell.items():
        owner = next(
            (pk for pk in reversed(_ids(paths.get(cell, ""))) if pk in wanted), None
        )
        if owner is not None:
            totals[owner] += count
    return totals


def organizations(
    scope: Scope, grassroots: list[Organization], admitted: Counter[int]
) -> dict[str, Any]:
    day = scope.period.last
    kinds = Counter(o.kind for o in grassroots)
    cells = (
        Organization.objects.filter(
            pk__in=scope.ids_on(day), kind=Kind.SUBORDINATE_CELL
        )
        .open_on(day)
        .count()
    )
    without = [o for o in grassroots if not admitted[o.pk]]
    return {
        "grassroots": len(grassroots),
        "grassroots_by_kind": {
            kind: kinds[kind]
            for kind in (
                Kind.COMMUNE_COMMITTEE,
                Kind.GRASSROOTS_COMMITTEE,
                Kind.GRASSROOTS_CELL,
            )
        },
        "subordinate_cells": cells,
        "without_admission": len(without),
        "without_admission_list": [{"code": o.code, "name": o.name} for o in without],
    }
