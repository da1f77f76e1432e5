"""Figures for the dashboard, scoped to the asking user (DESIGN.md §4)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from candidates.models import AdmissionTarget, Candidate
from candidates.selectors import decided_awaiting_ceremony
from members.models import Placement
from members.selectors import MemberCounts, member_counts
from organizations.models.tree import in_force
from organizations.selectors import (
    organization_ids_visible_on_any,
    visible_organization_ids,
    visible_organizations,
)


@dataclass(frozen=True)
class DashboardFigures:
    as_at: datetime.date
    members: MemberCounts
    grassroots: int
    admitted_in_year: int

    @property
    def year(self) -> int:
        return self.as_at.year


def dashboard_figures(user: Any, as_at: datetime.date) -> DashboardFigures:
    """Members (official and probationary) and open grassroots organizations in the
    user's scope on `as_at` (the tree as it stood that day), and admission
    decisions from 1 January to `as_at`."""
    organizations = visible_organizations(user, on=as_at)
    placements = Placement.objects.filter(organization__in=organizations)
    year_start = as_at.replace(month=1, day=1)
    return DashboardFigures(
        as_at=as_at,
        members=member_counts(placements, as_at),
        grassroots=organizations.filter(is_grassroots=True).open_on(as_at).count(),
        admitted_in_year=placements.admissions_between(year_start, as_at).count()
        + decided_awaiting_ceremony(year_start, as_at)
        .filter(organization__in=organizations)
        .count(),
    )


@dataclass(frozen=True)
class YearFigures:
    year: int
    members: int
    admitted: int
    target: int

    @property
    def done_percent(self) -> int:
        return min(100, self.admitted * 100 // self.target) if self.target else 0


def yearly_trend(user: Any, today: datetime.date, years: int = 6) -> list[YearFigures]:
    """The last `years` years (this one so far): members at each year's end,
    admission decisions of the year and the targets registered for it, each
    year in the scope as the tree stood at its end. Four queries in all."""
    ends = {
        year: min(datetime.date(year, 12, 31), today)
        for year in range(today.year - years + 1, today.year + 1)
    }

    def scoped(day: datetime.date) -> Q:
        return Q(organization__in=visible_organization_ids(user, on=day))

    # The scope's rows found first by organization: a commune's few hundred
    # are then counted year by year, not the province's every row.
    ids = organization_ids_visible_on_any(user, ends.values())
    anywhere = Q(organization__in=ids) if ids is not None else Q()
    members = Placement.objects.filter(anywhere).aggregate(
        **{
            f"y{year}": Count("pk", filter=scoped(day) & Q(*in_force(day)))
            for year, day in ends.items()
        }
    )

    def decided_each_year(rows: Any, field: str) -> dict[str, int]:
        dated = {
            year: Q(**{f"{field}__range": (datetime.date(year, 1, 1), day)})
            for year, day in ends.items()
        }
        return rows.aggregate(
            **{
                f"y{year}": Count("pk", filter=scoped(day) & dated[year])
                for year, day in ends.items()
            }
        )

    admitted = decided_each_year(
        Placement.objects.filter(anywhere, opens_period=True), "decision_date"
    )
    awaiting = decided_each_year(
        Candidate.objects.filter(anywhere, member__isnull=True), "decided_on"
    )
    targets = dict(
        AdmissionTarget.objects.filter(
            organization__in=visible_organizations(user), year__in=list(ends)
        )
        .values("year")
        .annotate(total=Sum("target"))
        .values_list("year", "total")
    )
    return [
        YearFigures(
            year=year,
            members=members[f"y{year}"],
            admitted=admitted[f"y{year}"] + awaiting[f"y{year}"],
            target=targets.get(year, 0),
        )
        for year in ends
    ]
