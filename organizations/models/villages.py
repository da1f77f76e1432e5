from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .tree import Organization


class VillageQuerySet(models.QuerySet["Village"]):
    def open_on(self, day: object) -> "VillageQuerySet":
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Village(models.Model):
    """A village (thôn, bản) or residential group (tổ dân phố) of a commune,
    kept by org_staff under the commune's party organization: where members
    live, whichever cell they belong to, and so where the Party has no one."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="villages",
        verbose_name=_("commune's party organization"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["organization__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(closed_on__isnull=True),
                name="village_name_unique_in_commune",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.name})"
