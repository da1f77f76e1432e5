"""The cell's and the grassroots committee's votes, the proposal, its return
and its appraisal."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from members.lifecycle import probation_end
from organizations import clock
from organizations.models import Organization, User
from organizations.rules import rule_in_force
from organizations.selectors import Permission, can

from ..models import (
    Recognition,
    Vote,
)
from ..rules import Blocked, Problem, deciding_committee
from ..voting import (
    Tally,
    attendance_problems,
    electorate,
    grassroots_vote_problems,
    save_vote,
)
from .gates import (
    GATES,
    R,
    everything_missing,
    gate_problems,
    passed,
    under_grassroots_committee,
)
from .steps import lock_file, log_step


@transaction.atomic
def record_cell_vote(
    recognition: Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
    exempt_present: int = 0,
) -> Vote:
    """The cell's vote on recognition (13-KNĐ), after the 12 months of
    probation: at least the rule's share of the eligible official members.
    The third failed vote sends the case to the committee above."""
    recognition = lock_file(recognition, by)
    member = recognition.member
    problems = []
    for gate in GATES[: GATES.index(R.CELL_APPROVED)]:
        problems += gate_problems(recognition, gate)
    ends = probation_end(member)
    if held_on < ends:
        problems.append(
            Problem(
                _(
                    "Probation ends on %(date)s; the cell "
                    "considers recognition after that."
                )
                % {"date": ends.strftime("%d/%m/%Y")},
                rule_in_force("member.probation_months", member.ceremony_date).source,
            )
        )
    if held_on > clock.today():
        problems.append(Problem(_("The cell meeting date cannot be in the future.")))
    if passed(recognition, Vote.Body.CELL):
        problems.append(Problem(_("The cell has already resolved.")))
    voters = electorate(member.organization, held_on)
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
        recognition,
        Vote.Body.CELL,
        tally,
        rule="member.recognition_vote_threshold",
        by=by,
    )
    failed = recognition.votes.filter(body=Vote.Body.CELL, passed=False).count()
    limit = int(rule_in_force("member.recognition_max_failed_votes", held_on).value)
    stage = R.ESCALATED if failed >= limit else None
    log_step(recognition, "cell_vote", by=by, on=held_on, stage=stage)
    return vote


@transaction.atomic
def record_grassroots_vote(
    recognition: Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
) -> Vote:
    recognition = lock_file(recognition, by)
    problems = grassroots_vote_problems(
        recognition,
        needed=under_grassroots_committee(recognition.member.organization),
        not_proposed=_("The cell has not yet resolved to propose recognition."),
        held_on=held_on,
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
    )
    if held_on > clock.today():
        problems.append(
            Problem(_("The committee meeting date cannot be in the future."))
        )
    if problems:
        raise Blocked(problems)
    tally = Tally(
        held_on, resolution_number, committee_members, present, votes_for, votes_against
    )
    vote = save_vote(
        recognition,
        Vote.Body.GRASSROOTS,
        tally,
        rule="candidate.grassroots_committee_threshold",
        by=by,
    )
    log_step(recognition, "grassroots_vote", by=by, on=held_on)
    return vote


def competent_committee(recognition: Recognition) -> Organization | None:
    return deciding_committee(recognition.member.organization)


@transaction.atomic
def submit(recognition: Recognition, *, by: User) -> Recognition:
    recognition = lock_file(recognition, by)
    problems = everything_missing(recognition)
    if competent_committee(recognition) is None:
        problems.append(Problem(_("No committee above has the power to admit.")))
    if problems:
        raise Blocked(problems)
    resubmitted = recognition.stage == R.RETURNED
    recognition.submitted_on = clock.today()
    log_step(
        recognition, "resubmit" if resubmitted else "submit", by=by, stage=R.SUBMITTED
    )
    return recognition


def lock_for_committee(recognition: Recognition, by: User) -> Recognition:
    committee = competent_committee(recognition)
    if committee is None or not can(by, Permission.APPRAISE, committee):
        raise PermissionDenied
    return Recognition.objects.select_for_update(of=("self",)).get(pk=recognition.pk)


@transaction.atomic
def return_for_correction(
    recognition: Recognition, *, comments: str, by: User
) -> Recognition:
    recognition = lock_for_committee(recognition, by)
    if recognition.stage != R.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be returned."))])
    if not comments.strip():
        raise Blocked([Problem(_("Write what needs correcting."))])
    log_step(recognition, "return", by=by, note=comments.strip(), stage=R.RETURNED)
    return recognition


@transaction.atomic
def appraise(recognition: Recognition, *, by: User, note: str = "") -> Recognition:
    recognition = lock_for_committee(recognition, by)
    if recognition.stage != R.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be appraised."))])
    log_step(recognition, "appraise", by=by, note=note, stage=R.APPRAISED)
    return recognition
