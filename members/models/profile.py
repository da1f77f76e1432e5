import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, Village
from organizations.selectors import visible_organizations
from organizations.text import name_sort_key, search_text

from ..validators import validate_person_name

if TYPE_CHECKING:
    pass


class Ethnicity(models.Model):
    """One of Vietnam's 54 ethnic groups (reference data)."""

    # The statistics office's code of the majority group: the reports count
    # ethnic minorities as every other code.
    KINH = 1

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("ethnicity")
        verbose_name_plural = _("ethnicities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Religion(models.TextChoices):
    NONE = "none", _("None")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLIC = "catholic", _("Catholicism")
    PROTESTANT = "protestant", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hòa Hảo Buddhism")
    ISLAM = "islam", _("Islam")
    OTHER = "other", _("Other")


class ReligiousRole(models.TextChoices):
    NONE = "none", _("None")
    FOLLOWER = "follower", _("Follower (tín đồ)")
    OFFICE_HOLDER = "office_holder", _("Office holder (chức việc)")
    DIGNITARY = "dignitary", _("Dignitary (chức sắc)")
    MONASTIC = "monastic", _("Monastic (nhà tu hành)")


class OccupationGroup(models.TextChoices):
    """The occupation categories the statistics report (DOMAIN.md §6); the
    free-text occupation beside it says what the person actually does."""

    OFFICIAL = "official", _("Cadre or civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    ENTERPRISE = "enterprise", _("Enterprise employee")
    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer")
    STUDENT = "student", _("Pupil or student")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    PRIVATE_OWNER = "private_owner", _("Private business owner")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class ProfessionalLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary vocational (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    COLLEGE = "college", _("College (cao đẳng)")
    UNIVERSITY = "university", _("University (đại học)")
    MASTER = "master", _("Master (thạc sĩ)")
    DOCTOR = "doctor", _("Doctor (tiến sĩ)")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor (cử nhân)")


class StateManagementLevel(models.TextChoices):
    NONE = "none", _("None")
    SPECIALIST = "specialist", _("Specialist (chuyên viên)")
    PRINCIPAL = "principal", _("Principal specialist (chuyên viên chính)")
    SENIOR = "senior", _("Senior specialist (chuyên viên cao cấp)")


class MemberQuerySet(models.QuerySet["Member"]):
    def visible_to(self, user: object) -> "MemberQuerySet":
        return self.filter(organization__in=visible_organizations(user))

    def in_subtree(self, organization: Organization) -> "MemberQuerySet":
        return self.filter(organization__path__startswith=organization.path)


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

    full_name = models.CharField(
        _("full name"), max_length=150, validators=[validate_person_name]
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.ForeignKey(
        Ethnicity,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ethnicity"),
    )
    birth_name = models.CharField(
        _("birth name"), max_length=150, blank=True, validators=[validate_person_name]
    )
    aliases = models.CharField(_("other names"), max_length=150, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=255, blank=True)
    native_place = models.CharField(_("native place"), max_length=255, blank=True)
    permanent_address = models.CharField(
        _("permanent residence"), max_length=255, blank=True
    )
    temporary_address = models.CharField(
        _("temporary residence"), max_length=255, blank=True
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village of residence"),
    )
    religion = models.CharField(
        _("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE
    )
    religious_role = models.CharField(
        _("religious role"),
        max_length=20,
        choices=ReligiousRole.choices,
        default=ReligiousRole.NONE,
    )
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    cmnd = models.CharField(_("old ID card (CMND)"), max_length=9, blank=True)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    # Empty until someone classifies an older record: counted as such.
    occupation_group = models.CharField(
        _("occupation group"),
        max_length=20,
        choices=OccupationGroup.choices,
        blank=True,
    )
    general_education = models.CharField(
        _("general education"), max_length=5, blank=True
    )
    professional_level = models.CharField(
        _("professional level"),
        max_length=20,
        choices=ProfessionalLevel.choices,
        default=ProfessionalLevel.NONE,
    )
    political_theory = models.CharField(
        _("political theory"),
        max_length=20,
        choices=TheoryLevel.choices,
        default=TheoryLevel.NONE,
    )
    state_management = models.CharField(
        _("state management"),
        max_length=20,
        choices=StateManagementLevel.choices,
        default=StateManagementLevel.NONE,
    )
    foreign_language = models.CharField(
        _("foreign language"), max_length=100, blank=True
    )
    it_level = models.CharField(_("information technology"), max_length=100, blank=True)
    minority_language = models.CharField(
        _("ethnic-minority language"), max_length=100, blank=True
    )
    youth_union_date = models.DateField(
        _("joined the Youth Union"), null=True, blank=True
    )
    introducers = models.TextField(_("introducers"), blank=True)
    card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    history_number = models.CharField(
        _("member history number"), max_length=20, blank=True
    )
    admission_decision_number = models.CharField(
        _("admission decision number"), max_length=40, blank=True
    )
    admission_issuing_body = models.CharField(
        _("admission decided by"), max_length=150, blank=True
    )
    photo = models.FileField(_("photo"), upload_to="photos/%Y/", blank=True)
    # Derived from the names by set_derived_fields(): what search and sorting use.
    search_name = models.CharField(max_length=255, editable=False, default="")
    sort_key = models.CharField(max_length=255, editable=False, default="")
    # Indexed by (organization, ceremony_date) below: a second index on the
    # column alone would only slow every write.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organization"),
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    admission_decision_date = models.DateField(_("admission decision date"))
    ceremony_date = models.DateField(_("ceremony date"))
    # The first admission decision moved on by every gap outside the Party (a
    # removal before re-admission): party age is the time since this date.
    party_age_from = models.DateField(_("party age counted from"), editable=False)
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
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["organization", "ceremony_date"]),
            models.Index(fields=["admission_decision_date"]),
            models.Index(fields=["sort_key", "id"], name="member_sort_idx"),
        ]
        constraints = [
            # Unique when present: many old records have no CCCD or card yet.
            models.UniqueConstraint(
                fields=["cccd"], condition=~Q(cccd=""), name="member_cccd_unique"
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~Q(card_number=""),
                name="member_card_number_unique",
            ),
            models.UniqueConstraint(
                fields=["history_number"],
                condition=~Q(history_number=""),
                name="member_history_number_unique",
            ),
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

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    def party_age(self, on: datetime.date) -> tuple[int, int]:
        """Whole years and months of party age on `on` (gaps subtracted); it stops
        growing when membership ends."""
        until = min(on, self.end_date) if self.end_date else on
        months = (until.year - self.party_age_from.year) * 12 + (
            until.month - self.party_age_from.month
        )
        if until.day < self.party_age_from.day:
            months -= 1
        return divmod(max(months, 0), 12)

    def set_derived_fields(self) -> None:
        """Refresh the search and sort columns from the name, and start the party
        age at the admission decision on a new row (services call this)."""
        if self.party_age_from is None:
            self.party_age_from = self.admission_decision_date
        self.search_name, self.sort_key = self.name_columns(
            self.full_name, self.birth_name, self.aliases
        )

    @staticmethod
    def name_columns(full_name: str, birth_name: str, aliases: str) -> tuple[str, str]:
        """The search and sort columns of a row with these names."""
        names = dict.fromkeys(n for n in (full_name, birth_name, aliases) if n)
        return search_text(" ".join(names)), name_sort_key(full_name)
