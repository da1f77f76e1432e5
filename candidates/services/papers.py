"""The dates of the signed papers the cell keeps. A date already recorded is
changed only with a reason, kept in the dossier's history and the audit log
like every correction; the papers are the cell's own record, so any of its
editors may put one right."""

import datetime
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.text import day_label

from ..models import Candidate, Recognition, Route
from ..pipeline import pipeline_of
from ..rules import Blocked, Problem
from .corrections import corrector_problems, keep_correction
from .dossier import day_problems, move, opened_on, take

D = TypeVar("D", bound=Candidate | Recognition)


@transaction.atomic
def record_papers(
    dossier: D, dates: dict[str, datetime.date], *, by: User, reason: str = ""
) -> D:
    """Dates of the signed papers the cell keeps: for a candidate the
    application (1-KNĐ), the personal history (2-KNĐ), the union's resolution
    and the summary of opinions (5-KNĐ); for a probation the self-review
    (10-KNĐ), the mentor's remarks (11-KNĐ) and the opinions (12-KNĐ)."""
    dossier = take(dossier, "papers", by=by)
    labels = pipeline_of(dossier).papers
    problems = []
    before, after = [], []
    for name, day in dates.items():
        if name not in labels:
            raise ValueError(name)
        problems += day_problems(day, str(labels[name]), not_before=opened_on(dossier))
        recorded = getattr(dossier, name)
        if recorded not in (None, day):
            before.append(f"{labels[name]} {day_label(recorded)}")
        if recorded != day:
            after.append(f"{labels[name]} {day_label(day)}")
        setattr(dossier, name, day)
    if (
        isinstance(dossier, Candidate)
        and dates.get("union_resolution_on")
        and dossier.route == Route.MEMBERS
    ):
        problems.append(
            Problem(_("This candidate is introduced by two members, not a union."))
        )
    if before:
        problems += corrector_problems(dossier, None, reason, by=by)
    if problems:
        raise Blocked(problems)
    if before:
        keep_correction(
            dossier,
            "correct_record_dates",
            dossier,
            before="; ".join(before),
            after="; ".join(after),
            reason=reason,
            by=by,
            changed=tuple(dates),
        )
        return dossier
    move(
        dossier,
        "record_dates",
        by=by,
        note="; ".join(
            f"{labels[name]} {day_label(day)}" for name, day in sorted(dates.items())
        ),
        changed=tuple(dates),
    )
    return dossier
