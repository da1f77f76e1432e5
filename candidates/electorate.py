"""Who votes in a cell on a date and what share carries a vote (DESIGN.md §4,
DOMAIN.md §1.8, §1.10): the counts a meeting's numbers are checked against."""

import datetime
import math
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext as _

from members.models import Exemption, Placement, Suspension, TemporaryTransfer
from organizations.models import Organization, User

from .models import Candidate, Recognition, Vote
from .rules import Problem, rule_with_source

# The cell's eligible voters (DESIGN.md §4).


@dataclass(frozen=True)
class Electorate:
    official: int
    away: int
    exempt: int
    suspended: int = 0

    @property
    def able(self) -> int:
        """Official members who may attend and vote."""
        return self.official - self.away - self.suspended

    def eligible(self, exempt_present: int) -> int:
        return self.able - self.exempt + exempt_present


def electorate(cell: Organization, on: datetime.date) -> Electorate:
    """Official members of the cell on `on`; of them, those on temporary
    transfer away, those suspended, prosecuted or detained (never voters), and
    those exempt from activities (voters when present); each counted once."""
    officials = (
        Placement.objects.on(on)
        .filter(organization=cell, official_date__isnull=False, official_date__lte=on)
        .values("member_id")
    )
    away = TemporaryTransfer.objects.away_on(on).values("member_id")
    in_force = Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gt=on))
    suspended = (
        Suspension.objects.filter(in_force, member_id__in=officials)
        .exclude(member_id__in=away)
        .values("member_id")
    )
    exempt = (
        Exemption.objects.filter(in_force, member_id__in=officials)
        .exclude(member_id__in=away)
        .exclude(member_id__in=suspended)
    )
    return Electorate(
        officials.count(),
        away.filter(member_id__in=officials).count(),
        exempt.count(),
        suspended.count(),
    )


def threshold(key: str, on: datetime.date) -> tuple[Fraction, str]:
    value, source = rule_with_source(key, on)
    return Fraction(str(value)), source


def votes_needed(fraction: Fraction, eligible: int) -> int:
    return math.ceil(fraction * eligible)


def attendance_problems(
    voters: Electorate,
    *,
    present: int,
    votes_for: int,
    votes_against: int,
    exempt_present: int = 0,
) -> list[Problem]:
    """The numbers a cell meeting records must fit the cell on that date."""
    problems = []
    if exempt_present > voters.exempt:
        problems.append(
            Problem(
                _("Only %(n)s exempt members belong to the cell on that date.")
                % {"n": voters.exempt}
            )
        )
    able = voters.able
    if voters.eligible(exempt_present) <= 0:
        problems.append(
            Problem(_("The cell has no official member entitled to vote on that date."))
        )
    if present > able or votes_for + votes_against > present:
        problems.append(
            Problem(
                _(
                    "The cell has %(n)s official members able to attend on that "
                    "date; votes cannot exceed the members present."
                )
                % {"n": able}
            )
        )
    return problems


def committee_vote_problems(
    *, committee_members: int, present: int, votes_for: int, votes_against: int
) -> list[Problem]:
    if present > committee_members or votes_for + votes_against > present:
        return [Problem(_("Votes cannot exceed the committee members present."))]
    return []


def grassroots_vote_problems(
    subject: Candidate | Recognition,
    *,
    needed: bool,
    not_proposed: str,
    held_on: datetime.date,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    correcting: Vote | None = None,
) -> list[Problem]:
    """What stops recording a grassroots committee's resolution on an admission
    dossier or a probation file alike: a cell without such a committee, no
    resolution of the cell yet (`not_proposed` says so) or a later one, more
    votes than members present, a resolution already passed (other than the
    one being corrected)."""
    problems = []
    if not needed:
        problems.append(
            Problem(
                _(
                    "A grassroots cell's resolution goes straight to the "
                    "committee above."
                )
            )
        )
    cell_vote = (
        subject.votes.filter(body=Vote.Body.CELL, passed=True)
        .order_by("-held_on")
        .first()
    )
    if cell_vote is None:
        problems.append(Problem(not_proposed))
    elif held_on < cell_vote.held_on:
        problems.append(Problem(_("The committee meets after the cell's resolution.")))
    problems += committee_vote_problems(
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
    )
    others = subject.votes.exclude(pk=correcting.pk) if correcting else subject.votes
    if others.filter(body=Vote.Body.GRASSROOTS, passed=True).exists():
        problems.append(Problem(_("The grassroots committee has already resolved.")))
    return problems


@dataclass(frozen=True)
class Tally:
    """What a meeting's minutes record of a vote."""

    held_on: datetime.date
    resolution_number: str
    eligible: int
    present: int
    votes_for: int
    votes_against: int


# The share that carries each body's vote on each kind of dossier; the
# grassroots committee's share is one rule for both.
VOTE_RULES = {
    (Candidate, Vote.Body.CELL): "candidate.cell_vote_threshold",
    (Recognition, Vote.Body.CELL): "member.recognition_vote_threshold",
    (Candidate, Vote.Body.GRASSROOTS): "candidate.grassroots_committee_threshold",
    (Recognition, Vote.Body.GRASSROOTS): "candidate.grassroots_committee_threshold",
}


def vote_rule(subject: Candidate | Recognition, body: str) -> str:
    return VOTE_RULES[(type(subject), Vote.Body(body))]


def save_vote(
    subject: Candidate | Recognition, body: str, tally: Tally, *, by: User
) -> Vote:
    """Keep a meeting's vote on a candidate or a probation file; it passes
    with the share of the eligible members that the body's rule sets on that
    day."""
    fraction, _source = threshold(vote_rule(subject, body), tally.held_on)
    field = "candidate" if isinstance(subject, Candidate) else "recognition"
    return Vote.objects.create(
        **{field: subject},
        body=body,
        held_on=tally.held_on,
        resolution_number=tally.resolution_number.strip(),
        eligible=tally.eligible,
        present=tally.present,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        passed=tally.votes_for >= votes_needed(fraction, tally.eligible),
        recorded_by=by,
    )
