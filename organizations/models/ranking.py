from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tree import Organization


class QualityLevel(models.TextChoices):
    """The four levels of the yearly quality ranking, for members and for
    organizations alike (DOMAIN.md §5.6), best first."""

    EXCELLENT = "excellent", _("Excellent (HTXSNV)")
    GOOD = "good", _("Good (HTTNV)")
    COMPLETED = "completed", _("Completed (HTNV)")
    FAILED = "failed", _("Not completed (KHTNV)")


class OrganizationRating(models.Model):
    """A grassroots organization's quality ranking for a year: its points on
    the 100-point scale where the rules have one, and its level."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    points = models.DecimalField(
        _("points"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=20, choices=QualityLevel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("organization quality ranking")
        verbose_name_plural = _("organization quality rankings")
        ordering = ["organization__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="organization_rating_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True)
                | models.Q(points__gte=0, points__lte=100),
                name="organization_rating_points_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.year} · {self.get_level_display()}"
