from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from organizations.backup import BackupError, restore, target_conninfo


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an empty database and an empty directory, "
        "then compare every table and file with the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The backup folder.")
        parser.add_argument(
            "--database",
            required=True,
            help="The empty database: a name on the same server, or a URL.",
        )
        parser.add_argument(
            "--files-to",
            type=Path,
            required=True,
            help="The empty directory for the private files.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = options["database"]
        if "://" not in database and "=" not in database:
            database = target_conninfo(database)
        try:
            result = restore(
                options["folder"], database=database, files_to=options["files_to"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for difference in result.differences:
            self.stderr.write(difference)
        if result.differences:
            raise CommandError(f"{len(result.differences)} differences from the backup")
        self.stdout.write(
            f"Restored and checked: {result.tables} tables, {result.rows} rows, "
            f"{result.files} files, all as backed up."
        )
