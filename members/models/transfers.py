from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.selectors import visible_organizations

from .profile import Member

M = TypeVar("M", bound=models.Model)


class BothSidesQuerySet(models.QuerySet[M]):
    def visible_to(self, user: object) -> Self:
        """Both sides see a move: the sender's scope and the receiver's."""
        organizations = visible_organizations(user)
        return self.filter(
            Q(from_organization__in=organizations)
            | Q(to_organization__in=organizations)
        )


def one_destination(name: str) -> models.CheckConstraint:
    """A receiving organization in the registry, or one named outside it."""
    return models.CheckConstraint(
        condition=(Q(to_organization__isnull=False) & Q(to_outside=""))
        | (Q(to_organization__isnull=True) & ~Q(to_outside="")),
        name=name,
    )


class Introduction(models.Model):
    """What an introduction letter (giấy giới thiệu sinh hoạt đảng) says: from
    where, to where (in the registry or outside it), its number."""

    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    to_outside = models.CharField(
        _("to (outside the registry)"), max_length=255, blank=True
    )
    introduction_number = models.CharField(
        _("introduction letter number"), max_length=40
    )
    note = models.TextField(_("note"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def destination(self) -> str:
        return self.to_organization.name if self.to_organization else self.to_outside


class TransferQuerySet(BothSidesQuerySet["Transfer"]):
    def open(self) -> "TransferQuerySet":
        return self.filter(status=Transfer.Status.STARTED)


class Transfer(Introduction):
    """An official transfer (chuyển sinh hoạt đảng chính thức, DOMAIN.md §5.1): the
    sender introduces the member, the receiver receives them. Until then the
    member belongs to, and is counted by, the sender."""

    class Status(models.TextChoices):
        STARTED = "started", _("Awaiting receipt")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STARTED
    )
    introduced_on = models.DateField(_("introduced on"))
    # The decision that moves the member took effect, or the member moved: the
    # introduction is due within the rule's working days of it.
    moved_on = models.DateField(_("moved on"), null=True, blank=True)
    late_reason = models.CharField(
        _("reason for starting late"), max_length=255, blank=True
    )
    present_by = models.DateField(_("to be presented by"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-introduced_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="started"),
                name="transfer_one_open_per_member",
            ),
            one_destination("transfer_one_destination"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.destination}"

    def get_absolute_url(self) -> str:
        return reverse("members:transfer", args=[self.pk])
