import datetime
from collections.abc import Container, Sequence
from typing import Any, cast

from django.db import models
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext_lazy as _


class Authority(models.TextChoices):
    """Powers that route a step upward to the nearest organization holding them."""

    ADMISSION = "admission", _("Admission decisions")


def in_force(day: datetime.date | F, prefix: str = "") -> tuple[Q, Q]:
    """A dated period (start inclusive, end exclusive, both may be open) in force
    on `day` (a date, or the date of the outer query's row); `prefix` reaches
    it through a relation."""
    started = Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})
    not_ended = Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day})
    return started, not_ended


def path_ids(path: str) -> list[int]:
    """The primary keys a materialised path names, from the root down."""
    return [int(part) for part in path.strip("/").split("/") if part]


def owner_on_path(path: str, wanted: Container[int]) -> int | None:
    """The deepest organization on `path` among `wanted`: the grassroots
    organization a cell's figure rolls up to, say."""
    return next((pk for pk in reversed(path_ids(path)) if pk in wanted), None)


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def subtree_of(
        self, organization: "Organization", *, on: datetime.date | None = None
    ) -> "OrganizationQuerySet":
        """`organization` and everything under it: today, or as the tree stood
        on `on` (one prefix query on the periods in force that day)."""
        if on is None:
            return self.filter(path__startswith=organization.path)
        return self.under_paths([organization.path_on(on)], on=on)

    def as_at(self, day: datetime.date) -> "OrganizationQuerySet":
        """Annotated with the parent each organization hung under on `day`
        (`then_parent`, an id); those not opened by then left out."""
        return (
            self.exclude(opened_on__gt=day)
            .annotate(
                place=FilteredRelation(
                    "tree_periods", condition=Q(*in_force(day, "tree_periods__"))
                )
            )
            .annotate(then_parent=F("place__parent_id"))
        )

    def under_paths(
        self, paths: Sequence[str], *, on: datetime.date
    ) -> "OrganizationQuerySet":
        """Organizations that hung under any of `paths` on `on`."""
        return self.filter(pk__in=self.ids_under(paths, on=on))

    def ids_under(
        self, paths: Sequence[str], *, on: datetime.date | None
    ) -> QuerySet[Any]:
        """The ids of the organizations that hung under any of `paths` on `on`
        (None: at any time), read from the tree's periods alone: a subquery for
        rows that point at organizations (placements), without a visit to the
        organization table. The paths are plain strings: PostgreSQL plans a
        prefix it can see (a subquery's prefix made it scan every placement)."""
        # TreePeriod, reached through the relation (its module imports this one).
        periods = cast(
            type[models.Model], self.model._meta.get_field("tree_periods").related_model
        )._default_manager
        if not paths:
            return periods.none().values("organization_id")
        prefixes = Q()
        for path in paths:
            prefixes |= Q(path__startswith=path)
        dated = in_force(on) if on is not None else ()
        return periods.filter(prefixes, *dated).values("organization_id")

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

    class Sector(models.TextChoices):
        """Where a grassroots organization works, as the statistics count
        them (DOMAIN.md §6)."""

        COMMUNE = "commune", _("Commune, ward or town")
        AGENCY = "agency", _("Agency of the Party, the State or a mass organization")
        PUBLIC_SERVICE = "public_service", _("Public service unit")
        ENTERPRISE = "enterprise", _("Enterprise")
        ARMED_FORCES = "armed_forces", _("Armed forces")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    # The day from which `path` holds (empty: always): an earlier day reads
    # the tree's periods, a later one needs no query.
    path_since = models.DateField(null=True, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_grassroots = models.BooleanField(
        _("grassroots organization (TCCSĐ)"), default=False
    )
    # Whether it holds the power now (its open AuthorityPeriod): kept by the
    # tree services for filters; a past date asks the periods.
    has_admission_authority = models.BooleanField(
        _("decides admissions"), default=False, editable=False
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
        return path_ids(self.path)

    def path_on(self, day: datetime.date) -> str:
        """The materialised path as the tree stood on `day`."""
        if self.path_since is None or day >= self.path_since:
            return self.path
        paths = self.tree_periods.filter(*in_force(day)).values_list("path", flat=True)
        return next(iter(paths), self.path)

    def ancestor_ids_on(self, day: datetime.date) -> list[int]:
        return path_ids(self.path_on(day))

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
        self, authority: Authority, *, on: datetime.date
    ) -> "Organization | None":
        """This organization or its nearest ancestor that held `authority` on
        `on`, on the tree as it stood that day: where a step going upward was
        (or is) decided.

        Before July 2025 a commune's admissions went to the district committee;
        since then to the commune committee itself. The dated periods say which.
        """
        ancestor_ids = self.ancestor_ids_on(on)
        holders = set(
            Organization.objects.filter(
                *in_force(on, "authority_periods__"),
                pk__in=ancestor_ids,
                authority_periods__authority=authority,
            )
            .open_on(on)
            .values_list("pk", flat=True)
        )
        nearest = next((pk for pk in reversed(ancestor_ids) if pk in holders), None)
        return None if nearest is None else Organization.objects.get(pk=nearest)
