"""Party badges the demo members have received: each milestone of party age,
presented on the first award day after it is reached, while still a member."""

import datetime

from members.models import Badge, Member, MemberEvent
from organizations.calendar import add_months
from organizations.models import User
from organizations.rules import rule_value


def _award_day_on_or_after(day: datetime.date, month_days: list[str]) -> datetime.date:
    candidates = [
        datetime.date(year, *(int(part) for part in month_day.split("-")))
        for year in (day.year, day.year + 1)
        for month_day in month_days
    ]
    return min(candidate for candidate in candidates if candidate >= day)


def badges(
    members: list[Member], *, by: User, today: datetime.date
) -> tuple[list[Badge], list[MemberEvent]]:
    milestones = [int(years) for years in rule_value("badge.milestones_years", today)]
    month_days = list(rule_value("badge.award_dates", today))
    awarded: list[Badge] = []
    events: list[MemberEvent] = []
    for member in members:
        if member.end_date is not None and member.status != Member.Status.DECEASED:
            continue
        for years in milestones:
            day = _award_day_on_or_after(
                add_months(member.party_age_from, 12 * years), month_days
            )
            if day > today or (member.end_date and day > member.end_date):
                break
            decided = day - datetime.timedelta(days=12)
            badge = Badge(
                member=member,
                milestone=years,
                awarded_on=day,
                decision_number=f"{day.year % 100:02d}{day.month:02d}-QĐ/TU",
                decision_date=decided,
                decided_by="Ban Thường vụ Tỉnh ủy Hà Giang",
                recorded_by=by,
            )
            awarded.append(badge)
            events.append(
                MemberEvent(
                    member=member,
                    kind=MemberEvent.Kind.BADGE_AWARDED,
                    on=day,
                    organization=member.organization,
                    decision_number=badge.decision_number,
                    decision_date=decided,
                    decided_by=badge.decided_by,
                    data={"milestone": years, "early": ""},
                    recorded_by=by,
                )
            )
    return awarded, events
