from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Notification


class Reminder(models.Model):
    """An item of the due list mailed to a user: each item (what, which
    record, which day) is sent to a user once, however often the reminders
    run."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=64)
    what = models.TextField(_("what"))
    who = models.CharField(_("who"), max_length=200)
    due = models.DateField(_("due"))
    url = models.CharField(max_length=255)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="reminder_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.due:%d/%m/%Y} {self.what}"


class ReminderRun(models.Model):
    """A day the reminders were sent: the hourly check sends them once a day,
    and on the first hour it runs after a day it could not."""

    day = models.DateField(_("day"), unique=True)
    users_mailed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"
