from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import Organization
from organizations.text import day_label


class RecognitionStage(models.TextChoices):
    """The path of a probationary member to recognition as official
    (DOMAIN.md §1.14–1.15), gate by gate like a candidate's."""

    OPENED = "r_opened", _("Probation file opened")
    LISTED = "r_listed", _("Mentor assigned")
    RECORDS = "r_records", _("Member records (1-HSĐV, 2-HSĐV)")
    CLASS_DONE = "r_class_done", _("New-member class finished")
    SELF_REVIEW = "r_self_review", _("Self-review (10-KNĐ)")
    REMARKS = "r_remarks", _("Mentor's remarks (11-KNĐ)")
    OPINIONS = "r_opinions", _("Opinions collected (12-KNĐ)")
    CELL_APPROVED = "r_cell_approved", _("Cell resolution (13-KNĐ)")
    GRASSROOTS_APPROVED = (
        "r_grassroots_approved",
        _("Grassroots committee resolution (15-KNĐ)"),
    )
    SUBMITTED = "r_submitted", _("Proposed to the committee")
    RETURNED = "r_returned", _("Returned for correction")
    APPRAISED = "r_appraised", _("Appraised, ready for review")
    ESCALATED = "r_escalated", _("Three failed votes: the committee above decides")
    RECOGNIZED = "r_recognized", _("Recognized as official")


class Recognition(models.Model):
    """One probation (one membership period, keyed by its ceremony date) on its
    way to recognition."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="recognitions"
    )
    ceremony_date = models.DateField(_("ceremony date"))
    mentor = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    stage = models.CharField(
        _("stage"),
        max_length=30,
        choices=RecognitionStage.choices,
        default=RecognitionStage.OPENED,
    )
    # As on Candidate: the going-live import's gates with forms on paper.
    paper_until = models.CharField(
        _("forms kept on paper up to"),
        max_length=30,
        choices=RecognitionStage.choices,
        blank=True,
    )
    self_review_on = models.DateField(
        _("self-review (10-KNĐ) dated"), null=True, blank=True
    )
    remarks_on = models.DateField(
        _("mentor's remarks (11-KNĐ) dated"), null=True, blank=True
    )
    opinions_on = models.DateField(
        _("summary of opinions (12-KNĐ) dated"), null=True, blank=True
    )
    submitted_on = models.DateField(_("proposed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("probation file")
        verbose_name_plural = _("probation files")
        ordering = ["ceremony_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "ceremony_date"], name="recognition_once_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {day_label(self.ceremony_date)}"

    def get_absolute_url(self) -> str:
        return reverse("candidates:recognition", args=[self.pk])

    @property
    def organization(self) -> Organization:
        """Where the file is kept, as a candidate's dossier is kept by its cell:
        the probationary member's organization."""
        return self.member.organization
