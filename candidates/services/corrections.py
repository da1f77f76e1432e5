"""Putting right a step recorded wrongly, while the dossier is with the cell
(once submitted, the committee returns it for correction first): by whoever
recorded the step, or by the organization committee's staff, always with a
reason. Every rule of the step is judged again on the corrected day, the
stage follows the gates, and what stood before stays in the dossier's
history and the audit log. Here the rules every correction follows and the
votes; the dated steps are in step_corrections.py."""

import datetime

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.models import User
from organizations.selectors import Permission, can
from organizations.text import day_label

from ..dossier_checks import latest_vote
from ..electorate import (
    Tally,
    threshold,
    vote_rule,
    votes_needed,
)
from ..models import Candidate, Recognition, RecognitionStage, Vote
from ..pipeline import competent_committee
from ..rules import Blocked, Problem
from .dossier import move, take
from .votes import cell_meeting, escalated, grassroots_problems

Dossier = Candidate | Recognition


def corrector_problems(
    dossier: Dossier, recorded_by_id: int | None, reason: str, *, by: User
) -> list[Problem]:
    """Who may put a step right, and that they say why. A step recorded
    before the registry kept who recorded it is put right by the cell's
    editors (who may take the verb at all) or the committee's staff."""
    problems = []
    committee = competent_committee(dossier)
    staff = committee is not None and can(by, Permission.APPRAISE, committee)
    if recorded_by_id not in (None, by.pk) and not staff:
        problems.append(
            Problem(
                _(
                    "Only whoever recorded this step, or the organization "
                    "committee's staff, can correct it."
                )
            )
        )
    if not reason.strip():
        problems.append(Problem(_("Give the reason for the correction.")))
    return problems


def keep_correction(
    dossier: Dossier,
    action: str,
    subject: models.Model,
    *,
    before: str,
    after: str,
    reason: str,
    by: User,
    on: datetime.date | None = None,
    changed: tuple[str, ...] = (),
    stage: str | None = None,
) -> None:
    """The correction in the dossier's history (the stage judged again from
    the gates) and in the audit log, with what stood before."""
    move(
        dossier,
        action,
        by=by,
        on=on,
        note=_("%(before)s → %(after)s. Reason: %(reason)s")
        % {"before": before, "after": after, "reason": reason.strip()},
        changed=changed,
        stage=stage,
    )
    record_audit(
        f"candidates.{action}",
        subject,
        by=by,
        organization=dossier.organization,
        before=before,
        after=after,
        reason=reason.strip(),
    )


def recorder(dossier: Dossier, action: str, about: str | None = None) -> int | None:
    """Who last took the step `action` on the dossier, or corrected it, from
    its history; `about` names the person when the step is one of several
    (a verification answer: its note, or the start of its correction's)."""
    entries = dossier.log.filter(action__in=(action, f"correct_{action}"))
    if about is not None:
        entries = entries.filter(Q(note=about) | Q(note__startswith=f"{about},"))
    return entries.order_by("-at", "-pk").values_list("by_id", flat=True).first()


def recorded_vote(dossier: Dossier, body: str) -> Vote:
    vote = latest_vote(dossier, body)
    if vote is None:
        raise Blocked([Problem(_("No vote of this meeting is recorded to correct."))])
    return vote


def _tally_label(vote: Vote) -> str:
    return _("%(day)s, no. %(number)s: %(for)s of %(eligible)s for, %(outcome)s") % {
        "day": day_label(vote.held_on),
        "number": vote.resolution_number or "—",
        "for": vote.votes_for,
        "eligible": vote.eligible,
        "outcome": _("passed") if vote.passed else _("not passed"),
    }


def _rewrite(vote: Vote, dossier: Dossier, tally: Tally) -> None:
    fraction, _source = threshold(vote_rule(dossier, vote.body), tally.held_on)
    vote.held_on, vote.resolution_number = tally.held_on, tally.resolution_number
    vote.eligible, vote.present = tally.eligible, tally.present
    vote.votes_for, vote.votes_against = tally.votes_for, tally.votes_against
    vote.passed = tally.votes_for >= votes_needed(fraction, tally.eligible)
    vote.save()


@transaction.atomic
def correct_cell_vote(
    dossier: Dossier,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    reason: str,
    by: User,
    exempt_present: int = 0,
) -> Vote:
    """Put right the cell's vote (a misread date or count)."""
    dossier = take(dossier, "correct-vote", by=by)
    vote = recorded_vote(dossier, Vote.Body.CELL)
    tally, problems = cell_meeting(
        dossier,
        held_on=held_on,
        resolution_number=resolution_number,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        exempt_present=exempt_present,
        correcting=vote,
    )
    problems = (
        corrector_problems(dossier, vote.recorded_by_id, reason, by=by) + problems
    )
    if problems:
        raise Blocked(problems)
    before = _tally_label(vote)
    _rewrite(vote, dossier, tally)
    # A probation's failed votes, counted again, may send it up (§1.14).
    up = isinstance(dossier, Recognition) and escalated(dossier, held_on)
    keep_correction(
        dossier,
        "correct_vote",
        vote,
        before=before,
        after=_tally_label(vote),
        reason=reason,
        by=by,
        on=held_on,
        stage=RecognitionStage.ESCALATED if up else None,
    )
    return vote


@transaction.atomic
def correct_grassroots_vote(
    dossier: Dossier,
    *,
    held_on: datetime.date,
    resolution_number: str,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    reason: str,
    by: User,
) -> Vote:
    """Put right the grassroots committee's resolution (8-KNĐ, 15-KNĐ)."""
    dossier = take(dossier, "correct-grassroots-vote", by=by)
    vote = recorded_vote(dossier, Vote.Body.GRASSROOTS)
    tally = Tally(
        held_on,
        resolution_number.strip(),
        committee_members,
        present,
        votes_for,
        votes_against,
    )
    problems = corrector_problems(dossier, vote.recorded_by_id, reason, by=by)
    problems += grassroots_problems(dossier, tally, correcting=vote)
    if problems:
        raise Blocked(list(dict.fromkeys(problems)))
    before = _tally_label(vote)
    _rewrite(vote, dossier, tally)
    keep_correction(
        dossier,
        "correct_grassroots_vote",
        vote,
        before=before,
        after=_tally_label(vote),
        reason=reason,
        by=by,
        on=held_on,
    )
    return vote
