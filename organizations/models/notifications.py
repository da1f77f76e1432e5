from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tree import Organization


class Notification(models.Model):
    """Something a user should see at once on their dashboard: an outcome of
    the monthly review, a new deadline."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"))
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message[:60]
