import datetime

import pytest

from organizations.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    last_expired_start,
    latest_start,
    whole_months,
    working_days_between,
)
from organizations.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 16), False),  # 29 Tết (Giao thừa)
        (D(2026, 2, 17), False),  # Mùng một
        (D(2026, 2, 20), False),  # Mùng bốn
        (D(2026, 2, 23), True),  # back to work
        (D(2026, 9, 2), False),  # National Day
        (D(2026, 8, 22), True),  # Saturday worked for the 31/8 bridge day
        (D(2026, 8, 29), False),  # an ordinary Saturday
        (D(2026, 8, 31), False),  # the bridge day off
    ],
)
def test_working_days_follow_the_vietnamese_calendar(day, working):
    assert is_working_day(day) is working


def test_add_working_days_skips_tet():
    # Thu 12/2/2026 + 3 working days: Fri 13/2, the Tết week off, Mon 23/2, Tue 24/2.
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert add_working_days(D(2026, 2, 12), 0) == D(2026, 2, 12)


def test_a_swapped_saturday_counts_as_a_working_day():
    # Friday 21/8/2026 + 1 working day is Saturday 22/8 (worked in exchange).
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    # The bridge Monday 31/8 and 1–2/9 are off: after Fri 28/8 comes Thu 3/9.
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_working_days_between_is_the_inverse_of_add():
    start = D(2026, 1, 5)
    for count in (1, 10, 30, 60):
        end = add_working_days(start, count)
        assert working_days_between(start, end) == count
    assert working_days_between(D(2026, 2, 24), D(2026, 2, 12)) == -3


def test_editable_days_off_and_working_days_change_the_count():
    start, end = D(2027, 3, 1), D(2027, 3, 12)
    before = working_days_between(start, end)
    CalendarDay.objects.create(
        date=D(2027, 3, 10), kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù"
    )
    CalendarDay.objects.create(
        date=D(2027, 3, 6), kind=CalendarDay.Kind.WORKING_DAY, note="Làm bù"
    )
    assert working_days_between(start, end) == before
    CalendarDay.objects.filter(date=D(2027, 3, 6)).delete()
    assert working_days_between(start, end) == before - 1


def test_sixty_working_days_from_a_cell_resolution_before_tet():
    # A resolution on 15/1/2026: the 60-working-day decision deadline lands after
    # Tết and Hùng Kings' day (observed Mon 27/4), not on the naive date.
    deadline = add_working_days(D(2026, 1, 15), 60)
    naive = D(2026, 1, 15) + datetime.timedelta(weeks=12)
    assert deadline > naive
    assert working_days_between(D(2026, 1, 15), deadline) == 60
    assert is_working_day(deadline)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2018, 3, 15), 12, D(2019, 3, 15)),
        (D(2019, 1, 31), 1, D(2019, 2, 28)),
        (D(2019, 12, 31), 2, D(2020, 2, 29)),
        (D(2020, 2, 29), 12, D(2021, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        # 18 full years on 28/02 of a common year for a 29/02 birth, not before.
        (D(2008, 2, 29), D(2026, 2, 28), 216),
        (D(2008, 2, 29), D(2026, 2, 27), 215),
        (D(2008, 2, 29), D(2028, 2, 29), 240),
        # A month from 31/01 is the last day of February.
        (D(2025, 1, 31), D(2025, 2, 28), 1),
        (D(2025, 1, 31), D(2025, 2, 27), 0),
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        # A birthday counts on its day.
        (D(1966, 3, 15), D(2026, 3, 15), 720),
        (D(1966, 3, 15), D(2026, 3, 14), 719),
        (D(2026, 3, 15), D(2026, 3, 15), 0),
    ],
)
def test_whole_months_on_29_february_and_month_ends(born, on, months):
    assert whole_months(born, on) == months


def _days(first, last):
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def test_the_query_bound_agrees_with_whole_months_on_every_day():
    """Whoever a query of ages counts (start on or before the bound) is whoever
    `whole_months` finds old enough, on every day around leap days and month
    ends."""
    starts = _days(D(2007, 12, 25), D(2008, 3, 5)) + _days(
        D(2011, 1, 25), D(2011, 5, 2)
    )
    days = _days(D(2026, 1, 25), D(2026, 5, 2)) + _days(D(2028, 2, 20), D(2028, 3, 3))
    for months in (1, 11, 12, 216, 217, 229):
        for on in days:
            bound = latest_start(on, months)
            for start in starts:
                assert (whole_months(start, on) >= months) == (start <= bound), (
                    start,
                    on,
                    months,
                )


def test_the_expiry_bound_agrees_with_the_day_a_span_ends():
    """A certificate valid 60 months or a paper fresh 12 still runs on the
    last day `add_months` gives, and not the day after; a query (start after
    the bound) and the check in Python agree on every day around leap days and
    month ends."""
    starts = _days(D(2023, 1, 25), D(2023, 5, 2)) + _days(D(2027, 2, 20), D(2027, 3, 3))
    days = _days(D(2028, 1, 25), D(2028, 5, 2)) + _days(D(2024, 2, 20), D(2024, 3, 3))
    for months in (1, 2, 12, 60):
        for on in days:
            bound = last_expired_start(on, months)
            for start in starts:
                runs = on <= add_months(start, months)
                assert runs == (start > bound), (start, on, months)


def test_one_calendar_for_many_dates_agrees_with_add_working_days():
    from organizations.calendar import calendar_for

    starts = [
        datetime.date(2026, 1, 5) + datetime.timedelta(days=n) for n in range(0, 90, 7)
    ]
    calendar = calendar_for(starts, 60)
    for start in starts:
        for count in (1, 10, 30, 60):
            assert calendar.add(start, count) == add_working_days(start, count)
