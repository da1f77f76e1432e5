"""The cell's vote and the grassroots committee's resolution on an admission
dossier or a probation file, with every rule judged on the meeting date."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from members.due import probation_end
from organizations.models import User
from organizations.rules import rule_in_force
from organizations.text import day_label

from ..dossier_checks import (
    needs_grassroots_resolution,
    under_subcommittee,
)
from ..electorate import (
    Tally,
    attendance_problems,
    electorate,
    grassroots_vote_problems,
    save_vote,
    threshold,
    vote_rule,
    votes_needed,
)
from ..models import (
    Candidate,
    Recognition,
    RecognitionStage,
    Stage,
    Vote,
)
from ..pipeline import missing_before
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
from .dossier import check_day, day_problems, move, opened_on, take


def vote_rule_problems(candidate: Candidate, held_on: datetime.date) -> list[Problem]:
    """Every rule judged at the cell vote (DOMAIN.md §1.17)."""
    problems = missing_before(candidate, Stage.CELL_APPROVED)
    problems += age_problems(candidate, held_on)
    problems += education_problems(candidate, held_on)
    problems += certificate_problems(candidate, held_on)
    problems += freshness_problems(candidate, held_on)
    route = youth_route_required(candidate, held_on)
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


def cell_vote_problems(
    dossier: Candidate | Recognition,
    held_on: datetime.date,
    correcting: Vote | None = None,
) -> list[Problem]:
    """The rules judged on the day the cell meets: for a candidate every
    eligibility rule, for a probation the end of the 12 months."""
    problems = day_problems(
        held_on, _("The cell meeting date"), not_before=opened_on(dossier)
    )
    others = dossier.votes.exclude(pk=correcting.pk) if correcting else dossier.votes
    if others.filter(body=Vote.Body.CELL, passed=True).exists():
        problems.append(Problem(_("The cell has already resolved.")))
    if isinstance(dossier, Candidate):
        return problems + vote_rule_problems(dossier, held_on)
    problems += missing_before(dossier, RecognitionStage.CELL_APPROVED)
    member = dossier.member
    ends = probation_end(member)
    if held_on < ends:
        problems.append(
            Problem(
                _(
                    "Probation ends on %(date)s; the cell "
                    "considers recognition after that."
                )
                % {"date": day_label(ends)},
                rule_in_force("member.probation_months", member.ceremony_date).source,
            )
        )
    return problems


def cell_meeting(
    dossier: Candidate | Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    exempt_present: int = 0,
    correcting: Vote | None = None,
) -> tuple[Tally, list[Problem]]:
    """A cell meeting's tally, counted on the cell's voters that day, and
    every rule it breaks."""
    voters = electorate(dossier.organization, held_on)
    problems = cell_vote_problems(dossier, held_on, correcting) + attendance_problems(
        voters,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        exempt_present=exempt_present,
    )
    tally = Tally(
        held_on,
        resolution_number.strip(),
        voters.eligible(exempt_present),
        present,
        votes_for,
        votes_against,
    )
    return tally, list(dict.fromkeys(problems))


@transaction.atomic
def record_cell_vote(
    dossier: Candidate | Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
    exempt_present: int = 0,
) -> Vote:
    """The cell's meeting on a candidate (6-KNĐ) or on a probationary member's
    recognition (13-KNĐ): carried when at least the rule's share of the
    eligible official members agree, counted on the official members, not on
    those present. A probation's third failed vote sends it to the committee
    above."""
    dossier = take(dossier, "cell-vote", by=by)
    tally, problems = cell_meeting(
        dossier,
        held_on=held_on,
        resolution_number=resolution_number,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        exempt_present=exempt_present,
    )
    if problems:
        raise Blocked(problems)
    eligible = tally.eligible
    vote = save_vote(dossier, Vote.Body.CELL, tally, by=by)
    note = _("%(for)s of %(eligible)s for (%(needed)s needed)") % {
        "for": votes_for,
        "eligible": eligible,
        "needed": votes_needed(
            threshold(vote_rule(dossier, Vote.Body.CELL), held_on)[0], eligible
        ),
    }
    stage = None
    if isinstance(dossier, Recognition) and escalated(dossier, held_on):
        stage = RecognitionStage.ESCALATED
    move(dossier, "cell_vote", by=by, on=held_on, note=note, stage=stage)
    return vote


def escalated(recognition: Recognition, held_on: datetime.date) -> bool:
    """After the rule's number of failed cell votes a probation file goes to
    the committee above (DOMAIN.md §1.14)."""
    failed = recognition.votes.filter(body=Vote.Body.CELL, passed=False).count()
    limit = rule_in_force("member.recognition_max_failed_votes", held_on).value
    return failed >= int(limit)


def grassroots_problems(
    dossier: Candidate | Recognition,
    tally: Tally,
    correcting: Vote | None = None,
) -> list[Problem]:
    """Every rule judged on the day the grassroots committee meets."""
    proposal = (
        _("The cell has not yet resolved to propose admission.")
        if isinstance(dossier, Candidate)
        else _("The cell has not yet resolved to propose recognition.")
    )
    problems = grassroots_vote_problems(
        dossier,
        needed=needs_grassroots_resolution(dossier),
        not_proposed=proposal,
        held_on=tally.held_on,
        committee_members=tally.eligible,
        present=tally.present,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        correcting=correcting,
    )
    if (
        isinstance(dossier, Candidate)
        and under_subcommittee(dossier)
        and dossier.subcommittee_appraisal_on is None
    ):
        problems.append(Problem(_("Record the sub-committee's appraisal (7-KNĐ).")))
    return problems + day_problems(
        tally.held_on, _("The committee meeting date"), not_before=opened_on(dossier)
    )


@transaction.atomic
def record_grassroots_vote(
    dossier: Candidate | Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
) -> Vote:
    """The grassroots committee's resolution (8-KNĐ on a candidate, 15-KNĐ on
    a probation), needed only where the cell sits under such a committee."""
    dossier = take(dossier, "grassroots-vote", by=by)
    tally = Tally(
        held_on, resolution_number, committee_members, present, votes_for, votes_against
    )
    problems = grassroots_problems(dossier, tally)
    if problems:
        raise Blocked(problems)
    vote = save_vote(dossier, Vote.Body.GRASSROOTS, tally, by=by)
    move(dossier, "grassroots_vote", by=by, on=held_on)
    return vote


@transaction.atomic
def record_subcommittee_appraisal(
    candidate: Candidate, *, on: datetime.date, by: User
) -> Candidate:
    """The sub-committee's appraisal (7-KNĐ), where the cell sits under a
    đảng ủy bộ phận: after the cell's resolution, before the grassroots
    committee's."""
    candidate = take(candidate, "subcommittee", by=by)
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
    move(
        candidate,
        "subcommittee",
        by=by,
        on=on,
        changed=("subcommittee_appraisal_on",),
    )
    return candidate
