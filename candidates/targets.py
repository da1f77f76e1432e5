"""Yearly admission targets (DESIGN.md §1): what each grassroots organization
registered, what it has admitted so far, its candidate pool at each stage, and
a flag when the pool is too thin to reach the target.

The forecast: admitted so far + dossiers past the cell vote + candidates
holding a valid awareness certificate × the organization's rate. The rate is
a share, never above one: of the candidates who held a valid certificate on
1 January of each of the last three years, how many were admitted by 31
December of that year (one half where there is no such history).

Every count is a grouped query per organization, rolled up along the tree to
its grassroots organization; nothing loops over candidates or members."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, F, FilteredRelation, Q, QuerySet

from members.models import Placement
from organizations import clock
from organizations.calendar import last_expired_start
from organizations.models import Organization
from organizations.models.tree import in_force, owner_on_path
from organizations.rules import rule_value
from organizations.selectors import visible_organizations

from .models import AdmissionTarget, Candidate, ClassEnrolment, PauseReason, Stage
from .models.candidate import STAGE_ORDER
from .selectors import decided_awaiting_ceremony

DEFAULT_RATE = Fraction(1, 2)
RATE_YEARS = 3
PAST_CELL_VOTE = [
    s for s in Stage if STAGE_ORDER[s] >= STAGE_ORDER[Stage.CELL_APPROVED]
]


@dataclass
class TargetRow:
    organization: Organization
    target: AdmissionTarget | None
    admitted: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    paused: Counter[str] = field(default_factory=Counter)
    withdrawn: Counter[str] = field(default_factory=Counter)
    certified: int = 0
    # Over the last three years: candidates holding a valid certificate on 1
    # January, and those of them admitted by 31 December.
    held: int = 0
    converted: int = 0

    @property
    def rate(self) -> Fraction:
        return Fraction(self.converted, self.held) if self.held else DEFAULT_RATE

    @property
    def rate_known(self) -> bool:
        return bool(self.held)

    @property
    def past_cell_vote(self) -> int:
        return sum(self.stages[s] for s in PAST_CELL_VOTE)

    @property
    def projected(self) -> float:
        return float(self.admitted + self.past_cell_vote + self.certified * self.rate)

    @property
    def short(self) -> bool:
        return self.target is not None and self.projected < self.target.target

    @property
    def short_by(self) -> int:
        """Admissions the forecast misses the target by, in whole people."""
        if self.target is None:
            return 0
        return max(0, math.ceil(self.target.target - self.projected))

    @property
    def done_percent(self) -> int:
        """Admitted so far as a share of the target, for the progress bar."""
        if self.target is None or not self.target.target:
            return 0
        return min(100, self.admitted * 100 // self.target.target)

    @property
    def departures(self) -> list[tuple[str, int, bool]]:
        """(reason, how many, withdrawn rather than paused), most first."""
        rows = [(str(PauseReason(r).label), n, False) for r, n in self.paused.items()]
        rows += [
            (str(PauseReason(r).label), n, True) for r, n in self.withdrawn.items()
        ]
        return sorted(rows, key=lambda row: -row[1])

    @property
    def in_pool(self) -> int:
        return sum(self.stages.values())


def _holders(candidates: Any, day: datetime.date) -> QuerySet[ClassEnrolment]:
    """Passed enrolments of `candidates` whose certificate is valid on `day`."""
    months = int(rule_value("candidate.certificate_validity_months", day))
    return ClassEnrolment.objects.filter(
        candidate__in=candidates,
        result=ClassEnrolment.Result.PASSED,
        certificate_on__lte=day,
        certificate_on__gt=last_expired_start(day, months),
    )


def admission_rows(user: Any, year: int) -> list[TargetRow]:
    """One row per grassroots organization in the user's scope with the year's
    target and admissions only (what the organizations' ranking shows)."""
    return list(_admission_rows(user, year).values())


def _admission_rows(user: Any, year: int) -> dict[int, TargetRow]:
    today = min(clock.today(), datetime.date(year, 12, 31))
    scope = visible_organizations(user)
    organizations = list(scope.filter(is_grassroots=True).open_on(today))
    rows = {
        o.pk: TargetRow(o, None) for o in sorted(organizations, key=lambda o: o.path)
    }
    for target in AdmissionTarget.objects.filter(
        organization__in=organizations, year=year
    ):
        rows[target.organization_id].target = target
    for path, count in admissions_by_path(
        datetime.date(year, 1, 1), today, scope.values("pk")
    ).items():
        key = owner_on_path(path, rows)
        if key is not None:
            rows[key].admitted += count
    return rows


def target_rows(user: Any, year: int) -> list[TargetRow]:
    """One row per grassroots organization in the user's scope: the target,
    the admissions, the pool and the forecast."""
    today = min(clock.today(), datetime.date(year, 12, 31))
    scope = visible_organizations(user)
    rows = _admission_rows(user, year)
    paths = dict(scope.values_list("pk", "path"))

    def owner(org_id: int) -> TargetRow | None:
        key = owner_on_path(paths.get(org_id, ""), rows)
        return rows[key] if key is not None else None

    candidates = Candidate.objects.filter(organization__in=scope)
    for group in (
        candidates.values("organization", "status", "stage", "pause_reason")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row = owner(group["organization"])
        if row is None:
            continue
        if group["status"] == Candidate.Status.ACTIVE:
            row.stages[group["stage"]] += group["n"]
        elif group["status"] == Candidate.Status.PAUSED:
            row.paused[group["pause_reason"]] += group["n"]
        elif group["status"] == Candidate.Status.WITHDRAWN:
            row.withdrawn[group["pause_reason"]] += group["n"]
    # Those past the cell vote are counted whole, not again at the rate.
    before_vote = candidates.in_pool().exclude(stage__in=PAST_CELL_VOTE)
    certified = (
        _holders(before_vote, today)
        .values(organization=F("candidate__organization"))
        .annotate(n=Count("candidate", distinct=True))
        .order_by()
    )
    for group in certified:
        row = owner(group["organization"])
        if row is not None:
            row.certified += group["n"]
    _conversion(rows, owner, candidates, year)
    return list(rows.values())


def _admitted_by(day: datetime.date) -> Q:
    """The enrolment's candidate was admitted on or before `day`: by the
    committee's decision, or by a member row's (dossiers older than the
    registry's review meetings)."""
    return Q(candidate__decided_on__lte=day) | Q(
        candidate__decided_on__isnull=True,
        candidate__member__admission_decision_date__lte=day,
    )


def _conversion(
    rows: dict[int, TargetRow], owner: Any, candidates: Any, year: int
) -> None:
    """Each organization's holders and conversions over the years before `year`."""
    for past in range(year - RATE_YEARS, year):
        january, december = datetime.date(past, 1, 1), datetime.date(past, 12, 31)
        groups = (
            _holders(candidates, january)
            .filter(
                Q(candidate__decided_on__isnull=True)
                | Q(candidate__decided_on__gte=january)
            )
            .exclude(candidate__member__admission_decision_date__lt=january)
            .values(organization=F("candidate__organization"))
            .annotate(
                held=Count("candidate", distinct=True),
                converted=Count(
                    "candidate", distinct=True, filter=_admitted_by(december)
                ),
            )
            .order_by()
        )
        for group in groups:
            row = owner(group["organization"])
            if row is not None:
                row.held += group["held"]
                row.converted += group["converted"]


def _tree_then(day: str) -> FilteredRelation:
    """The tree period of the row's organization in force on the row's date
    `day`: an admission counts where it was decided, on the tree as it stood
    then. A join, not a subquery per row: a province decides thousands."""
    return FilteredRelation(
        "organization__tree_periods",
        condition=Q(*in_force(F(day), "organization__tree_periods__")),
    )


def admissions_by_path(
    first: datetime.date, last: datetime.date, organization_ids: Any
) -> Counter[str]:
    """The admission decisions of the period made in `organization_ids`,
    counted by where each was decided (its organization's path on the day of
    the decision): members by their decision, decided candidates awaiting the
    ceremony (DESIGN.md §4)."""
    members = Placement.objects.admissions_between(first, last).filter(
        organization__in=organization_ids
    )
    awaiting = decided_awaiting_ceremony(first, last).filter(
        organization__in=organization_ids
    )
    counts: Counter[str] = Counter()
    for rows in (
        members.annotate(tree_then=_tree_then("decision_date")),
        awaiting.annotate(tree_then=_tree_then("decided_on")),
    ):
        for row in rows.values("tree_then__path").annotate(n=Count("pk")).order_by():
            counts[row["tree_then__path"] or ""] += row["n"]
    return counts


# The orders the targets table offers: those short of candidates first (by how
# many they miss), or by a column, largest first (the name in alphabet order).
SORTS: dict[str, Any] = {
    "short": lambda row: (not row.short, -row.short_by, row.organization.path),
    "name": lambda row: row.organization.name,
    "target": lambda row: -(row.target.target if row.target else -1),
    "admitted": lambda row: -row.admitted,
    "pool": lambda row: -row.in_pool,
    "projected": lambda row: -row.projected,
    "short_by": lambda row: -row.short_by,
}


def sorted_rows(rows: list[TargetRow], order: str) -> list[TargetRow]:
    return sorted(rows, key=SORTS.get(order, SORTS["short"]))


@dataclass(frozen=True)
class TargetSummary:
    target: int
    admitted: int
    in_pool: int
    short: int
    projected: float
    short_by: int

    @property
    def done_percent(self) -> int:
        return min(100, self.admitted * 100 // self.target) if self.target else 0


def summarize(rows: list[TargetRow]) -> TargetSummary:
    return TargetSummary(
        target=sum(row.target.target for row in rows if row.target),
        admitted=sum(row.admitted for row in rows),
        in_pool=sum(row.in_pool for row in rows),
        short=sum(1 for row in rows if row.short),
        projected=sum(row.projected for row in rows),
        short_by=sum(row.short_by for row in rows),
    )


def target_summary(user: Any, year: int) -> TargetSummary:
    """The targets page in a few numbers, for the dashboard."""
    return summarize(target_rows(user, year))
