"""The one table of bounds for what people type: every date and whole number a
form or an import takes is checked here, by the name of its field, so an absurd
value (31/12/9999, a target of twenty digits) is refused with a message in
Vietnamese before any rule or arithmetic sees it.

Dates run from 1900 (the oldest living member's birth is well after it) to
today for what has happened, or a few years ahead for what is planned; whole
numbers stay within what the field means. A date or number field not named
in the tables gets the widest bound of its kind, never none.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import clock
from .calendar import add_months
from .text import day_label

EARLIEST = datetime.date(1900, 1, 1)


@dataclass(frozen=True)
class DaySpan:
    """From EARLIEST to today plus `years_ahead` years."""

    years_ahead: int

    def latest(self) -> datetime.date:
        return add_months(clock.today(), 12 * self.years_ahead)


@dataclass(frozen=True)
class NumberSpan:
    least: int
    most: int | Callable[[], int]

    def greatest(self) -> int:
        return self.most() if callable(self.most) else self.most


HAPPENED = DaySpan(years_ahead=0)
# Dates that may be typed ahead: a ceremony or a meeting being set up, the end
# of a temporary transfer, a class planned for next year.
PLANNED = DaySpan(years_ahead=5)

DAYS: dict[str, DaySpan] = {
    "birth_date": HAPPENED,
    "youth_union_date": HAPPENED,
    "admission_decision_date": HAPPENED,
    "ceremony_date": PLANNED,
    "official_date": PLANNED,
    "decision_date": HAPPENED,
    "received_on": HAPPENED,
    "introduced_on": HAPPENED,
    "issued_on": HAPPENED,
    "awarded_on": PLANNED,
    "held_on": PLANNED,
    "until": PLANNED,
    # A change of the tree (opened, merged, moved, power granted) is recorded
    # once it happened: the current tree is the one in force today.
    "changed_on": HAPPENED,
    # Figures "as at" a day: no figure exists yet for a day to come.
    "as_at": HAPPENED,
    # A report's period, which has begun (its end is cut at today).
    "first_day": HAPPENED,
    "last_day": PLANNED,
}


def _next_years() -> int:
    return clock.today().year + 5


# People in a cell, a committee or a meeting, and their votes.
PEOPLE = NumberSpan(0, 100_000)
NUMBERS: dict[str, NumberSpan] = {
    "year": NumberSpan(1930, _next_years),
    # Members a grassroots organization plans to admit in a year.
    "target": NumberSpan(0, 10_000),
    "start_number": NumberSpan(1, 1_000_000),
    "number": NumberSpan(1, 1_000_000),
    "eligible": PEOPLE,
    "present": PEOPLE,
    "votes_for": PEOPLE,
    "votes_against": PEOPLE,
    "abstaining": PEOPLE,
    "committee_members": PEOPLE,
    "exempt_present": PEOPLE,
}
WIDEST_NUMBER = NumberSpan(0, 1_000_000)


def check_day(field: str, day: datetime.date) -> None:
    """Raise ValidationError when `day` is outside the bound of `field`."""
    latest = DAYS.get(field, PLANNED).latest()
    if not EARLIEST <= day <= latest:
        raise ValidationError(
            _("Give a date from %(earliest)s to %(latest)s.")
            % {"earliest": day_label(EARLIEST), "latest": day_label(latest)},
            code="out_of_bounds",
        )


def check_number(field: str, number: int) -> None:
    span = NUMBERS.get(field, WIDEST_NUMBER)
    if not span.least <= number <= span.greatest():
        raise ValidationError(
            _("Give a whole number from %(least)s to %(most)s.")
            % {"least": span.least, "most": span.greatest()},
            code="out_of_bounds",
        )


def bound_fields(form: forms.BaseForm) -> None:
    """Give every date and whole-number field of `form` its bound."""
    for name, field in form.fields.items():
        validator: Callable[[Any], None] | None = None
        if isinstance(field, forms.DateField):
            validator = _bound(check_day, name)
            field.error_messages["invalid"] = _(
                "Write the date as dd/mm/yyyy, for example 05/02/2027."
            )
        elif isinstance(field, forms.DecimalField):
            field.error_messages["invalid"] = _("Write a number, e.g. 92,5.")
        elif isinstance(field, forms.IntegerField):
            validator = _bound(check_number, name)
            field.error_messages["invalid"] = _("Write a whole number, e.g. 12.")
        if validator is not None:
            field.validators.append(validator)


def _bound(check: Callable[[str, Any], None], name: str) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        if value is not None:
            check(name, value)

    return validate


class BoundedForm(forms.Form):
    """A form whose dates and whole numbers are checked against the table."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_fields(self)
