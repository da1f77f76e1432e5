from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.imports import import_members
from members.tables import TableError

from ._operator import operator, organization, refuse_rows


class Command(BaseCommand):
    help = (
        "Import members from a CSV or XLSX file with the template's columns. "
        "Nothing is written unless every row is valid; exit status 0 only then."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--organization", help="code of the organization in scope")
        parser.add_argument("--dry-run", action="store_true", help="check only")
        parser.add_argument("--as", dest="username", help="account to act as")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            result = import_members(
                path.name,
                path.read_bytes(),
                by=operator(options["username"]),
                organization=organization(options["organization"]),
                dry_run=options["dry_run"],
            )
        except TableError as error:
            raise CommandError(
                f"The file cannot be read as a member table ({error})."
            ) from error
        refuse_rows(self, result)
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(
            f"{len(result.rows)} rows valid; {verb}: {result.created} new, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
