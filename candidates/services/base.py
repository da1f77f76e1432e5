"""Shared steps of the candidate services: who may act, the row lock,
dates and the stage log."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..gates import furthest_gate
from ..models import (
    Candidate,
    Stage,
    StageLog,
)
from ..rules import (
    Blocked,
    Problem,
)

CELL_KINDS = (Organization.Kind.SUBORDINATE_CELL, Organization.Kind.GRASSROOTS_CELL)
Status = Candidate.Status
# Stages set by a verb, not recomputed from the gates passed.
VERB_STAGES = (Stage.SUBMITTED, Stage.RETURNED, Stage.APPRAISED, Stage.DECIDED)


def lock_candidate(candidate: Candidate, by: User, permission: Permission) -> Candidate:
    if not can(by, permission, candidate.organization):
        raise PermissionDenied
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=candidate.pk)
    )


def require_active(candidate: Candidate) -> None:
    if candidate.status != Status.ACTIVE:
        raise Blocked(
            [
                Problem(
                    _("The candidate is %(status)s; resume the candidacy first.")
                    % {"status": candidate.get_status_display().lower()}
                )
            ]
        )


def check_day(day: datetime.date, label: str, *, not_before: datetime.date) -> None:
    problems = []
    if day > clock.today():
        problems.append(
            Problem(_("%(what)s cannot be in the future.") % {"what": label})
        )
    if day < not_before:
        problems.append(
            Problem(
                _("%(what)s cannot be before %(date)s.")
                % {"what": label, "date": not_before.strftime("%d/%m/%Y")}
            )
        )
    if problems:
        raise Blocked(problems)


def log_step(
    candidate: Candidate,
    action: str,
    *,
    by: User,
    on: datetime.date | None = None,
    note: str = "",
    stage: str | None = None,
) -> StageLog:
    """Recompute (or set) the stage and append what happened to the log."""
    before = candidate.stage
    if stage is not None:
        candidate.stage = stage
    elif Stage(before) not in VERB_STAGES:
        candidate.stage = furthest_gate(candidate)
    candidate.save()
    return StageLog.objects.create(
        candidate=candidate,
        action=action,
        from_stage=before,
        to_stage=candidate.stage,
        on=on or clock.today(),
        note=note,
        by=by,
    )
