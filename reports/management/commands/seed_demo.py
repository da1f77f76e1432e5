import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from organizations import clock
from organizations.forms import DATE_FORMATS
from organizations.models import Organization
from organizations.text import day_label
from reports.demo import SeedFailed, seed_demo
from reports.demo.reset import empty_registry

# The demo carries three years of candidates on from 2018 (DESIGN.md §6).
EARLIEST = datetime.date(2022, 1, 1)


def _day(text: str) -> datetime.date:
    try:
        day: datetime.date = forms.DateField(input_formats=DATE_FORMATS).clean(text)
    except ValidationError:
        raise CommandError(
            f"Not a date: {text!r} (write DD/MM/YYYY or YYYY-MM-DD)."
        ) from None
    if day < EARLIEST:
        raise CommandError(f"The demo starts on {day_label(EARLIEST)} at the earliest.")
    return day


class Command(BaseCommand):
    help = "Load the demo district (Đảng bộ huyện Hoàng Su Phì); safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Build the demo as it would stand on this day (DD/MM/YYYY or "
            "YYYY-MM-DD); today by default. The system clock is not touched.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the registry first (every member, candidate, organization "
            "and account); reference data stays.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing unless the registry has no organization yet (`make run`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = clock.today() if options["date"] is None else _day(options["date"])
        if (
            options["if_empty"]
            and not options["reset"]
            and Organization.objects.exists()
        ):
            self.stdout.write("The registry already has data; the demo was not loaded.")
            return
        try:
            with clock.as_of(day), transaction.atomic():
                if options["reset"]:
                    empty_registry()
                result = seed_demo()
        except SeedFailed as failure:
            raise CommandError(
                f"The demo could not be built: step «{failure.step}» failed "
                f"({failure.__cause__}). Nothing was kept; run it again with "
                "--traceback for the details."
            ) from failure
        if result["members"] or result["users"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo district loaded as at {day_label(day)}: "
                    f"{result['members']} member rows, "
                    f"{result['users']} demo accounts."
                )
            )
        else:
            self.stdout.write("Demo district already loaded; nothing changed.")
