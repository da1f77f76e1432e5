"""The candidates as at the period's end, read from their dossiers' logs, so a
past period shows the pool as it stood then; the period's awareness classes;
each grassroots organization's admissions against its target."""

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from candidates.models import (
    AdmissionTarget,
    Candidate,
    ClassEnrolment,
    Stage,
    StageLog,
    TrainingClass,
)
from candidates.models.candidate import STAGE_ORDER
from organizations.calendar import last_expired_start
from organizations.models import Organization
from organizations.rules import RuleMissingError, rule_value

from .scope import Scope

# The steps that change whether a candidate is in the pool; any other step
# leaves that as it was.
LEAVING = ("pause", "withdraw", "ceremony")
STATUS_STEPS = (*LEAVING, "resume")
BEFORE_CELL_VOTE = [
    s for s in Stage if STAGE_ORDER[s] < STAGE_ORDER[Stage.CELL_APPROVED]
]


def _latest(day: Any, field: str, *actions: str) -> Subquery:
    steps = StageLog.objects.filter(candidate=OuterRef("pk"), on__lte=day)
    if actions:
        steps = steps.filter(action__in=actions)
    return Subquery(steps.order_by("-on", "-at", "-pk").values(field)[:1])


def pool_at_end(scope: Scope) -> Any:
    """The candidates of the scope in the pool on the last day, each with the
    stage they had reached then (`stage_then`)."""
    day = scope.period.last
    return (
        Candidate.objects.filter(organization_id__in=scope.ids_on(day))
        .annotate(
            stage_then=_latest(day, "to_stage"),
            status_step=_latest(day, "action", *STATUS_STEPS),
        )
        .filter(stage_then__isnull=False)
        .filter(Q(status_step__isnull=True) | ~Q(status_step__in=LEAVING))
    )


def pipeline(
    scope: Scope, grassroots: list[Organization], admitted: Counter[int]
) -> dict[str, Any]:
    first, last = scope.period.first, scope.period.last
    pool = pool_at_end(scope)
    # Grouped, not one filtered count per stage: each count would read the
    # dossier's log again.
    by_stage = dict(
        pool.values("stage_then")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("stage_then", "count")
    )
    classes = ClassEnrolment.objects.filter(
        training_class__kind=TrainingClass.Kind.AWARENESS,
        training_class__ends_on__range=(first, last),
        candidate__organization_id__in=scope.ids_during(),
    ).aggregate(
        enrolled=Count("pk"),
        passed=Count("pk", filter=Q(result=ClassEnrolment.Result.PASSED)),
    )
    return {
        "in_pool": sum(by_stage.values()),
        "by_stage": {stage: by_stage.get(stage, 0) for stage in Stage},
        "overdue_cell_vote": _overdue(pool, last),
        "class_enrolled": classes["enrolled"],
        "class_passed": classes["passed"],
        "targets": targets(scope, grassroots, admitted),
    }


def targets(
    scope: Scope, grassroots: list[Organization], admitted: Counter[int]
) -> dict[str, Any]:
    """Admissions of the period against the targets of its year, per grassroots
    organization with a target, and in total."""
    registered = dict(
        AdmissionTarget.objects.filter(
            organization__in=grassroots, year=scope.period.last.year
        ).values_list("organization_id", "target")
    )
    rows: list[dict[str, Any]] = [
        {
            "code": o.code,
            "name": o.name,
            "target": registered[o.pk],
            "admitted": admitted[o.pk],
        }
        for o in grassroots
        if o.pk in registered
    ]
    return {
        "target": sum(r["target"] for r in rows),
        "admitted": sum(r["admitted"] for r in rows),
        "reached": sum(1 for r in rows if r["admitted"] >= r["target"]),
        "rows": rows,
    }


def _overdue(pool: Any, day: datetime.date) -> int | None:
    """Dossiers the cell had not voted on more than the freshness limit after
    the application (DOMAIN.md §1.7); none before the rule was in force."""
    try:
        months = int(rule_value("candidate.dossier_freshness_months", day))
    except RuleMissingError:
        return None
    return pool.filter(
        applied_on__lte=last_expired_start(day, months),
        stage_then__in=BEFORE_CELL_VOTE,
    ).count()
