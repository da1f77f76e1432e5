import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.selectors import visible_organizations


class Ethnicity(models.Model):
    """One of Vietnam's 54 ethnic groups (reference data)."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("ethnicity")
        verbose_name_plural = _("ethnicities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet["Member"]):
    def visible_to(self, user: object) -> "MemberQuerySet":
        return self.filter(organization__in=visible_organizations(user))

    def in_subtree(self, organization: Organization) -> "MemberQuerySet":
        return self.filter(organization__path__startswith=organization.path)

    def members_on(self, day: datetime.date) -> "MemberQuerySet":
        """Members at `day`: ceremony on or before it, membership not ended by it."""
        return self.filter(ceremony_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day)
        )

    def official_on(self, day: datetime.date) -> "MemberQuerySet":
        return self.members_on(day).filter(official_date__lte=day)

    def probationary_on(self, day: datetime.date) -> "MemberQuerySet":
        return self.members_on(day).filter(
            Q(official_date__isnull=True) | Q(official_date__gt=day)
        )

    def admitted_between(
        self, start: datetime.date, end: datetime.date
    ) -> "MemberQuerySet":
        """Admission decisions dated from `start` to `end` inclusive (DESIGN.md §4)."""
        return self.filter(admission_decision_date__range=(start, end))


class Member(models.Model):
    """A party member's record, from the admission ceremony on.

    The member registry issue completes the profile and the event log; this row
    already carries the dates every figure depends on.
    """

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Status(models.TextChoices):
        PROBATIONARY = "probationary", _("Probationary")
        OFFICIAL = "official", _("Official")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        REMOVED = "removed", _("Removed")
        EXPELLED = "expelled", _("Expelled")
        LEFT = "left", _("Left the Party")
        DECEASED = "deceased", _("Deceased")

    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.ForeignKey(
        Ethnicity,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ethnicity"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organization"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    admission_decision_date = models.DateField(_("admission decision date"))
    ceremony_date = models.DateField(_("ceremony date"))
    official_date = models.DateField(_("official date"), null=True, blank=True)
    end_date = models.DateField(_("end of membership"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=Status.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["organization", "ceremony_date"]),
            models.Index(fields=["admission_decision_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceremony_date__gte=models.F("admission_decision_date")),
                name="member_ceremony_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(ceremony_date__gt=models.F("birth_date")),
                name="member_ceremony_after_birth",
            ),
            models.CheckConstraint(
                condition=Q(official_date__isnull=True)
                | Q(official_date__gt=models.F("ceremony_date")),
                name="member_official_after_ceremony",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("ceremony_date")),
                name="member_end_after_ceremony",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="member_end_date_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
