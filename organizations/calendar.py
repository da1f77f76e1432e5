"""Working days: Monday to Friday, minus Vietnam's public holidays (Tết included,
from the `holidays` package), adjusted by the editable CalendarDay table of extra
days off and swapped working days the government announces each year."""

import datetime
from functools import lru_cache

import holidays

from .memo import memo_open, remembered
from .models import CalendarDay

# Deadlines in the rules are at most a few months of working days; this bounds the
# search so a bad input cannot loop for ever.
_MAX_SPAN_DAYS = 5 * 366


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


class WorkingCalendar:
    """Answers working-day questions over a date range with one query for exceptions."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start, self.end = start, end
        # Within a request or job the whole table (a few days a year) is read
        # once; outside one, only this range.
        self._exceptions = (
            remembered(
                "calendar days",
                lambda: dict(CalendarDay.objects.values_list("date", "kind")),
            )
            if memo_open()
            else dict(
                CalendarDay.objects.filter(date__range=(start, end)).values_list(
                    "date", "kind"
                )
            )
        )

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self._exceptions.get(day)
        if kind == CalendarDay.Kind.WORKING_DAY:
            return True
        if kind == CalendarDay.Kind.DAY_OFF:
            return False
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def add(self, start: datetime.date, count: int) -> datetime.date:
        """add_working_days() within this calendar's range, without a query."""
        day, remaining = start, count
        while remaining:
            day += datetime.timedelta(days=1)
            if day > self.end:
                return add_working_days(start, count)
            if self.is_working_day(day):
                remaining -= 1
        return day


def calendar_for(days: list[datetime.date], count: int) -> WorkingCalendar:
    """One calendar that answers add(day, n) for every day of `days` (at least
    one) and any n up to `count`, read with one query; beyond its range add()
    falls back to add_working_days()."""
    # Working days plus weekends and the longest holiday run fit in twice the
    # count and two months.
    span = datetime.timedelta(days=count * 2 + 60)
    return WorkingCalendar(min(days), max(days) + span)


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `start` (`start` itself not counted):
    the last day of a deadline of `count` working days from an event on `start`."""
    if count < 0:
        raise ValueError("count must not be negative")
    calendar = WorkingCalendar(start, start + datetime.timedelta(days=_MAX_SPAN_DAYS))
    day, remaining = start, count
    while remaining:
        day += datetime.timedelta(days=1)
        if (day - start).days > _MAX_SPAN_DAYS:
            raise ValueError("deadline too far ahead")
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end`
    is before `start`), so add_working_days(start, n) == end gives n."""
    if end < start:
        return -working_days_between(end, start)
    calendar = WorkingCalendar(start, end)
    return sum(
        calendar.is_working_day(start + datetime.timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )


def _last_day(year: int, month: int) -> int:
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - datetime.timedelta(days=1)).day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31/1 + 1 → 28/2):
    a span counted in months ends on the corresponding day, or on the month's
    last day where it has none (Civil Code 2015, art. 148)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, _last_day(year, month)))


def whole_months(start: datetime.date, on: datetime.date) -> int:
    """Whole months from `start` to `on`, by `add_months`: every age and every
    span of the rules ("18 full years counted in months") is this. Born on
    29/02/2008, one is 18 on 28/02/2026; born on 31/01, one month old on the
    last day of February."""
    months = (on.year - start.year) * 12 + on.month - start.month
    return months - 1 if add_months(start, months) > on else months


def latest_start(on: datetime.date, months: int) -> datetime.date:
    """The latest start from which `months` whole months have passed by `on`
    (`whole_months(start, on) >= months` exactly when `start <= latest_start`):
    the bound a query of ages or spans compares dates of birth or of entry
    with. On a month's last day the whole earlier month qualifies (on
    28/02/2026, 18 years back is every birth up to 29/02/2008)."""
    back = add_months(on, -months)
    if on.day == _last_day(on.year, on.month):
        return back.replace(day=_last_day(back.year, back.month))
    return back


def last_expired_start(on: datetime.date, months: int) -> datetime.date:
    """The latest start whose span of `months` ended before `on`: a span from
    `start` still runs on `on` (`on <= add_months(start, months)`) exactly when
    `start > last_expired_start(on, months)`. A certificate valid for 60 months
    or a paper fresh for 12 is judged by this in a query as in Python."""
    return latest_start(on - datetime.timedelta(days=1), months)
