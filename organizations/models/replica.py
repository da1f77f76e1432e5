from django.db import models


class ReplicaMark(models.Model):
    """One row the primary rewrites every minute (beat's heartbeat): read on
    the read replica, it says how far the replica has caught up, whatever the
    replication method, so figures read there can say "as at" when."""

    at = models.DateTimeField()

    class Meta:
        verbose_name = "replica mark"

    def __str__(self) -> str:
        return self.at.isoformat()
