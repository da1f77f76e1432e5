"""Probes of the rules on members: probation, badges, discipline, exemption,
ratings, removal of name, transfers (DOMAIN.md §1.14–§5)."""

from decimal import Decimal

from candidates.electorate import Tally
from candidates.models import Candidate, Stage, StageLog, Vote
from candidates.services.votes import save_vote
from members.due import award_window, probation_due, probation_end
from members.models import (
    Badge,
    Exemption,
    Guidance,
    Member,
    MemberEvent,
    MissedMonth,
    Rating,
    TemporaryTransfer,
)
from members.removal import failed_ratings, missed_months, no_progress
from members.services import discipline
from members.services.badges import badge_problems, gift_multipliers
from members.services.periods import start_exemption
from members.services.ratings import excellent_cap_problem, not_rated_reasons
from members.services.readmission import readmission_problems
from members.services.temporary import start_temporary_transfer
from members.services.transfers import start_transfer
from organizations.services.ranking import level_for_points
from reports.due import due_items
from tests.candidates.conftest import introduce
from tests.factories import MemberFactory, away_to_work

from .probe import D, attempt, probe

TODAY = D(2026, 11, 28)
EXEMPT_FROM = RATED_ON = MOVED = AWAY_FROM = D(2026, 6, 1)
READMITTED_ON = D(2026, 2, 10)
INTRODUCED = D(2026, 11, 2)


def _member(request, **fields):
    tree = request.getfixturevalue("org_tree")
    return MemberFactory(organization=tree.hothau_village, **fields)


def _probationer(request, ceremony):
    return _member(
        request,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=ceremony - (D(2000, 1, 21) - D(2000, 1, 1)),
        ceremony_date=ceremony,
        official_date=None,
    )


@probe("member.probation_months", changed=18, on=D(2025, 10, 15))
def _(request):
    member = _probationer(request, D(2025, 10, 15))
    return lambda: probation_end(member)


@probe("member.recognition_proposal_working_days", changed=10, on=D(2026, 12, 10))
def _(request):
    _probationer(request, D(2025, 12, 10))
    user = request.getfixturevalue("org_staff")
    return lambda: tuple(row.propose_by for row in probation_due(user))


@probe("member.recognition_decision_working_days", changed=10, on=D(2026, 11, 10))
def _(request):
    proposal = request.getfixturevalue("proposal")
    user = request.getfixturevalue("org_staff")
    save_vote(proposal, Vote.Body.CELL, Tally(D(2026, 11, 10), "", 9, 9, 9, 0), by=user)
    return lambda: tuple((item.what, item.due) for item in due_items(user, TODAY))


# Badges: a member whose party age reaches 30 years on 01/12/2026.


def _badge(request, milestone, awarded_on, early, **fields):
    member = _member(request, admission_decision_date=D(1996, 12, 1), **fields)
    return lambda: tuple(
        badge_problems(member, milestone=milestone, awarded_on=awarded_on, early=early)
    )


@probe("badge.milestones_years", changed=[40, 50, 60], on=D(2026, 11, 7))
def _(request):
    return _badge(request, 30, D(2026, 11, 7), Badge.Early.ILL)


@probe("badge.early_months_ill", changed={"30": 1, "70": 24}, on=D(2026, 9, 2))
def _(request):
    return _badge(request, 30, D(2026, 9, 2), Badge.Early.ILL)


@probe("badge.early_months_posthumous", changed=1, on=D(2026, 9, 2))
def _(request):
    return _badge(
        request,
        30,
        D(2026, 9, 2),
        Badge.Early.POSTHUMOUS,
        status=Member.Status.DECEASED,
        end_date=D(2026, 6, 1),
        end_reason=Member.Status.DECEASED,
    )


@probe("badge.award_dates", changed=["01-01", "07-01"], on=TODAY)
def _(request):
    return lambda: award_window(TODAY)


@probe("badge.gift_multipliers", changed={"30": 1, "40": 1}, on=TODAY)
def _(request):
    return lambda: gift_multipliers(TODAY)[0]


# Discipline: five of nine entitled voted for.


def _discipline(level):
    return lambda: attempt(
        lambda: discipline.check_tally(level, discipline.Tally(9, 5), TODAY)
    )


@probe("discipline.reprimand_warning_threshold", changed="2/3", on=TODAY)
def _(request):
    return _discipline(discipline.DisciplineLevel.REPRIMAND)


@probe("discipline.dismissal_expulsion_threshold", changed="1/2", on=TODAY)
def _(request):
    return _discipline(discipline.EXPULSION)


# Exemption from activities, asked from 01/06/2026.


def _exempt(request, member, **fields):
    by = request.getfixturevalue("hothau_secretary")
    return lambda: attempt(
        lambda: start_exemption(
            member, start=EXEMPT_FROM, reason="Xin miễn", by=by, **fields
        )
    )


@probe("exemption.elderly_age_men", changed=65, on=EXEMPT_FROM)
def _(request):
    aged_63 = _member(request, sex=Member.Sex.MALE, birth_date=D(1963, 1, 1))
    return _exempt(request, aged_63, ground=Exemption.Ground.ELDERLY)


@probe("exemption.elderly_age_women", changed=60, on=EXEMPT_FROM)
def _(request):
    aged_58 = _member(request, sex=Member.Sex.FEMALE, birth_date=D(1968, 1, 1))
    return _exempt(request, aged_58, ground=Exemption.Ground.ELDERLY)


@probe("exemption.illness_min_months", changed=6, on=EXEMPT_FROM)
def _(request):
    return _exempt(
        request,
        _member(request),
        ground=Exemption.Ground.ILL,
        treatment_until=D(2026, 10, 1),  # four months
    )


# Ratings.


@probe("rating.excellent_min_points", changed=95, on=RATED_ON)
def _(request):
    return lambda: level_for_points(Decimal(92), RATED_ON)


@probe("rating.good_min_points", changed=75, on=RATED_ON)
def _(request):
    return lambda: level_for_points(Decimal(72), RATED_ON)


@probe("rating.completed_min_points", changed=40, on=RATED_ON)
def _(request):
    return lambda: level_for_points(Decimal(45), RATED_ON)


@probe("rating.excellent_cap_fraction", changed="1/2", on=D(2025, 12, 31))
def _(request):
    tree = request.getfixturevalue("org_tree")
    one, two = _member(request), _member(request)
    proposed = {one.pk: Rating.Level.EXCELLENT, two.pk: Rating.Level.GOOD}
    return lambda: excellent_cap_problem(tree.hothau_village, 2025, proposed)


@probe("rating.not_rated_admitted_under_months", changed=3, on=D(2025, 12, 31))
def _(request):
    member = _probationer(request, D(2025, 8, 1))
    return lambda: tuple(not_rated_reasons(member, 2025))


# Removal of name: what the committee is shown, none decided.


def _triggers(request, finder):
    user = request.getfixturevalue("org_staff")
    return lambda: tuple((t.member.pk, t.since) for t in finder(user, TODAY))


@probe("removal.consecutive_failed_ratings", changed=3, on=TODAY)
def _(request):
    member = _member(request)
    for year in (2024, 2025):
        Rating.objects.create(member=member, year=year, level=Rating.Level.FAILED)
    return _triggers(request, failed_ratings)


@probe("removal.missed_months_in_year", changed=4, on=TODAY)
def _(request):
    member = _member(request)
    by = request.getfixturevalue("hothau_secretary")
    for month in (3, 4, 5):
        MissedMonth.objects.create(
            member=member, month=D(2026, month, 1), absent=True, recorded_by=by
        )
    return _triggers(request, missed_months)


@probe("removal.no_progress_months", changed=24, on=TODAY)
def _(request):
    member = _member(request)
    Guidance.objects.create(member=member, start=D(2025, 6, 1), reason="Giúp đỡ")
    return _triggers(request, no_progress)


# Re-admission of a former member whose name was removed on 01/06/2024.


def _former(request, *, bars=(), cleared=None, readmitted_before=False):
    tree = request.getfixturevalue("org_tree")
    member = _member(
        request,
        status=Member.Status.REMOVED,
        end_date=D(2024, 6, 1),
        end_reason=Member.Status.REMOVED,
    )
    events = [(MemberEvent.Kind.REMOVED, D(2024, 6, 1), {"bars": list(bars)})]
    if cleared:
        events.append((MemberEvent.Kind.RECORD_CLEARED, cleared, {}))
    if readmitted_before:
        events.append((MemberEvent.Kind.READMITTED, D(2012, 5, 1), {}))
    for kind, on, data in events:
        MemberEvent.objects.create(
            member=member,
            kind=kind,
            on=on,
            organization=tree.hothau_village,
            data=data,
        )
    return lambda: tuple(
        readmission_problems(member, decided_on=READMITTED_ON, provincial_consent=True)
    )


@probe("candidate.readmission_wait_months", changed=12, on=READMITTED_ON)
def _(request):
    return _former(request)


@probe("candidate.readmission_max_times", changed=2, on=READMITTED_ON)
def _(request):
    return _former(request, readmitted_before=True)


@probe("candidate.readmission_bars", changed=[], on=READMITTED_ON)
def _(request):
    return _former(request, bars=["corruption"])


@probe("candidate.readmission_after_conviction_months", changed=12, on=READMITTED_ON)
def _(request):
    return _former(request, bars=["less_serious_crime"], cleared=D(2024, 7, 1))


# Transfers, introduced on 02/11/2026 by the secretary of Hồ Thầu.


def _transfer(request, show=repr, **fields):
    tree = request.getfixturevalue("org_tree")
    by = request.getfixturevalue("hothau_secretary")
    member = _member(request)
    return lambda: attempt(
        lambda: start_transfer(
            member,
            on=INTRODUCED,
            introduction_number="12/GT",
            to=tree.namdich_village,
            by=by,
            **fields,
        ),
        show,
    )


@probe("transfer.official_present_working_days", changed=10, on=INTRODUCED)
def _(request):
    return _transfer(request, show=lambda transfer: transfer.present_by)


@probe("transfer.official_start_working_days", changed=200, on=MOVED)
def _(request):
    return _transfer(request, moved_on=MOVED)


def _temporary(request, purpose, until):
    tree = request.getfixturevalue("org_tree")
    by = request.getfixturevalue("hothau_secretary")
    member = _member(request)
    return lambda: attempt(
        lambda: start_temporary_transfer(
            member,
            purpose=purpose,
            start=AWAY_FROM,
            until=until,
            introduction_number="7/GT",
            to=tree.namdich_village,
            by=by,
        )
    )


@probe("transfer.temporary_min_months", changed=1, on=AWAY_FROM)
def _(request):
    return _temporary(request, TemporaryTransfer.Purpose.WORK, D(2026, 8, 1))


@probe("transfer.temporary_max_months", changed=6, on=AWAY_FROM)
def _(request):
    return _temporary(request, TemporaryTransfer.Purpose.WORK, D(2027, 1, 1))


@probe("transfer.temporary_study_max_months", changed=12, on=AWAY_FROM)
def _(request):
    return _temporary(request, TemporaryTransfer.Purpose.STUDY, D(2027, 12, 1))


# The list of what is due: how far ahead it looks, and when a dossier is idle.


def _due(request):
    user = request.getfixturevalue("org_staff")
    return lambda: tuple((item.what, item.due) for item in due_items(user, TODAY))


@probe("due.horizon_working_days", changed=20, on=TODAY)
def _(request):
    # Back on 18/12/2026: 14 working days ahead, listed within 20, not 10.
    staff = request.getfixturevalue("org_staff")
    away_to_work(_member(request), staff, start=D(2026, 8, 1), until=D(2026, 12, 18))
    return _due(request)


@probe("candidate.idle_days", changed=150, on=TODAY)
def _(request):
    # Applied on 01/08/2026 and nothing since: idle after 60 days, not 150.
    tree = request.getfixturevalue("org_tree")
    secretary = request.getfixturevalue("hothau_secretary")
    candidate = introduce(tree.hothau_village, secretary, introduced_on=D(2026, 8, 1))
    Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.APPLIED)
    StageLog.objects.filter(candidate=candidate).update(on=D(2026, 8, 1))
    return _due(request)
