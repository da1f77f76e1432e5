from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


class SnapshotQuerySet(models.QuerySet["StatisticsSnapshot"]):
    def current(self) -> "SnapshotQuerySet":
        return self.filter(replaced_at__isnull=True)


class StatisticsSnapshot(models.Model):
    """A period's figures for an organization as the committee froze them: the
    report of record, which later transfers, merges and corrections leave as it
    was. Freezing again keeps this row, marked replaced, beside the new one."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))
    figures = models.JSONField(_("figures"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    reason = models.TextField(_("reason for freezing again"), blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("frozen statistics")
        verbose_name_plural = _("frozen statistics")
        ordering = ["organization", "-first", "-frozen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "first", "last"],
                condition=Q(replaced_at__isnull=True),
                name="snapshot_one_current",
            ),
            models.CheckConstraint(
                condition=Q(last__gte=models.F("first")),
                name="snapshot_last_after_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.first:%d/%m/%Y}–{self.last:%d/%m/%Y}"
