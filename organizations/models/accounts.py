import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations import clock

from .tree import Organization


class User(AbstractUser):
    """A person who signs in; what they may see comes only from their roles."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    ORG_STAFF = "org_staff", _("Organization committee staff")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee member")
    SECRETARY = "secretary", _("Secretary")
    VIEWER = "viewer", _("Viewer")


class Position(models.TextChoices):
    SECRETARY = "secretary", _("Secretary (bí thư)")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary (phó bí thư)")
    HEAD = "head", _("Head")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    MEMBER = "member", _("Member")
    STAFF = "staff", _("Staff")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active_on(self, day: datetime.date) -> "RoleAssignmentQuerySet":
        return self.filter(
            Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )

    def active(self) -> "RoleAssignmentQuerySet":
        return self.active_on(clock.today())


class RoleAssignment(models.Model):
    """A user holds `role` on `organization` and its whole subtree from `started_on`
    until `ended_on` (exclusive). Ended rows stay as the history of who held it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    position = models.CharField(_("position"), max_length=32, choices=Position.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gt=models.F("started_on")),
                name="role_assignment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]),
                name="role_assignment_role_valid",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
