"""Reading the versioned rule table: "the rule in force on date D"."""

import datetime
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .memo import memo_open, remembered
from .models import RuleVersion
from .text import day_label


class RuleMissingError(ValidationError):
    """No version of a rule is in force on the date asked about; a form shows it
    like any other broken rule."""


def _versions(key: str) -> list[RuleVersion]:
    """The versions of `key`, the newest first. Within a unit of work the
    whole table (a few dozen rows) is read once, however many rules a page or
    a job asks; outside one, only the key's rows."""
    if memo_open():
        return remembered(("rules",), _table).get(key, [])
    return list(RuleVersion.objects.filter(key=key).order_by("-effective_from"))


def _table() -> dict[str, list[RuleVersion]]:
    table: dict[str, list[RuleVersion]] = {}
    for version in RuleVersion.objects.order_by("key", "-effective_from"):
        table.setdefault(version.key, []).append(version)
    return table


def rule_in_force(key: str, on: datetime.date) -> RuleVersion:
    """The version of rule `key` with the latest `effective_from` on or before `on`.

    Raises RuleMissingError when the rule has no version yet on that date.
    """
    versions = _versions(key)
    version = next((v for v in versions if v.effective_from <= on), None)
    if version is None:
        raise RuleMissingError(
            _("No version of rule %(key)s is in force on %(date)s.")
            % {"key": key, "date": day_label(on)}
        )
    return version


def rule_value(key: str, on: datetime.date) -> Any:
    """The value of `key` on `on`; fractions stored as "2/3" come back as Fraction."""
    version = rule_in_force(key, on)
    if version.unit == RuleVersion.Unit.FRACTION:
        return Fraction(str(version.value))
    return version.value


def rule_lookup(key: str) -> Callable[[datetime.date], Any]:
    """rule_value(key, day) for many days with one query: for a list of rows
    that each need the rule in force on their own date."""
    versions = _versions(key)

    def value_on(day: datetime.date) -> Any:
        for version in versions:
            if version.effective_from <= day:
                if version.unit == RuleVersion.Unit.FRACTION:
                    return Fraction(str(version.value))
                return version.value
        raise RuleMissingError(
            _("No version of rule %(key)s is in force on %(date)s.")
            % {"key": key, "date": day_label(day)}
        )

    return value_on
