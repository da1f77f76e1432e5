import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .profile import Member
from .transfers import BothSidesQuerySet, Introduction, one_destination


class PartyCard(models.Model):
    """One party card a member has held (DOMAIN.md §4.2): the first card, the 2003
    card exchange, the chip cards of 2025, replacements for lost cards. The
    member row carries the current number; a number is never given out again."""

    class Reason(models.TextChoices):
        FIRST = "first", _("First card")
        EXCHANGE = "exchange", _("Card exchange")
        LOST = "lost", _("Replacement for a lost card")
        DAMAGED = "damaged", _("Replacement for a damaged card")
        EARLIER = "earlier", _("Card held before this record")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="cards")
    number = models.CharField(_("party card number"), max_length=20, unique=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party card")
        verbose_name_plural = _("party cards")
        ordering = ["member", "recorded_at", "pk"]

    def __str__(self) -> str:
        return self.number


class Badge(models.Model):
    """A party badge (Huy hiệu Đảng) awarded for a milestone of party age."""

    class Early(models.TextChoices):
        NONE = "", _("On time")
        ILL = "ill", _("Early: seriously ill")
        POSTHUMOUS = "posthumous", _("Posthumous")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges")
    milestone = models.PositiveSmallIntegerField(_("years of party age"))
    awarded_on = models.DateField(_("presented on"))
    decision_number = models.CharField(_("decision number"), max_length=40)
    decision_date = models.DateField(_("decision date"))
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    early = models.CharField(
        _("early or posthumous"), max_length=20, choices=Early.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party badge")
        verbose_name_plural = _("party badges")
        ordering = ["member", "milestone"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "milestone"], name="badge_once_per_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.milestone}"


class TemporaryTransferQuerySet(BothSidesQuerySet["TemporaryTransfer"]):
    def away_on(self, day: datetime.date) -> "TemporaryTransferQuerySet":
        """Away on `day`: started, and not yet back."""
        return self.filter(start__lte=day).filter(
            Q(returned_on__isnull=True) | Q(returned_on__gt=day)
        )


class TemporaryTransfer(Introduction):
    """A temporary transfer (chuyển sinh hoạt đảng tạm thời, DOMAIN.md §5.1): the
    member takes part in the host's activities for a while and stays on the home
    organization's roll; the host does not count them, and the home cell does
    not count them among its eligible voters while they are away."""

    class Purpose(models.TextChoices):
        WORK = "work", _("Change of residence or work")
        STUDY = "study", _("Full-time study")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="temporary_transfers"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    start = models.DateField(_("from"))
    until = models.DateField(_("planned return"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)

    objects = TemporaryTransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("temporary transfer")
        verbose_name_plural = _("temporary transfers")
        ordering = ["-start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(returned_on__isnull=True),
                name="temporary_transfer_one_open",
            ),
            models.CheckConstraint(
                condition=Q(until__gt=models.F("start")),
                name="temporary_transfer_until_after_start",
            ),
            one_destination("temporary_transfer_one_host"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.destination}"
