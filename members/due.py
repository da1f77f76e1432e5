"""Who is due for what: probation ending and party badges (DOMAIN.md §1.14–1.15,
§5.7). Read-only selectors over the user's scope."""

import datetime
from dataclasses import dataclass
from typing import Any

from organizations import clock
from organizations.calendar import add_months, calendar_for, latest_start
from organizations.rules import rule_lookup, rule_value

from .models import Member, MemberQuerySet
from .selectors import visible_members

# The working days one calendar read covers; a deadline beyond it is counted
# day by day (organizations.calendar.calendar_for), not refused.
CALENDAR_WORKING_DAYS = 60


def probation_end(member: Member) -> datetime.date:
    """The day the 12 months of probation end (rule in force at the ceremony)."""
    months = rule_value("member.probation_months", member.ceremony_date)
    return add_months(member.ceremony_date, int(months))


@dataclass(frozen=True)
class ProbationDue:
    member: Member
    ends_on: datetime.date
    propose_by: datetime.date
    days_left: int

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def _probation_queryset(user: Any, within_days: int) -> MemberQuerySet:
    today = clock.today()
    months = int(rule_value("member.probation_months", today))
    latest_ceremony = latest_start(today + datetime.timedelta(days=within_days), months)
    return (
        visible_members(user)
        .filter(status=Member.Status.PROBATIONARY, end_date__isnull=True)
        .filter(ceremony_date__lte=latest_ceremony)
    )


def probation_due_count(user: Any, *, within_days: int = 30) -> int:
    """How many rows probation_due() lists, in one query (for the dashboard)."""
    return _probation_queryset(user, within_days).count()


def probation_due(
    user: Any, *, within_days: int = 30, limit: int | None = None
) -> list[ProbationDue]:
    """Probationary members whose probation ends within `within_days`, or has
    ended without recognition, soonest first (the first `limit` of them), with
    the cell's proposal deadline."""
    today = clock.today()
    # Two rule reads and one calendar read, whatever the number of rows.
    members = list(
        _probation_queryset(user, within_days)
        .select_related("organization")
        .order_by("ceremony_date", "sort_key")[:limit]
    )
    probation = rule_lookup("member.probation_months")
    proposal = rule_lookup("member.recognition_proposal_working_days")
    ends_on = {
        m.ceremony_date: add_months(m.ceremony_date, int(probation(m.ceremony_date)))
        for m in members
    }
    calendar = calendar_for([today, *ends_on.values()], CALENDAR_WORKING_DAYS)
    rows = []
    for member in members:
        ends = ends_on[member.ceremony_date]
        propose_by = calendar.add(ends, int(proposal(ends)))
        rows.append(ProbationDue(member, ends, propose_by, (ends - today).days))
    return rows


def _award_days(around: datetime.date) -> list[datetime.date]:
    days = []
    for year in (around.year - 1, around.year, around.year + 1):
        for month_day in rule_value("badge.award_dates", around):
            month, day = (int(part) for part in month_day.split("-"))
            days.append(datetime.date(year, month, day))
    return sorted(days)


def award_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last presentation day before `today` and the next one on or after it
    (badges are presented on 3/2, 19/5, 2/9 and 7/11)."""
    days = _award_days(today)
    upcoming = min(day for day in days if day >= today)
    return max(day for day in days if day < upcoming), upcoming


def badges_due(user: Any) -> tuple[datetime.date, dict[int, MemberQuerySet]]:
    """For each badge milestone, the current members whose party age reaches it
    between the last award date and the next one. Party age counts from the
    admission decision with the gaps outside the Party subtracted; members who
    already hold the badge are left out."""
    since, award = award_window(clock.today())
    due: dict[int, MemberQuerySet] = {}
    for years in rule_value("badge.milestones_years", award):
        due[int(years)] = (
            visible_members(user)
            .filter(end_date__isnull=True)
            .filter(
                party_age_from__gt=latest_start(since, 12 * int(years)),
                party_age_from__lte=latest_start(award, 12 * int(years)),
            )
            .exclude(badges__milestone=int(years))
            .select_related("organization")
            .order_by("sort_key")
        )
    return award, due
