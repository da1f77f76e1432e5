from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import Organization

from .candidate import Candidate


class TrainingClass(models.Model):
    """A class run by the district political centre: the awareness class for
    candidates, the new-member class for probationary members."""

    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("Awareness class (candidates)")
        NEW_MEMBER = "new_member", _("New-member class")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    organizer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organized for"),
    )
    issuer = models.CharField(
        _("certificates issued by"),
        max_length=200,
        default="Trung tâm Chính trị huyện",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="class_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClassEnrolment(models.Model):
    class Result(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Did not pass")

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.PROTECT, related_name="enrolments"
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.ENROLLED
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, blank=True
    )
    certificate_on = models.DateField(_("certificate dated"), null=True, blank=True)

    class Meta:
        verbose_name = _("class enrolment")
        verbose_name_plural = _("class enrolments")
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False, member__isnull=True)
                | Q(candidate__isnull=True, member__isnull=False),
                name="enrolment_one_person",
            ),
            models.CheckConstraint(
                condition=~Q(result="passed") | Q(certificate_on__isnull=False),
                name="enrolment_passed_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_class} · {self.candidate or self.member}"
