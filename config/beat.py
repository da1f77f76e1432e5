from typing import Any

from celery.beat import PersistentScheduler

from organizations.services.health import note_beat_tick


class Scheduler(PersistentScheduler):
    """Celery's own scheduler, noting each tick for `manage.py healthcheck --beat`."""

    def tick(self, *args: Any, **kwargs: Any) -> float:
        note_beat_tick()
        return super().tick(*args, **kwargs)
