from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


class AdmissionTarget(models.Model):
    """A grassroots organization's admission target for a year: the secretary
    proposes it, the organization committee confirms it."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="admission_targets",
        verbose_name=_("grassroots organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveSmallIntegerField(_("members to admit"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("admission target")
        verbose_name_plural = _("admission targets")
        ordering = ["organization__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="target_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.year}: {self.target}"
