"""The span a report covers: a year, a half-year or any two dates."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from organizations.text import day_label


@dataclass(frozen=True)
class Period:
    """From `first` to `last`, both days included. Movements count when dated
    inside it; the stock counts as at `last` (DOMAIN.md §6: 31/12 for a year)."""

    first: datetime.date
    last: datetime.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period ends on or after its first day")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half == 1:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        if half == 2:
            return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31))
        raise ValueError("a year has two halves")

    @property
    def is_year(self) -> bool:
        return self == Period.year(self.first.year)

    @property
    def half_of_year(self) -> int | None:
        for half in (1, 2):
            if self == Period.half(self.first.year, half):
                return half
        return None

    @property
    def label(self) -> str:
        year = self.first.year
        if self.is_year:
            return _("Year %(year)s") % {"year": year}
        if self.half_of_year == 1:
            return _("First half of %(year)s") % {"year": year}
        if self.half_of_year == 2:
            return _("Second half of %(year)s") % {"year": year}
        return _("From %(first)s to %(last)s") % {
            "first": day_label(self.first),
            "last": day_label(self.last),
        }

    def as_json(self) -> dict[str, str]:
        return {"first": self.first.isoformat(), "last": self.last.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> "Period":
        """The period `as_json` wrote (a job's parameters, a frozen figure)."""
        return cls(
            datetime.date.fromisoformat(data["first"]),
            datetime.date.fromisoformat(data["last"]),
        )
