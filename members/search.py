"""Finding members: filters, accent-free name search and keyset pages.

Name search works the same on PostgreSQL and SQLite: the query is folded like
the stored `search_name` column (no accents, đ → d, lower case, NFC or NFD
input alike) and every word must start a word of the name.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from organizations import clock
from organizations.calendar import latest_start
from organizations.text import fold

from .models import Exemption, Member, MemberQuerySet

# General education values by stage, for both the 12-year and the old 10-year system.
EDUCATION_STAGES = {
    "primary": [f"{g}/12" for g in range(1, 6)] + [f"{g}/10" for g in range(1, 5)],
    "lower_secondary": [f"{g}/12" for g in range(6, 10)]
    + [f"{g}/10" for g in range(5, 8)],
    "upper_secondary": [f"{g}/12" for g in range(10, 13)]
    + [f"{g}/10" for g in range(8, 11)],
}
AGE_BANDS = {
    "-30": (0, 30),
    "31-40": (31, 40),
    "41-50": (41, 50),
    "51-60": (51, 60),
    "61-": (61, 200),
}
PARTY_AGE_BANDS = {
    "-9": (0, 9),
    "10-29": (10, 29),
    "30-39": (30, 39),
    "40-49": (40, 49),
    "50-": (50, 200),
}


# Digits then a province's letters ("012345HG"); a name never starts with a digit.
_HISTORY_NUMBER = re.compile(r"^\d{4,}[a-z]{1,3}$")


def search(members: MemberQuerySet, text: str) -> MemberQuerySet:
    """Members whose name, CCCD, party card or history number matches `text`."""
    words = fold(text).split()
    if not words:
        return members
    joined = "".join(words)
    if joined.isdigit():
        return members.filter(
            Q(cccd__startswith=joined) | Q(card_number=joined) | Q(cmnd=joined)
        )
    if _HISTORY_NUMBER.match(joined):
        return members.filter(history_number__iexact=joined)
    return members.filter(name_query(words))


def name_query(words: list[str]) -> Q:
    """Every folded word at the start of a word of the stored `search_name`.
    Name words only: an OR with another column would stop PostgreSQL from
    answering from the trigram index."""
    name = Q()
    for word in words:
        name &= Q(search_name__contains=f" {word}")
    return name


def _dates_for_years(years: tuple[int, int], today: datetime.date) -> tuple[Any, Any]:
    """The range of start dates that make someone between `years[0]` and `years[1]`
    full years old (of age, or of party age) today."""
    youngest, oldest = years
    latest = latest_start(today, 12 * youngest)
    earliest = latest_start(today, 12 * (oldest + 1)) + datetime.timedelta(days=1)
    return earliest, latest


def apply_filters(
    members: MemberQuerySet, data: dict[str, Any], day: datetime.date | None = None
) -> MemberQuerySet:
    """Apply the cleaned filter form's values; empty values filter nothing.
    Ages, party ages and exemptions are judged on `day` (today by default);
    the caller filters the status as at a past day."""
    today = day or clock.today()
    if data.get("status") and day is None:
        members = members.filter(status=data["status"])
    for field in ("sex", "ethnicity", "religion", "political_theory"):
        if data.get(field):
            members = members.filter(**{field: data[field]})
    if data.get("education"):
        members = members.filter(
            general_education__in=EDUCATION_STAGES[data["education"]]
        )
    if data.get("age"):
        members = members.filter(
            birth_date__range=_dates_for_years(AGE_BANDS[data["age"]], today)
        )
    if data.get("party_age"):
        # Party age from the admission decision; gaps come with the member history.
        span = _dates_for_years(PARTY_AGE_BANDS[data["party_age"]], today)
        members = members.filter(admission_decision_date__range=span)
    if data.get("exempt"):
        open_exemption = Exemption.objects.filter(
            Q(end__isnull=True) | Q(end__gt=today),
            member=OuterRef("pk"),
            start__lte=today,
        )
        exempt = Exists(open_exemption)
        members = members.filter(exempt if data["exempt"] == "yes" else ~exempt)
    if data.get("q"):
        members = search(members, data["q"])
    return members


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Member]
    next_cursor: str | None
    previous_cursor: str | None


def _cursor(member: Member) -> str:
    return f"{member.sort_key}~{member.pk}"


def parse_cursor(value: str) -> tuple[str, int] | None:
    key, _, pk = value.partition("~")
    if (not key.isdigit() and key != "") or not pk.isdigit():
        return None
    return key, int(pk)


def keyset_page(
    members: MemberQuerySet,
    *,
    after: tuple[str, int] | None = None,
    before: tuple[str, int] | None = None,
    size: int = 50,
) -> KeysetPage:
    """One page in Vietnamese name order, positioned by the last (or first) row
    seen rather than an offset, so a deep page costs what the first one does."""
    if before is not None:
        key, pk = before
        # The plain range first lets the sort_key index bound the scan; the OR
        # then breaks ties on the key by id.
        earlier = members.filter(sort_key__lte=key).filter(
            Q(sort_key__lt=key) | Q(sort_key=key, pk__lt=pk)
        )
        rows = list(earlier.order_by("-sort_key", "-pk")[: size + 1])
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(
            rows,
            next_cursor=_cursor(rows[-1]) if rows else None,
            previous_cursor=_cursor(rows[0]) if rows and more_before else None,
        )
    if after is not None:
        key, pk = after
        members = members.filter(sort_key__gte=key).filter(
            Q(sort_key__gt=key) | Q(sort_key=key, pk__gt=pk)
        )
    rows = list(members.order_by("sort_key", "pk")[: size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows,
        next_cursor=_cursor(rows[-1]) if rows and more_after else None,
        previous_cursor=_cursor(rows[0]) if rows and after is not None else None,
    )
