"""The party organizations of the scope at the period's end (DOMAIN.md §6)."""

from collections import Counter
from typing import Any

from django.db.models import Exists, OuterRef

from candidates.targets import admissions_by_path
from members.models import Placement
from organizations.models import Organization, Village
from organizations.models.tree import owner_on_path

from .scope import Scope
from .stock import UNKNOWN

Kind = Organization.Kind


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
    """The period's admission decisions per grassroots organization, each where
    it was decided on the tree of its day (as the targets count them)."""
    wanted = {o.pk for o in grassroots}
    totals: Counter[int] = Counter()
    by_path = admissions_by_path(
        scope.period.first, scope.period.last, scope.ids_during()
    )
    for path, count in by_path.items():
        owner = owner_on_path(path, wanted)
        if owner is not None:
            totals[owner] += count
    return totals


def organizations(
    scope: Scope, grassroots: list[Organization], admitted: Counter[int]
) -> dict[str, Any]:
    day = scope.period.last
    kinds = Counter(o.kind for o in grassroots)
    sectors = Counter(o.sector or UNKNOWN for o in grassroots)
    cells = (
        Organization.objects.filter(
            pk__in=scope.ids_on(day), kind=Kind.SUBORDINATE_CELL
        )
        .open_on(day)
        .count()
    )
    without = [o for o in grassroots if not admitted[o.pk]]
    villages = Village.objects.filter(organization_id__in=scope.ids_on(day)).open_on(
        day
    )
    # Where members live, whichever cell (in scope or not) they belong to;
    # asked village by village (an anti-join on the members' village index),
    # not as a list of a province's residences.
    lives_there = Placement.objects.on(day).filter(member__village=OuterRef("pk"))
    empty = villages.filter(~Exists(lives_there)).select_related("organization")
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
        "grassroots_by_sector": {
            sector: sectors[sector] for sector in (*Organization.Sector.values, UNKNOWN)
        },
        "subordinate_cells": cells,
        "without_admission": len(without),
        "without_admission_list": [{"code": o.code, "name": o.name} for o in without],
        "villages": villages.count(),
        "villages_without_members": [
            {"code": v.code, "name": v.name, "commune": v.organization.name}
            for v in empty.order_by("organization__path", "name")
        ],
    }
