from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from members.models import Member
from members.tables import member_rows, write_export

from ._operator import organization


class Command(BaseCommand):
    help = "Export the current members (of one organization's subtree) as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", help="code of the organization")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        members = Member.objects.filter(end_date__isnull=True)
        scope = organization(options["organization"])
        if scope is not None:
            members = members.in_subtree(scope)
        members = members.select_related(
            "organization", "ethnicity", "village"
        ).order_by("sort_key", "pk")
        content = write_export(
            options["format"], member_rows(members.iterator(chunk_size=2000))
        )
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"{members.count()} members written to {options['output']}.")
