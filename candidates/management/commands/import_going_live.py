from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from candidates.golive import SHEETS, run_sheet
from members.management.commands._operator import operator, refuse_rows
from members.tables import TableError


class Command(BaseCommand):
    help = (
        "Import the pipeline under way when a district starts with the registry "
        "(docs/going-live-import.md): candidates mid-dossier, open probation "
        "files or this year's targets. Nothing is written unless every row is "
        "valid; exit status 0 only then."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sheet", choices=sorted(SHEETS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only")
        parser.add_argument("--as", dest="username", help="account to act as")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            result = run_sheet(
                SHEETS[options["sheet"]],
                path.name,
                path.read_bytes(),
                by=operator(options["username"]),
                dry_run=options["dry_run"],
            )
        except TableError as error:
            raise CommandError(
                f"The file cannot be read as a table ({error})."
            ) from error
        refuse_rows(self, result)
        verb = "would import" if options["dry_run"] else "imported"
        counts = ", ".join(f"{n} {k}" for k, n in sorted(result.outcomes.items()))
        self.stdout.write(
            f"{len(result.rows)} rows valid; {verb}: {counts or 'nothing'}."
        )
