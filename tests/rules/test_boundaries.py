"""Each rule at its boundary: one day, one vote or one point on either side,
for the rules whose own tests did not already hold the edge. The values are
the rule rows as seeded; the table of probes proves the rows are read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from candidates.electorate import Tally, save_vote
from candidates.models import Candidate, Route, Vote
from candidates.rules import youth_route_required
from members.models import Badge, Exemption, Guidance, Member, MemberEvent
from members.removal import no_progress
from members.services import discipline
from members.services.badges import badge_problems
from members.services.periods import start_exemption
from members.services.ratings import excellent_cap_problem, not_rated_reasons
from members.services.readmission import readmission_problems
from members.services.temporary import start_temporary_transfer
from organizations.services.ranking import level_for_points
from tests.factories import MemberFactory

from .probe import D, attempt

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

VOTE_DAY = D(2026, 2, 10)
TODAY = D(2026, 11, 28)
DAY = datetime.timedelta(days=1)


def done(outcome):
    return outcome[0] == "done"


@pytest.mark.parametrize(
    ("born", "youth"),
    [
        (D(2008, 2, 10), True),  # 18 on the vote day: the union introduces
        (D(2008, 2, 11), False),
        (D(1995, 2, 11), True),  # 30 years, 11 months, 30 days
        (D(1995, 2, 10), False),  # 31 on the vote day
    ],
)
def test_the_youth_union_band(born, youth):
    member = Candidate(birth_date=born, youth_union_member=True, route=Route.MEMBERS)
    assert (youth_route_required(member, VOTE_DAY) is not None) == youth


@pytest.mark.parametrize(("votes_for", "passed"), [(6, True), (5, False)])
def test_recognition_by_two_thirds_of_nine(request, org_staff, votes_for, passed):
    proposal = request.getfixturevalue("proposal")
    tally = Tally(VOTE_DAY, "", 9, 9, votes_for, 9 - votes_for)
    vote = save_vote(proposal, Vote.Body.CELL, tally, by=org_staff)
    assert vote.passed == passed


@pytest.mark.parametrize(
    ("level", "entitled", "votes_for", "carried"),
    [
        (discipline.DisciplineLevel.REPRIMAND, 9, 5, True),  # more than 4.5
        (discipline.DisciplineLevel.REPRIMAND, 9, 4, False),
        (discipline.DisciplineLevel.WARNING, 8, 5, True),
        (discipline.DisciplineLevel.WARNING, 8, 4, False),  # half is not more
        (discipline.DisciplineLevel.DISMISSAL, 9, 7, True),
        (discipline.DisciplineLevel.DISMISSAL, 9, 6, False),  # two thirds exactly
        (discipline.EXPULSION, 10, 7, True),  # more than 6.67
        (discipline.EXPULSION, 10, 6, False),
    ],
)
def test_discipline_needs_more_than_the_share(level, entitled, votes_for, carried):
    outcome = attempt(
        lambda: discipline.check_tally(
            level, discipline.Tally(entitled, votes_for), TODAY
        )
    )
    assert done(outcome) == carried


def _member(org_tree, **fields):
    return MemberFactory(organization=org_tree.hothau_village, **fields)


@pytest.mark.parametrize(
    ("sex", "born", "allowed"),
    [
        (Member.Sex.FEMALE, D(1971, 6, 1), True),  # 55 on the first day
        (Member.Sex.FEMALE, D(1971, 6, 2), False),
        (Member.Sex.MALE, D(1966, 6, 1), True),  # 60
        (Member.Sex.MALE, D(1966, 6, 2), False),
    ],
)
def test_exemption_for_old_age_from_the_birthday(
    org_tree, hothau_secretary, sex, born, allowed
):
    member = _member(org_tree, sex=sex, birth_date=born)
    outcome = attempt(
        lambda: start_exemption(
            member,
            start=D(2026, 6, 1),
            reason="Tuổi cao",
            ground=Exemption.Ground.ELDERLY,
            by=hothau_secretary,
        )
    )
    assert done(outcome) == allowed, outcome


@pytest.mark.parametrize(
    ("until", "allowed"), [(D(2026, 9, 1), True), (D(2026, 8, 31), False)]
)
def test_exemption_for_weakness_after_three_months_of_treatment(
    org_tree, hothau_secretary, until, allowed
):
    member = _member(org_tree)
    outcome = attempt(
        lambda: start_exemption(
            member,
            start=D(2026, 6, 1),
            reason="Điều trị dài ngày",
            ground=Exemption.Ground.ILL,
            treatment_until=until,
            by=hothau_secretary,
        )
    )
    assert done(outcome) == allowed, outcome


@pytest.mark.parametrize(
    ("points", "level"),
    [
        ("90", "excellent"),
        ("89.9", "good"),
        ("70", "good"),
        ("69.9", "completed"),
        ("50", "completed"),
        ("49.9", "failed"),
    ],
)
def test_the_points_each_level_starts_at(points, level):
    assert level_for_points(Decimal(points), D(2026, 6, 1)) == level


@pytest.mark.parametrize(
    ("good_or_better", "excellent", "capped"),
    [(5, 1, False), (9, 2, True), (10, 2, False)],
)
def test_excellent_at_most_a_fifth(org_tree, good_or_better, excellent, capped):
    members = [_member(org_tree) for _ in range(good_or_better)]
    proposed = {
        m.pk: "excellent" if n < excellent else "good" for n, m in enumerate(members)
    }
    problem = excellent_cap_problem(org_tree.hothau_village, 2025, proposed)
    assert (problem is not None) == capped


@pytest.mark.parametrize(
    ("ceremony", "rated"), [(D(2025, 6, 30), True), (D(2025, 7, 1), False)]
)
def test_rated_from_six_whole_months_before_the_year_end(org_tree, ceremony, rated):
    member = _member(
        org_tree,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=ceremony - 10 * DAY,
        ceremony_date=ceremony,
        official_date=None,
    )
    assert (not not_rated_reasons(member, 2025)) == rated


@pytest.mark.parametrize(
    ("start", "listed"), [(D(2025, 11, 28), True), (D(2025, 11, 29), False)]
)
def test_no_progress_twelve_months_after_help_began(org_tree, org_staff, start, listed):
    member = _member(org_tree)
    Guidance.objects.create(member=member, start=start, reason="Giúp đỡ")
    assert bool(no_progress(org_staff, TODAY)) == listed


@pytest.mark.parametrize(
    ("purpose", "until", "allowed"),
    [
        ("work", D(2026, 9, 1), True),  # three months
        ("work", D(2026, 8, 31), False),
        ("work", D(2027, 5, 31), True),  # under twelve months
        ("work", D(2027, 6, 1), False),
        ("study", D(2028, 6, 1), True),  # twenty-four months
        ("study", D(2028, 6, 2), False),
    ],
)
def test_temporary_transfer_lengths(
    org_tree, hothau_secretary, purpose, until, allowed
):
    member = _member(org_tree)
    outcome = attempt(
        lambda: start_temporary_transfer(
            member,
            purpose=purpose,
            start=D(2026, 6, 1),
            until=until,
            introduction_number="7/GT",
            to=org_tree.namdich_village,
            by=hothau_secretary,
        )
    )
    assert done(outcome) == allowed, outcome


@pytest.mark.parametrize(
    ("cleared", "waits"), [(D(2021, 2, 10), False), (D(2021, 2, 11), True)]
)
def test_a_less_serious_crime_waits_sixty_months_from_the_clearing(
    org_tree, cleared, waits
):
    member = _member(
        org_tree,
        status=Member.Status.REMOVED,
        end_date=D(2020, 6, 1),
        end_reason=Member.Status.REMOVED,
    )
    for kind, on, data in (
        (MemberEvent.Kind.REMOVED, D(2020, 6, 1), {"bars": ["less_serious_crime"]}),
        (MemberEvent.Kind.RECORD_CLEARED, cleared, {}),
    ):
        MemberEvent.objects.create(
            member=member,
            kind=kind,
            on=on,
            organization=org_tree.hothau_village,
            data=data,
        )
    problems = readmission_problems(
        member, decided_on=VOTE_DAY, provincial_consent=True
    )
    assert any("án tích" in p for p in problems) == waits, problems


@pytest.mark.parametrize(
    ("died", "allowed"),
    # Party age reaches 30 years on 01/12/2026; at most 12 months early.
    [(D(2025, 12, 1), True), (D(2025, 11, 30), False)],
)
def test_a_posthumous_badge_twelve_months_early_at_most(org_tree, died, allowed):
    member = _member(
        org_tree,
        admission_decision_date=D(1996, 12, 1),
        status=Member.Status.DECEASED,
        end_date=died,
        end_reason=Member.Status.DECEASED,
    )
    problems = badge_problems(
        member, milestone=30, awarded_on=D(2026, 2, 3), early=Badge.Early.POSTHUMOUS
    )
    assert (not problems) == allowed, problems


def test_no_second_re_admission(org_tree):
    member = _member(
        org_tree,
        status=Member.Status.REMOVED,
        end_date=D(2020, 6, 1),
        end_reason=Member.Status.REMOVED,
    )

    def problems():
        return readmission_problems(
            member, decided_on=VOTE_DAY, provincial_consent=True
        )

    assert problems() == []
    MemberEvent.objects.create(
        member=member,
        kind=MemberEvent.Kind.READMITTED,
        on=D(2012, 5, 1),
        organization=org_tree.hothau_village,
    )
    assert problems() == ["Người này đã được kết nạp lại một lần."]


def test_refusals_change_nothing(org_tree, hothau_secretary):
    member = _member(org_tree, sex=Member.Sex.MALE, birth_date=D(1990, 1, 1))
    with pytest.raises(ValidationError):
        start_exemption(
            member,
            start=D(2026, 6, 1),
            reason="Tuổi cao",
            ground=Exemption.Ground.ELDERLY,
            by=hothau_secretary,
        )
    assert not member.exemptions.exists()
