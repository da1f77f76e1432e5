"""The year's quality ranking of the grassroots organizations (DOMAIN.md §5.6):
by the level the committee gave them, and those not ranked (the members' is
counted with the stock)."""

from typing import Any

from django.db.models import Count

from organizations.models import Organization, OrganizationRating, QualityLevel

from .scope import Scope


def organization_ranking(
    scope: Scope, grassroots: list[Organization]
) -> dict[str, Any]:
    """The grassroots organizations at the period's end by the level they were
    ranked for the period's year, and those not ranked."""
    rows = dict(
        OrganizationRating.objects.filter(
            year=scope.period.last.year, organization__in=grassroots
        )
        .values("level")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("level", "count")
    )
    levels = {level: rows.get(level, 0) for level in QualityLevel.values}
    levels["not_ranked"] = len(grassroots) - sum(levels.values())
    return levels
