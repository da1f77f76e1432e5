"""Yearly admission targets (DESIGN.md §1): what each grassroots organization
registered, what it has admitted so far, its candidate pool at each stage, and
a flag when the pool is too thin to reach the target.

The projection: admitted so far + dossiers past the cell vote + candidates
holding a valid awareness certificate × the organization's conversion rate,
where the rate is admissions during a year divided by the candidates holding a
valid certificate on 1 January of that year, averaged over the last three
years (one half where there is no history)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import OuterRef, Subquery

from members.models import Placement
from organizations import clock
from organizations.calendar import add_months
from organizations.models import Organization, TreePeriod
from organizations.models.tree import in_force
from organizations.rules import rule_value
from organizations.selectors import visible_organizations

from .models import AdmissionTarget, Candidate, ClassEnrolment, PauseReason, Stage
from .models.candidate import STAGE_ORDER
from .selectors import decided_awaiting_ceremony

DEFAULT_RATE = Fraction(1, 2)
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
    rate: Fraction = DEFAULT_RATE

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


def _certified_on(candidates: Any, day: datetime.date) -> dict[int, int]:
    """Per organization: active candidates holding a certificate valid on `day`."""
    months = int(rule_value("candidate.certificate_validity_months", day))
    rows = (
        ClassEnrolment.objects.filter(
            candidate__in=candidates,
            result=ClassEnrolment.Result.PASSED,
            certificate_on__lte=day,
            certificate_on__gt=add_months(day, -months),
        )
        .values_list("candidate__organization_id", "candidate_id")
        .distinct()
    )
    counts: Counter[int] = Counter(org for org, _candidate in rows)
    return dict(counts)


def target_rows(user: Any, year: int) -> list[TargetRow]:
    """One row per grassroots organization in the user's scope."""
    today = min(clock.today(), datetime.date(year, 12, 31))
    organizations = list(
        visible_organizations(user).filter(is_grassroots=True).open_on(today)
    )
    rows = {
        o.pk: TargetRow(o, None) for o in sorted(organizations, key=lambda o: o.path)
    }

    def grassroots_of(path: str) -> int | None:
        """The grassroots organization on `path` (today's, or a past day's)."""
        ids = [int(part) for part in path.strip("/").split("/") if part]
        return next((pk for pk in reversed(ids) if pk in rows), None)

    for target in AdmissionTarget.objects.filter(
        organization__in=organizations, year=year
    ):
        rows[target.organization_id].target = target
    candidates = Candidate.objects.filter(
        organization__in=visible_organizations(user)
    ).select_related("organization")
    for candidate in candidates.only(
        "stage", "status", "pause_reason", "organization__path"
    ):
        key = grassroots_of(candidate.organization.path)
        if key is None:
            continue
        row = rows[key]
        if candidate.status == Candidate.Status.ACTIVE:
            row.stages[candidate.stage] += 1
        elif candidate.status == Candidate.Status.PAUSED:
            row.paused[candidate.pause_reason] += 1
        elif candidate.status == Candidate.Status.WITHDRAWN:
            row.withdrawn[candidate.pause_reason] += 1
    for path in _admitted_paths(datetime.date(year, 1, 1), today, user):
        key = grassroots_of(path)
        if key is not None:
            rows[key].admitted += 1
    paths = dict(visible_organizations(user).values_list("pk", "path"))
    # Those past the cell vote are counted whole, not again at the rate.
    before_vote = candidates.in_pool().exclude(stage__in=PAST_CELL_VOTE)
    for org_id, count in _certified_on(before_vote, today).items():
        key = grassroots_of(paths[org_id])
        if key is not None:
            rows[key].certified += count
    _conversion_rates(rows, grassroots_of, paths, year, user)
    return list(rows.values())


def _path_then(day: str) -> Subquery:
    """The path of the row's organization on the row's date `day`: an
    admission counts where it was decided, on the tree as it stood then."""
    then = TreePeriod.objects.filter(
        *in_force(OuterRef(day)), organization=OuterRef("organization")
    )
    return Subquery(then.values("path")[:1])


def _admitted_paths(first: datetime.date, last: datetime.date, user: Any) -> list[str]:
    """Where each admission decision of the period was made, in scope: members by
    their decision, decided candidates awaiting the ceremony (DESIGN.md §4)."""
    scope = visible_organizations(user)
    members = Placement.objects.admissions_between(first, last).filter(
        organization__in=scope
    )
    awaiting = decided_awaiting_ceremony(first, last).filter(organization__in=scope)
    # Unordered: SQLite refuses ORDER BY inside a UNION.
    paths = (
        members.order_by()
        .annotate(path_then=_path_then("decision_date"))
        .values_list("path_then", flat=True)
        .union(
            awaiting.order_by()
            .annotate(path_then=_path_then("decided_on"))
            .values_list("path_then", flat=True),
            all=True,
        )
    )
    return list(paths)


def _conversion_rates(
    rows: dict[int, TargetRow],
    grassroots_of: Any,
    paths: dict[int, str],
    year: int,
    user: Any,
) -> None:
    scope = visible_organizations(user)
    rates: dict[int, list[Fraction]] = {key: [] for key in rows}
    for past in (year - 3, year - 2, year - 1):
        january = datetime.date(past, 1, 1)
        held: Counter[int] = Counter()
        for org_id, count in _certified_on(
            Candidate.objects.filter(organization__in=scope), january
        ).items():
            key = grassroots_of(paths[org_id])
            if key is not None:
                held[key] += count
        admitted: Counter[int] = Counter()
        for path in _admitted_paths(january, datetime.date(past, 12, 31), user):
            key = grassroots_of(path)
            if key is not None:
                admitted[key] += 1
        for key in rows:
            if held[key]:
                rates[key].append(Fraction(admitted[key], held[key]))
    for key, found in rates.items():
        if found:
            rows[key].rate = sum(found, Fraction(0)) / len(found)


@dataclass(frozen=True)
class TargetSummary:
    target: int
    admitted: int
    in_pool: int
    short: int


def target_summary(user: Any, year: int) -> TargetSummary:
    """The targets page in four numbers, for the dashboard."""
    rows = target_rows(user, year)
    return TargetSummary(
        target=sum(row.target.target for row in rows if row.target),
        admitted=sum(row.admitted for row in rows),
        in_pool=sum(row.in_pool for row in rows),
        short=sum(1 for row in rows if row.short),
    )
