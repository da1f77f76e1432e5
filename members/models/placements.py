import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.selectors import visible_organizations
from organizations.text import day_label

from .profile import Member


class PlacementQuerySet(models.QuerySet["Placement"]):
    def visible_to(self, user: object) -> "PlacementQuerySet":
        return self.filter(organization__in=visible_organizations(user))

    def on(self, day: datetime.date) -> "PlacementQuerySet":
        """In force on `day`: the members at that date, each where they were then."""
        return self.filter(Q(end__isnull=True) | Q(end__gt=day), start__lte=day)

    def admissions_between(
        self, first: datetime.date, last: datetime.date
    ) -> "PlacementQuerySet":
        """Admission (or re-admission) decisions dated from `first` to `last`, counted
        in the organization that admitted (DESIGN.md §4)."""
        return self.filter(opens_period=True, decision_date__range=(first, last))


class Placement(models.Model):
    """Where a member was a party member, from `start` (inclusive) to `end`
    (exclusive; open while it lasts), with the dates of that membership period.

    The ceremony opens a period's first placement; a received transfer closes one
    and opens the next; the end of membership closes the last. Figures "as at a
    date" count these rows, so history stays where it happened even after the
    member moves or the organization is merged.
    """

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="placements"
    )
    # Indexed by (organization, start) below.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="placements",
        db_index=False,
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    opens_period = models.BooleanField(default=False)
    decision_date = models.DateField()
    ceremony_date = models.DateField()
    official_date = models.DateField(null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["member", "start"]
        indexes = [
            models.Index(fields=["organization", "start"]),
            models.Index(
                fields=["decision_date"],
                condition=Q(opens_period=True),
                name="placement_admission_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="placement_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end__isnull=True),
                name="placement_one_open_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.organization} · {day_label(self.start)}"
