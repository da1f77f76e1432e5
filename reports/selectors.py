"""Figures for the dashboard, scoped to the asking user (DESIGN.md §4)."""

import datetime
from dataclasses import dataclass
from typing import Any

from candidates.selectors import decided_awaiting_ceremony
from members.models import Placement
from members.selectors import MemberCounts, member_counts
from organizations.selectors import visible_organizations


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
