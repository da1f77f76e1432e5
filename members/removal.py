"""Members who meet a trigger for removal of name (xóa tên, DOMAIN.md §5.3),
found for the cell and the committee: each with the rule and its source, none
decided here (the cell proposes, the competent committee decides)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from organizations.rules import rule_in_force

from .models import Member, Rating
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
    failed: dict[int, set[int]] = {}
    for member_id, year in Rating.objects.filter(
        member__in=visible_members(user).filter(end_date__isnull=True),
        level=Rating.Level.FAILED,
        year__in=list(years),
    ).values_list("member_id", "year"):
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
