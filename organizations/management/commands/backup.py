from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from organizations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database and the private files into a new folder, with a "
        "manifest of row counts and checksums (docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Where the backup folders are kept (default var/backups).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = backup(options["to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
