import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Authority(models.TextChoices):
    """Powers that route a step upward to the nearest organization holding them."""

    ADMISSION = "admission", _("Admission decisions")


# The boolean field on Organization that grants each authority.
AUTHORITY_FIELDS = {Authority.ADMISSION: "has_admission_authority"}


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def subtree_of(self, organization: "Organization") -> "OrganizationQuerySet":
        return self.filter(path__startswith=organization.path)

    def open_on(self, day: datetime.date) -> "OrganizationQuerySet":
        return self.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=day),
            Q(closed_on__isnull=True) | Q(closed_on__gt=day),
        )


class Organization(models.Model):
    """A node of the party organization tree, of any depth.

    `path` is the materialised chain of primary keys from the root ("/1/7/42/"),
    maintained only by organizations.services, so a subtree is one prefix query.
    """

    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "provincial", _("Provincial party committee")
        UPPER_COMMITTEE = "upper", _("District (upper-level) party committee")
        COMMUNE_COMMITTEE = "commune", _("Commune/town party committee")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
        GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
        SUB_COMMITTEE = "sub_committee", _("Sub-committee")
        SUBORDINATE_CELL = "subordinate_cell", _("Subordinate party cell")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_grassroots = models.BooleanField(
        _("grassroots organization (TCCSĐ)"), default=False
    )
    has_admission_authority = models.BooleanField(
        _("decides admissions"), default=False
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="organization_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="organization_not_merged_into_self",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this organization, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_open_on(self, day: datetime.date) -> bool:
        opened = self.opened_on is None or self.opened_on <= day
        return opened and (self.closed_on is None or self.closed_on > day)

    def grassroots(self) -> "Organization | None":
        """The grassroots organization (TCCSĐ) this one belongs to, itself included."""
        return (
            Organization.objects.filter(pk__in=self.ancestor_ids, is_grassroots=True)
            .order_by("-depth")
            .first()
        )

    def nearest_holding(
        self, authority: Authority, *, on: datetime.date | None = None
    ) -> "Organization | None":
        """This organization or its nearest ancestor that holds `authority`
        (open on `on`, when given): where a step going upward is decided.

        Before July 2025 a commune's admissions went to the district committee;
        since then to the commune committee itself. The tree's flags say which.
        """
        ancestors = Organization.objects.filter(
            pk__in=self.ancestor_ids, **{AUTHORITY_FIELDS[authority]: True}
        )
        if on is not None:
            ancestors = ancestors.open_on(on)
        return ancestors.order_by("-depth").first()
