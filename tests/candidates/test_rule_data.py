"""Numbers of the party rules that used to be constants in code are rule rows
now: a committee that adds a version sees the registry follow it, from the
version's date on."""

import datetime

import pytest

from candidates import services
from candidates.gates import admission_gate_problems
from candidates.models import Candidate, Stage
from candidates.rules import (
    Blocked,
    age_problems,
    education_problems,
    needs_provincial_consent,
)
from organizations.models import RuleVersion
from organizations.rules import rule_value
from tests.candidates.conftest import introduce, prepare_for_vote, upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
VOTE_DAY = D(2026, 2, 10)


def three_introducers_from(day):
    RuleVersion.objects.create(
        key="candidate.introducers_members_route",
        value=3,
        unit=RuleVersion.Unit.COUNT,
        judged_on="ngày giới thiệu",
        effective_from=day,
        source="Điều lệ sửa đổi (giả định cho kiểm thử)",
    )


@pytest.mark.parametrize(
    ("in_force_from", "third_taken"),
    # The letters are dated 05/01/2026: the rule of that day decides.
    [(D(2026, 1, 5), True), (D(2026, 1, 6), False)],
)
def test_the_number_of_introducers_follows_the_rule_of_the_letters_day(
    org_tree, cell, awareness_class, hothau_secretary, in_force_from, third_taken
):
    three_introducers_from(in_force_from)
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    missing = " ".join(
        str(p) for p in admission_gate_problems(ready, Stage.INTRODUCERS)
    )
    assert ("Đã có 2 trên 3 đảng viên giới thiệu" in missing) == third_taken, missing
    third = lambda: services.add_introducer(  # noqa: E731
        ready,
        member=cell.officials[3],
        together_since=D(2023, 1, 1),
        letter_on=D(2026, 1, 5),
        by=hothau_secretary,
    )
    if third_taken:
        third()
        assert ready.introducers.count() == 3
        # Each introducer's letter is a paper of the dossier: three now.
        assert "3 bản" in str(admission_gate_problems(ready, Stage.INTRODUCERS))
        upload(ready, "3-KNĐ", hothau_secretary)
        assert not admission_gate_problems(ready, Stage.INTRODUCERS)
    else:
        with pytest.raises(Blocked):
            third()
        assert ready.introducers.count() == 2


@pytest.mark.parametrize(("born", "youth_route_asked"), [(1995, False), (1996, True)])
def test_the_youth_union_age_band_is_judged_at_the_cell_vote(
    org_tree, cell, awareness_class, hothau_secretary, born, youth_route_asked
):
    # Introduced on 10/01/2025 at 30 (in the band); at the vote on 10/02/2026
    # 31 when born in 1995, still 30 when born in 1996.
    candidate = introduce(
        org_tree.hothau_village,
        hothau_secretary,
        birth_date=D(born, 1, 1),
        cccd=f"0021{born % 100}001234",
        youth_union_member=True,
    )
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    problems = " ".join(str(p) for p in services.vote_rule_problems(ready, VOTE_DAY))
    assert ("phải được Đoàn giới thiệu" in problems) == youth_route_asked


@pytest.mark.parametrize(
    ("asked_from", "consent_asked"), [(None, True), (D(2026, 1, 1), False)]
)
def test_consent_over_the_age_limit_follows_its_rule_row(asked_from, consent_asked):
    if asked_from:
        RuleVersion.objects.create(
            key="candidate.over_age_needs_provincial_consent",
            value=False,
            unit=RuleVersion.Unit.FLAG,
            judged_on="ngày chi bộ họp xét",
            effective_from=asked_from,
            source="Hướng dẫn mới (giả định cho kiểm thử)",
        )
    # 61 on the day of the vote.
    elder = Candidate(birth_date=D(1965, 1, 1), general_education="9/12")
    problems = " ".join(str(p) for p in age_problems(elder, VOTE_DAY))
    assert ("văn bản đồng ý của Ban Thường vụ" in problems) == consent_asked
    assert needs_provincial_consent(elder, VOTE_DAY) == consent_asked


@pytest.mark.parametrize(
    ("grade", "exception", "refused"),
    [
        ("9/12", "", False),
        ("8/12", "", True),
        # The old ten-year system: level II ended with grade 7.
        ("7/10", "", False),
        ("6/10", "", True),
        # Level I ended with grade 4: enough where primary school is.
        ("4/10", "primary", False),
        ("3/10", "primary", True),
        ("9/9", "", True),
    ],
)
def test_old_ten_year_grades_are_read_by_their_equivalents(grade, exception, refused):
    person = Candidate(general_education=grade, education_exception=exception)
    assert bool(education_problems(person, VOTE_DAY)) == refused


def test_the_grade_equivalents_are_rule_data():
    person = Candidate(general_education="6/10", education_exception="")
    assert education_problems(person, VOTE_DAY)
    table = rule_value("candidate.education_grade_equivalents", VOTE_DAY)
    RuleVersion.objects.create(
        key="candidate.education_grade_equivalents",
        value={**table, "6/10": 9},
        unit=RuleVersion.Unit.LIST,
        judged_on="ngày chi bộ họp xét",
        effective_from=D(2026, 1, 1),
        source="Hướng dẫn mới (giả định cho kiểm thử)",
    )
    assert not education_problems(person, VOTE_DAY)
    assert education_problems(person, D(2025, 12, 31))
