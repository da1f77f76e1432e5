"""The statistics for operators: the same figures as the page (the frozen ones
when the period was frozen), as JSON keyed by stable English names, or as the
PDF and XLSX files the workers render."""

import datetime
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from organizations import clock
from organizations.models import Organization
from reports.services.statistics import figures_for
from reports.statistics import Period
from reports.statistics.files import frozen_line
from reports.statistics.outputs import as_json, as_pdf, as_xlsx

# Each writer takes the figures and the line saying when they were frozen.
WRITERS: dict[str, Callable[[dict[str, Any], str], bytes]] = {
    "json": lambda figures, _frozen: as_json(figures),
    "pdf": lambda figures, frozen: as_pdf(figures, frozen=frozen),
    "xlsx": lambda figures, frozen: as_xlsx(figures, frozen=frozen),
}


def _day(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007
    except ValueError as error:
        raise CommandError(f"{value!r}: write the date as DD/MM/YYYY") from error


class Command(BaseCommand):
    help = "Write the statistics of a year, a half-year or two dates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--half", type=int, choices=(1, 2))
        parser.add_argument("--from", dest="first", metavar="DD/MM/YYYY")
        parser.add_argument("--to", dest="last", metavar="DD/MM/YYYY")
        parser.add_argument(
            "--organization", metavar="CODE", help="default: the top of the tree"
        )
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")
        parser.add_argument("--output", default="-", help="a file, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options)
        organization = self._organization(options["organization"])
        figures, snapshot = figures_for(organization, period)
        writer = WRITERS[options["format"]]
        frozen = frozen_line(snapshot) if snapshot is not None else ""
        content = writer(figures, frozen)
        if options["output"] == "-":
            sys.stdout.buffer.write(content)
            return
        with open(options["output"], "wb") as handle:
            handle.write(content)
        self.stderr.write(f"{options['output']}: {len(content)} bytes")

    def _period(self, options: dict[str, Any]) -> Period:
        first, last, year = options["first"], options["last"], options["year"]
        if first or last:
            if not (first and last) or year or options["half"]:
                raise CommandError("give --from and --to together, without --year")
            if _day(last) < _day(first):
                raise CommandError("--to is before --from")
            period = Period(_day(first), _day(last))
        elif year is None:
            raise CommandError("give --year (with --half) or --from and --to")
        elif not 1930 <= year <= clock.today().year:
            raise CommandError(f"--year {year}: from 1930 to this year")
        else:
            half = options["half"]
            period = Period.half(year, half) if half else Period.year(year)
        if period.first > clock.today():
            raise CommandError("this period has not begun yet")
        return Period(period.first, min(period.last, clock.today()))

    def _organization(self, code: str | None) -> Organization:
        if code:
            try:
                return Organization.objects.get(code=code)
            except Organization.DoesNotExist as error:
                raise CommandError(f"no organization with code {code!r}") from error
        tops = list(Organization.objects.filter(parent__isnull=True)[:2])
        if len(tops) != 1:
            raise CommandError("give --organization CODE")
        return tops[0]
