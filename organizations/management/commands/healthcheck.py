from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from organizations.services.health import check_beat, ping_worker


class Command(BaseCommand):
    help = (
        "Container health check of a worker (--worker documents@%h) or of beat "
        "(--beat); exits non-zero when it does not answer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--worker", metavar="NODE")
        target.add_argument("--beat", action="store_true")
        parser.add_argument("--timeout", type=float, default=5.0)

    def handle(self, *args: object, **options: Any) -> None:
        if options["worker"]:
            node = str(options["worker"])
            if not ping_worker(node, timeout=options["timeout"]):
                raise CommandError(f"worker {node} did not answer")
            self.stdout.write(f"{node} answered")
            return
        beat = check_beat()
        if not beat["ok"]:
            raise CommandError(f"beat not heard from: {beat}")
        self.stdout.write(f"beat ticked {beat['seconds_ago']} s ago")
