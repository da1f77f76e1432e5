"""The cell's vote and the grassroots committee's resolution, with every
rule judged on the meeting date."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.selectors import Permission

from ..dossier_checks import (
    needs_grassroots_resolution,
    under_subcommittee,
)
from ..gates import missing_before
from ..models import (
    Candidate,
    Stage,
    Vote,
)
from ..rules import (
    Blocked,
    Problem,
    age_problems,
    certificate_problems,
    education_problems,
    freshness_problems,
    introducer_problems,
    youth_route_required,
)
from ..voting import (
    Tally,
    attendance_problems,
    electorate,
    grassroots_vote_problems,
    save_vote,
    threshold,
    votes_needed,
)
from .base import (
    check_day,
    lock_candidate,
    log_step,
    require_active,
)


def vote_rule_problems(candidate: Candidate, held_on: datetime.date) -> list[Problem]:
    """Every rule judged at the cell vote (DOMAIN.md §1.17)."""
    problems = missing_before(candidate, Stage.CELL_APPROVED)
    problems += age_problems(candidate, held_on)
    problems += education_problems(candidate, held_on)
    problems += certificate_problems(candidate, held_on)
    problems += freshness_problems(candidate, held_on)
    route = youth_route_required(candidate, candidate.introduced_on)
    problems += [route] if route else []
    for introducer in candidate.introducers.select_related("member"):
        problems += introducer_problems(
            candidate,
            introducer.member,
            introducer.together_since,
            introducer.letter_on,
            replacement=introducer.replacement,
        )
    return list(dict.fromkeys(problems))


@transaction.atomic
def record_cell_vote(
    candidate: Candidate,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
    exempt_present: int = 0,
) -> Vote:
    """The cell's meeting on the candidate (6-KNĐ): admission is proposed when
    at least the rule's share of the eligible official members agree, counted
    on the official members, not on those present."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    check_day(held_on, _("The cell meeting date"), not_before=candidate.introduced_on)
    if candidate.votes.filter(body=Vote.Body.CELL, passed=True).exists():
        raise Blocked([Problem(_("The cell has already resolved on this candidate."))])
    problems = vote_rule_problems(candidate, held_on)
    voters = electorate(candidate.organization, held_on)
    eligible = voters.eligible(exempt_present)
    problems += attendance_problems(
        voters,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        exempt_present=exempt_present,
    )
    if problems:
        raise Blocked(problems)
    tally = Tally(
        held_on, resolution_number, eligible, present, votes_for, votes_against
    )
    vote = save_vote(
        candidate, Vote.Body.CELL, tally, rule="candidate.cell_vote_threshold", by=by
    )
    note = _("%(for)s of %(eligible)s for (%(needed)s needed)") % {
        "for": votes_for,
        "eligible": eligible,
        "needed": votes_needed(
            threshold("candidate.cell_vote_threshold", held_on)[0], eligible
        ),
    }
    log_step(candidate, "cell_vote", by=by, on=held_on, note=note)
    return vote


@transaction.atomic
def record_grassroots_vote(
    candidate: Candidate,
    *,
    held_on: datetime.date,
    resolution_number: str,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
) -> Vote:
    """The grassroots committee's resolution (8-KNĐ), needed only where the cell
    sits under a grassroots committee."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    problems = grassroots_vote_problems(
        candidate,
        needed=needs_grassroots_resolution(candidate),
        not_proposed=_("The cell has not yet resolved to propose admission."),
        held_on=held_on,
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
    )
    if under_subcommittee(candidate) and candidate.subcommittee_appraisal_on is None:
        problems.append(Problem(_("Record the sub-committee's appraisal (7-KNĐ).")))
    if problems:
        raise Blocked(problems)
    check_day(
        held_on, _("The committee meeting date"), not_before=candidate.introduced_on
    )
    tally = Tally(
        held_on, resolution_number, committee_members, present, votes_for, votes_against
    )
    vote = save_vote(
        candidate,
        Vote.Body.GRASSROOTS,
        tally,
        rule="candidate.grassroots_committee_threshold",
        by=by,
    )
    log_step(candidate, "grassroots_vote", by=by, on=held_on)
    return vote


@transaction.atomic
def record_subcommittee_appraisal(
    candidate: Candidate, *, on: datetime.date, by: User
) -> Candidate:
    """The sub-committee's appraisal (7-KNĐ), where the cell sits under a
    đảng ủy bộ phận: after the cell's resolution, before the grassroots
    committee's."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    cell_vote = candidate.votes.filter(body=Vote.Body.CELL, passed=True).first()
    problems = []
    if not under_subcommittee(candidate):
        problems.append(Problem(_("This cell is not under a sub-committee.")))
    if cell_vote is None:
        problems.append(
            Problem(_("The cell has not yet resolved to propose admission."))
        )
    if problems:
        raise Blocked(problems)
    assert cell_vote is not None
    check_day(on, _("The appraisal date"), not_before=cell_vote.held_on)
    candidate.subcommittee_appraisal_on = on
    log_step(candidate, "subcommittee", by=by, on=on)
    return candidate
