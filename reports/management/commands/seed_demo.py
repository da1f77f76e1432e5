from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from organizations.models import Organization
from reports.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo district (Đảng bộ huyện Hoàng Su Phì); safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing unless the registry has no organization yet (`make run`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("The registry already has data; the demo was not loaded.")
            return
        result = seed_demo()
        if result["members"] or result["users"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo district loaded: {result['members']} member rows, "
                    f"{result['users']} demo accounts."
                )
            )
        else:
            self.stdout.write("Demo district already loaded; nothing changed.")
