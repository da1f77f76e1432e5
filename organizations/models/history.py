"""The tree over time: where each organization hung and which powers it held,
from a date to a date, and the dated events that changed them (DESIGN.md §3).

Like a member's placements, the periods of one organization cover every day
without gap or overlap: the first starts "since always" (`start` empty), the
last is open (`end` empty), each `end` is the next `start`. Figures as at a
date read the period in force that day, so a merge or a move recorded today
leaves the figures of earlier dates as they were.
"""

import datetime
from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.text import day_label

from .tree import Authority, Organization, in_force

_M = TypeVar("_M", bound=models.Model)


class PeriodQuerySet(models.QuerySet[_M]):
    def on(self, day: datetime.date) -> Self:
        """In force on `day` (start inclusive, end exclusive)."""
        return self.filter(*in_force(day))


def _period_constraints(prefix: str, *fields: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(start__isnull=True)
            | Q(end__isnull=True)
            | Q(end__gt=models.F("start")),
            name=f"{prefix}_end_after_start",
        ),
        models.UniqueConstraint(
            fields=["organization", *fields],
            condition=Q(end__isnull=True),
            name=f"{prefix}_one_open",
        ),
    ]


class TreePeriod(models.Model):
    """Where `organization` hung from `start` to `end`: its parent and its
    materialised path then. "This organization and everything under it, as at
    D" is one prefix query on the periods in force on D. Written only by
    organizations.services.tree, which rebuilds the paths of a subtree from its
    parent links whenever one changes."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="tree_periods"
    )
    parent = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("place in the tree")
        verbose_name_plural = _("places in the tree")
        ordering = ["organization", "start"]
        indexes = [models.Index(fields=["organization", "start"])]
        constraints = _period_constraints("tree_period")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.path} {self.start or '…'}"


class AuthorityPeriod(models.Model):
    """A power (deciding admissions) held by `organization` from `start` to
    `end`: the district committee until the 2025 reform, a commune committee
    after it, a grassroots committee for as long as it was granted."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="authority_periods"
    )
    authority = models.CharField(max_length=20, choices=Authority.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("authority period")
        verbose_name_plural = _("authority periods")
        ordering = ["organization", "start"]
        constraints = _period_constraints("authority_period", "authority")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.authority} {self.start or '…'}"


class OrganizationEvent(models.Model):
    """One dated change of the tree, listed in the organization's history."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged into another organization")
        ABSORBED = "absorbed", _("Absorbed another organization")
        MOVED = "moved", _("Moved under another organization")
        AUTHORITY_GRANTED = "authority_granted", _("Granted the power to admit")
        AUTHORITY_ENDED = "authority_ended", _("Power to admit ended")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    other = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other organization"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization event")
        verbose_name_plural = _("organization events")
        ordering = ["organization", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()} · {day_label(self.on)}"
