"""The year's quality ranking (DOMAIN.md §5.6): the members at the period's end
by the level their cell gave them for the period's year, the grassroots
organizations by the level the committee gave them, and those not ranked."""

from typing import Any

from django.db.models import Count

from members.models import Rating
from organizations.models import Organization, OrganizationRating, QualityLevel

from .scope import Scope
from .stock import stock_queryset


def member_ranking(scope: Scope) -> dict[str, Any]:
    members = stock_queryset(scope).values("member_id")
    rows = dict(
        Rating.objects.filter(year=scope.period.last.year, member_id__in=members)
        .values("level")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("level", "count")
    )
    levels = {level: rows.get(level, 0) for level in Rating.Level.values}
    levels["not_ranked"] = members.count() - sum(levels.values())
    return levels


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
