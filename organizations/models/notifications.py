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
    # The mail of the notification: the address it goes to (empty: no mail),
    # when the task sending it was handed to the broker, when it was sent, and
    # the attempts that failed. A mail is sent by a worker, never by a request.
    mail_to = models.EmailField(_("mailed to"), blank=True)
    # The mail's subject and text when they say more than the line on the
    # dashboard.
    mail_subject = models.CharField(_("mail subject"), max_length=200, blank=True)
    mail_body = models.TextField(_("mail text"), blank=True)
    mail_queued_at = models.DateTimeField(_("mail handed over"), null=True, blank=True)
    mail_sent_at = models.DateTimeField(_("mail sent"), null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(_("mail attempts"), default=0)
    mail_error = models.CharField(_("last mail error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"],
                name="notification_mail_unsent",
                condition=models.Q(mail_sent_at__isnull=True) & ~models.Q(mail_to=""),
            ),
        ]

    def __str__(self) -> str:
        return self.message[:60]
