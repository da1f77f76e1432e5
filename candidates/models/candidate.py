from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import (
    Ethnicity,
    Member,
    OccupationGroup,
    Religion,
    ReligiousRole,
)
from members.validators import validate_person_name
from organizations.models import Organization
from organizations.selectors import visible_organizations
from organizations.text import name_sort_key, search_text


class Stage(models.TextChoices):
    """The gates of DOMAIN.md §1.17, in order. The stage shown is the furthest
    gate passed; facts between gates may be recorded in any order."""

    INTRODUCED = "introduced", _("Introduced")
    LISTED = "listed", _("Mentor assigned")
    CLASS_DONE = "class_done", _("Awareness class finished")
    APPLIED = "applied", _("Application and personal history")
    VERIFIED = "verified", _("Background verified")
    INTRODUCERS = "introducers", _("Introducers")
    OPINIONS = "opinions", _("Opinions collected")
    CELL_APPROVED = "cell_approved", _("Cell resolution")
    SUBCOMMITTEE_APPRAISED = "subcommittee_appraised", _("Sub-committee appraisal")
    GRASSROOTS_APPROVED = "grassroots_approved", _("Grassroots committee resolution")
    SUBMITTED = "submitted", _("Submitted to the committee")
    RETURNED = "returned", _("Returned for correction")
    APPRAISED = "appraised", _("Appraised, ready for review")
    DECIDED = "decided", _("Decided, awaiting the ceremony")


STAGE_ORDER = {stage: position for position, stage in enumerate(Stage)}


class Route(models.TextChoices):
    """Who introduces the candidate (Charter Art. 4(1), DOMAIN.md §1.5)."""

    MEMBERS = "members", _("Two official members")
    YOUTH_UNION = "youth_union", _("Youth Union resolution and one official member")
    TRADE_UNION = "trade_union", _("Trade union resolution and one official member")


class PauseReason(models.TextChoices):
    """Why candidates leave the pool: what the 2019 article says drains it."""

    WORK_AWAY = "work_away", _("Went away to work")
    STUDY_AWAY = "study_away", _("Went away to study")
    AGE = "age", _("Age")
    EDUCATION = "education", _("Education")
    BACKGROUND = "background", _("Background")
    OWN_DECISION = "own_decision", _("Own decision")
    OTHER = "other", _("Other")


class EducationException(models.TextChoices):
    NONE = "", _("None: lower secondary (9/12) or higher")
    PRIMARY = "primary", _("Primary school: mountainous or ethnic-minority area")
    LITERACY = "literacy", _("Able to read and write: village elder or head")


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def visible_to(self, user: object) -> "CandidateQuerySet":
        return self.filter(organization__in=visible_organizations(user))

    def in_pool(self) -> "CandidateQuerySet":
        return self.filter(status=Candidate.Status.ACTIVE)


class Candidate(models.Model):
    """An outstanding candidate (quần chúng ưu tú) on the way to admission, kept
    by the party cell where they will be admitted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the pipeline")
        PAUSED = "paused", _("Paused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ADMITTED = "admitted", _("Admitted")

    class IntroducedBy(models.TextChoices):
        YOUTH_UNION = "youth_union", _("Youth Union")
        MASS_ORGANIZATION = "mass_org", _("Another mass organization")
        CELL = "cell", _("The party cell")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("party cell"),
    )
    full_name = models.CharField(
        _("full name"), max_length=150, validators=[validate_person_name]
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Member.Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.ForeignKey(
        Ethnicity,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ethnicity"),
    )
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12)
    religion = models.CharField(
        _("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE
    )
    religious_role = models.CharField(
        _("religious role"),
        max_length=20,
        choices=ReligiousRole.choices,
        default=ReligiousRole.NONE,
    )
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    occupation_group = models.CharField(
        _("occupation group"),
        max_length=20,
        choices=OccupationGroup.choices,
        blank=True,
    )
    permanent_address = models.CharField(
        _("permanent residence"), max_length=255, blank=True
    )
    general_education = models.CharField(
        _("general education"), max_length=10, help_text=_("For example 9/12, 12/12.")
    )
    education_exception = models.CharField(
        _("education exception"),
        max_length=10,
        choices=EducationException.choices,
        blank=True,
    )
    # Written consent of the provincial Standing Committee (over 60, literacy).
    provincial_consent_on = models.DateField(
        _("provincial consent dated"), null=True, blank=True
    )
    youth_union_member = models.BooleanField(_("Youth Union member"), default=False)
    route = models.CharField(
        _("introduction route"), max_length=20, choices=Route.choices
    )
    introduced_by = models.CharField(
        _("introduced by"), max_length=20, choices=IntroducedBy.choices
    )
    introduced_on = models.DateField(_("introduced on"))
    mentor = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    # A former member coming back (DOMAIN.md §1.16) keeps their member row.
    readmission_of = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="readmission_candidacy",
        verbose_name=_("re-admission of"),
    )
    # The member row the admission ceremony created.
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacy",
        verbose_name=_("member"),
    )
    # Dated facts of the dossier; the documents themselves are Document rows.
    applied_on = models.DateField(_("application (1-KNĐ) dated"), null=True, blank=True)
    history_on = models.DateField(
        _("personal history (2-KNĐ) dated"), null=True, blank=True
    )
    opinions_on = models.DateField(
        _("summary of opinions (5-KNĐ) dated"), null=True, blank=True
    )
    subcommittee_appraisal_on = models.DateField(
        _("sub-committee appraisal (7-KNĐ) dated"), null=True, blank=True
    )
    union_resolution_on = models.DateField(
        _("Youth Union or trade union resolution dated"), null=True, blank=True
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # The Standing Committee's admission decision (9-KNĐ), copied from the
    # register when the review meeting is locked.
    decision_number = models.CharField(
        _("admission decision number"), max_length=40, blank=True
    )
    decided_on = models.DateField(_("admission decision dated"), null=True, blank=True)
    # Why the committee took the extra working days to decide (DOMAIN.md §1.12).
    decision_extension = models.TextField(
        _("reason for extending the decision deadline"), blank=True
    )
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.INTRODUCED
    )
    # Set by the going-live import (candidates/golive): the gates up to this
    # stage were passed before the registry was used, and their signed forms
    # are in the cell's paper file, not uploaded.
    paper_until = models.CharField(
        _("forms kept on paper up to"),
        max_length=30,
        choices=Stage.choices,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    pause_reason = models.CharField(
        _("reason"), max_length=20, choices=PauseReason.choices, blank=True
    )
    search_name = models.CharField(max_length=255, editable=False, default="")
    sort_key = models.CharField(max_length=255, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["sort_key", "pk"]
        constraints = [
            # One open candidacy per person; a withdrawn one may be followed later.
            models.UniqueConstraint(
                fields=["cccd"],
                condition=Q(status__in=["active", "paused"]),
                name="candidate_one_open_per_cccd",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "admitted"]) | ~Q(pause_reason=""),
                name="candidate_paused_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "stage"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("candidates:detail", args=[self.pk])

    def set_derived_fields(self) -> None:
        self.search_name = search_text(self.full_name)
        self.sort_key = name_sort_key(self.full_name)

    @property
    def stage_position(self) -> int:
        return STAGE_ORDER[Stage(self.stage)]
