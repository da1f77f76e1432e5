"""What happened during the period (DOMAIN.md §6 "movements in year"), each
counted where it happened: an event in the organization that recorded it, an
admission where it was decided, a move between two organizations of the scope
not at all."""

from typing import Any

from django.db.models import Count, Q

from candidates.selectors import decided_awaiting_ceremony
from members.models import MemberEvent, Placement, TemporaryTransfer, Transfer
from members.models.events import DisciplineLevel
from members.models.profile import Ethnicity, OccupationGroup, Religion

from .scope import Scope
from .stock import UNKNOWN

Kind = MemberEvent.Kind
EVENTS = {
    "recognized": Kind.RECOGNIZED,
    "readmitted": Kind.READMITTED,
    "removed": Kind.REMOVED,
    "expelled": Kind.EXPELLED,
    "left": Kind.LEFT,
    "deceased": Kind.DIED,
    "exempted": Kind.EXEMPTED,
    "disciplined": Kind.DISCIPLINED,
}


def movements(scope: Scope) -> dict[str, Any]:
    first, last = scope.period.first, scope.period.last
    inside = scope.ids_during()
    events = MemberEvent.objects.filter(
        on__range=(first, last), organization_id__in=inside
    )
    counts: dict[str, Any] = {
        key: Count("pk", filter=Q(kind=kind)) for key, kind in EVENTS.items()
    }
    for level in DisciplineLevel.values:
        counts[f"discipline:{level}"] = Count(
            "pk", filter=Q(kind=Kind.DISCIPLINED, data__level=level)
        )
    counts["transferred_in_from_outside"] = Count(
        "pk", filter=Q(kind=Kind.TRANSFERRED_IN)
    )
    row = events.aggregate(**counts)
    figures: dict[str, Any] = {key: row[key] for key in EVENTS}
    figures["discipline_by_level"] = {
        level: row[f"discipline:{level}"] for level in DisciplineLevel.values
    }
    figures["admitted"] = admissions(scope)
    figures["transfers"] = _transfers(scope, row["transferred_in_from_outside"])
    figures["badges"] = _badges(events)
    return figures


def admissions(scope: Scope) -> dict[str, Any]:
    """Admission decisions dated in the period (DESIGN.md §4): members by their
    decision, decided candidates awaiting the ceremony; each person once."""
    first, last = scope.period.first, scope.period.last
    inside = scope.ids_during()
    members = Placement.objects.admissions_between(first, last).filter(
        organization_id__in=inside
    )
    awaiting = decided_awaiting_ceremony(first, last).filter(organization_id__in=inside)
    member_row = members.aggregate(
        **_by_occupation("member__occupation_group"),
        total=Count("pk"),
        women=Count("pk", filter=Q(member__sex="female")),
        minorities=Count("pk", filter=~Q(member__ethnicity__code=Ethnicity.KINH)),
        youth_union=Count(
            "pk",
            filter=Q(
                member__youth_union_date__isnull=False,
                member__youth_union_date__lte=last,
            ),
        ),
        believers=Count("pk", filter=~Q(member__religion=Religion.NONE)),
    )
    candidate_row = awaiting.aggregate(
        **_by_occupation("occupation_group"),
        total=Count("pk"),
        women=Count("pk", filter=Q(sex="female")),
        minorities=Count("pk", filter=~Q(ethnicity__code=Ethnicity.KINH)),
        youth_union=Count("pk", filter=Q(youth_union_member=True)),
        believers=Count("pk", filter=~Q(religion=Religion.NONE)),
    )
    both = {key: member_row[key] + candidate_row[key] for key in member_row}
    by_occupation = {
        group: both.pop(f"occupation:{group}") for group in OccupationGroup.values
    }
    by_occupation[UNKNOWN] = both["total"] - sum(by_occupation.values())
    return {**both, "by_occupation": by_occupation}


def _by_occupation(field: str) -> dict[str, Any]:
    return {
        f"occupation:{group}": Count("pk", filter=Q(**{field: group}))
        for group in OccupationGroup.values
    }


def _transfers(scope: Scope, from_outside: int) -> dict[str, int]:
    """Moves across the scope's edge: received official transfers by the day of
    receipt, temporary ones by the day they start."""
    first, last = scope.period.first, scope.period.last
    inside = scope.ids_during()
    leaving = Q(from_organization_id__in=inside) & ~Q(to_organization_id__in=inside)
    coming = Q(to_organization_id__in=inside) & ~Q(from_organization_id__in=inside)
    official = Transfer.objects.filter(
        status=Transfer.Status.RECEIVED, received_on__range=(first, last)
    ).aggregate(out=Count("pk", filter=leaving), came=Count("pk", filter=coming))
    temporary = TemporaryTransfer.objects.filter(start__range=(first, last)).aggregate(
        out=Count("pk", filter=leaving), came=Count("pk", filter=coming)
    )
    return {
        "official_in": official["came"] + from_outside,
        "official_out": official["out"],
        "temporary_in": temporary["came"],
        "temporary_out": temporary["out"],
    }


def _badges(events: Any) -> dict[str, int]:
    """Badges presented in the period, by milestone (years of party age)."""
    rows = (
        events.filter(kind=Kind.BADGE_AWARDED)
        .values("data__milestone")
        .annotate(count=Count("pk"))
        .order_by("data__milestone")
    )
    return {str(row["data__milestone"]): row["count"] for row in rows}
