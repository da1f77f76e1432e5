from django.db import models
from django.utils.translation import gettext_lazy as _

from ..text import day_label


class RuleVersion(models.Model):
    """One version of one number the party rules set.

    The version in force on a date D is the row with the latest `effective_from`
    on or before D; a change of rule is a new row, never an edit.
    """

    class Unit(models.TextChoices):
        YEARS = "years", _("years")
        MONTHS = "months", _("months")
        DAYS = "days", _("days")
        WORKING_DAYS = "working_days", _("working days")
        FRACTION = "fraction", _("fraction")
        COUNT = "count", _("count")
        POINTS = "points", _("points")
        GRADE = "grade", _("school grade")
        FLAG = "flag", _("yes/no")
        LIST = "list", _("list")

    key = models.CharField(_("key"), max_length=80, db_index=True)
    value = models.JSONField(_("value"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    judged_on = models.CharField(_("judged on the date of"), max_length=200, blank=True)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source document"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                name="rule_version_one_per_key_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({day_label(self.effective_from)})"


class CalendarDay(models.Model):
    """A government-announced exception to the standard working week: an extra day
    off, or a weekend day worked in exchange (ngày làm bù)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Swapped working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{day_label(self.date)} {self.get_kind_display()}"
