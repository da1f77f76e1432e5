"""Members who meet a trigger for removal of name (xóa tên, DOMAIN.md §5.3),
found for the cell and the committee: each with the rule and its source, none
decided here (the cell proposes, the competent committee decides)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from organizations.calendar import add_months, latest_start
from organizations.rules import rule_in_force
from organizations.text import day_label

from .models import Guidance, Member, MissedMonth, Rating
from .selectors import visible_members


@dataclass(frozen=True)
class Trigger:
    member: Member
    reason: str
    since: datetime.date
    source: str


def failed_ratings(user: Any, today: datetime.date) -> list[Trigger]:
    """Current members rated "failed" in each of the latest years the rule
    counts, one after another, the last of them the latest year rated."""
    rule = rule_in_force("removal.consecutive_failed_ratings", today)
    count = int(rule.value)
    # The run ends with last year's rating, or this year's once the cell has
    # rated in December.
    years = range(today.year - count, today.year + 1)
    # Unordered (the model's order joins each member for their name), and only
    # the members failed often enough in the window: at a province's scale
    # thousands fail a single year and none of them is a trigger.
    ratings = Rating.objects.filter(
        member__in=visible_members(user).filter(end_date__isnull=True),
        level=Rating.Level.FAILED,
        year__in=list(years),
    ).order_by()
    often = (
        ratings.values("member_id")
        .annotate(failures=Count("pk"))
        .filter(failures__gte=count)
        .values("member_id")
    )
    failed: dict[int, set[int]] = {}
    for member_id, year in ratings.filter(member_id__in=often).values_list(
        "member_id", "year"
    ):
        failed.setdefault(member_id, set()).add(year)
    found = {
        member_id: max(rated)
        for member_id, rated in failed.items()
        if max(rated) >= today.year - 1
        and all(max(rated) - n in rated for n in range(count))
    }
    members = Member.objects.in_bulk(list(found))
    return [
        Trigger(
            members[pk],
            _("Rated “failed” %(n)s years in a row (%(first)s–%(last)s).")
            % {"n": count, "first": last - count + 1, "last": last},
            # This year's rating, given in December, is met from today.
            min(datetime.date(last, 12, 31), today),
            rule.source,
        )
        for pk, last in found.items()
    ]


def missed_months(user: Any, today: datetime.date) -> list[Trigger]:
    """Current members the cell recorded as missing its meeting or the dues,
    without a valid reason, in the rule's number of months of one year (this
    year or last)."""
    rule = rule_in_force("removal.missed_months_in_year", today)
    needed = int(rule.value)
    months: dict[tuple[int, int], list[datetime.date]] = {}
    for member_id, month in (
        MissedMonth.objects.filter(
            member__in=visible_members(user).filter(end_date__isnull=True),
            month__year__gte=today.year - 1,
            month__lte=today,
        )
        .filter(Q(absent=True) | Q(unpaid=True))
        .values_list("member_id", "month")
    ):
        months.setdefault((member_id, month.year), []).append(month)
    found = {
        key: sorted(missed)[needed - 1]
        for key, missed in months.items()
        if len(missed) >= needed
    }
    members = Member.objects.in_bulk([member_id for member_id, _year in found])
    return [
        Trigger(
            members[member_id],
            _(
                "Missed the cell's meeting or the dues without a valid reason in "
                "%(n)s months of %(year)s."
            )
            % {"n": len(months[(member_id, year)]), "year": year},
            min(add_months(reached, 1) - datetime.timedelta(days=1), today),
            rule.source,
        )
        for (member_id, year), reached in found.items()
    ]


def no_progress(user: Any, today: datetime.date) -> list[Trigger]:
    """Current members the cell began helping the rule's number of months ago
    or more with no improvement recorded since."""
    rule = rule_in_force("removal.no_progress_months", today)
    months = int(rule.value)
    helped = Guidance.objects.filter(
        member__in=visible_members(user).filter(end_date__isnull=True),
        end__isnull=True,
        start__lte=latest_start(today, months),
    ).select_related("member")
    return [
        Trigger(
            guidance.member,
            _("No progress %(months)s months after the cell began helping (%(since)s).")
            % {"months": months, "since": day_label(guidance.start)},
            add_months(guidance.start, months),
            rule.source,
        )
        for guidance in helped
    ]
