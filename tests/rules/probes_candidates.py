"""Probes of the admission rules (DOMAIN.md §1–§2)."""

from candidates import services
from candidates.electorate import Tally, save_vote
from candidates.models import Candidate, Route, Vote
from candidates.review.services.meetings import counts
from candidates.rules import (
    age_problems,
    certificate_problems,
    education_grade,
    education_problems,
    freshness_problems,
    introducer_problems,
    introducers_needed,
    needs_provincial_consent,
    youth_route_required,
)
from candidates.selectors import ceremony_deadline, deadlines, decision_days
from candidates.services.votes import escalated
from tests.candidates.conftest import HELD_ON, introduce

from .probe import D, attempt, probe

VOTE_DAY = D(2026, 2, 10)
LETTERS = D(2026, 1, 5)
DECIDED = D(2026, 6, 1)
SENT = D(2026, 11, 2)


def _unsaved(**fields):
    fields.setdefault("route", Route.MEMBERS)
    return Candidate(**fields)


def _problems(check, candidate, on=VOTE_DAY):
    return tuple(str(p) for p in check(candidate, on))


@probe("candidate.age_min_years", changed=19, on=VOTE_DAY)
def _(request):
    born_2007 = _unsaved(birth_date=D(2007, 11, 1))  # 18 years 3 months
    return lambda: _problems(age_problems, born_2007)


@probe("candidate.age_max_years", changed=65, on=VOTE_DAY)
def _(request):
    aged_63 = _unsaved(birth_date=D(1963, 1, 1))
    return lambda: _problems(age_problems, aged_63)


@probe("candidate.over_age_needs_provincial_consent", changed=False, on=VOTE_DAY)
def _(request):
    aged_63 = _unsaved(birth_date=D(1963, 1, 1))
    return lambda: (
        _problems(age_problems, aged_63),
        needs_provincial_consent(aged_63, VOTE_DAY),
    )


@probe(
    "candidate.education_literacy_needs_provincial_consent", changed=False, on=VOTE_DAY
)
def _(request):
    elder = _unsaved(
        birth_date=D(1970, 1, 1), general_education="", education_exception="literacy"
    )
    return lambda: (
        _problems(education_problems, elder),
        needs_provincial_consent(elder, VOTE_DAY),
    )


@probe("candidate.education_grade_equivalents", changed={"7/10": 7}, on=VOTE_DAY)
def _(request):
    return lambda: education_grade("7/10", VOTE_DAY)


@probe("candidate.education_min_grade", changed=10, on=VOTE_DAY)
def _(request):
    lower_secondary = _unsaved(general_education="9/12", education_exception="")
    return lambda: _problems(education_problems, lower_secondary)


@probe("candidate.education_min_grade_difficult_area", changed=6, on=VOTE_DAY)
def _(request):
    primary = _unsaved(general_education="5/12", education_exception="primary")
    return lambda: _problems(education_problems, primary)


def _introduced(request, **changes):
    tree = request.getfixturevalue("org_tree")
    secretary = request.getfixturevalue("hothau_secretary")
    return introduce(tree.hothau_village, secretary, **changes), secretary


@probe("candidate.certificate_validity_months", changed=6, on=VOTE_DAY)
def _(request):
    candidate, secretary = _introduced(request)
    services.record_certificate(
        candidate,
        training_class=request.getfixturevalue("awareness_class"),
        certificate_number="125/CN",
        certificate_on=D(2025, 3, 20),  # ten months before the vote
        by=secretary,
    )
    return lambda: _problems(certificate_problems, candidate)


@probe("candidate.dossier_freshness_months", changed=3, on=VOTE_DAY)
def _(request):
    candidate, _secretary = _introduced(request)
    Candidate.objects.filter(pk=candidate.pk).update(opinions_on=D(2025, 8, 1))
    candidate.refresh_from_db()
    return lambda: _problems(freshness_problems, candidate)


@probe("candidate.introducer_together_months", changed=24, on=LETTERS)
def _(request):
    candidate, _secretary = _introduced(request)
    official = request.getfixturevalue("cell").officials[1]
    return lambda: tuple(
        str(p)
        for p in introducer_problems(
            candidate, official, together_since=D(2024, 6, 1), letter_on=LETTERS
        )
    )


@probe("candidate.introducers_members_route", changed=3, on=VOTE_DAY)
def _(request):
    return lambda: introducers_needed(_unsaved(route=Route.MEMBERS), VOTE_DAY)


@probe("candidate.introducers_union_route", changed=2, on=VOTE_DAY)
def _(request):
    return lambda: introducers_needed(_unsaved(route=Route.YOUTH_UNION), VOTE_DAY)


@probe("candidate.youth_union_age_min", changed=21, on=VOTE_DAY)
def _(request):
    aged_20 = _unsaved(birth_date=D(2006, 1, 1), youth_union_member=True)
    return lambda: youth_route_required(aged_20, VOTE_DAY)


@probe("candidate.youth_union_age_max", changed=25, on=VOTE_DAY)
def _(request):
    aged_28 = _unsaved(birth_date=D(1998, 1, 1), youth_union_member=True)
    return lambda: youth_route_required(aged_28, VOTE_DAY)


def _passes(request, dossier, body):
    by = request.getfixturevalue("org_staff")
    # Five of nine: more than half, less than two thirds.
    tally = Tally(VOTE_DAY, "01-NQ", 9, 9, 5, 4)
    return lambda: attempt(
        lambda: save_vote(dossier, body, tally, by=by), lambda vote: vote.passed
    )


@probe("candidate.cell_vote_threshold", changed="1/2", on=VOTE_DAY)
def _(request):
    return _passes(request, request.getfixturevalue("candidate"), Vote.Body.CELL)


@probe("member.recognition_vote_threshold", changed="1/2", on=VOTE_DAY)
def _(request):
    return _passes(request, request.getfixturevalue("proposal"), Vote.Body.CELL)


@probe("candidate.grassroots_committee_threshold", changed="1/2", on=VOTE_DAY)
def _(request):
    candidate = request.getfixturevalue("candidate")
    return _passes(request, candidate, Vote.Body.GRASSROOTS)


@probe("member.recognition_max_failed_votes", changed=2, on=VOTE_DAY)
def _(request):
    proposal = request.getfixturevalue("proposal")
    by = request.getfixturevalue("org_staff")
    for held_on in (D(2025, 11, 10), D(2025, 12, 10)):
        save_vote(proposal, Vote.Body.CELL, Tally(held_on, "", 9, 9, 0, 9), by=by)
    return lambda: escalated(proposal, VOTE_DAY)


@probe("meeting.quorum_fraction", changed="4/5", on=HELD_ON)
def _(request):
    meeting = request.getfixturevalue("meeting")
    return lambda: counts(meeting).quorum


@probe("meeting.decision_threshold", changed="1/2", on=HELD_ON)
def _(request):
    meeting = request.getfixturevalue("meeting")
    return lambda: counts(meeting).needed


@probe("candidate.ceremony_deadline_working_days", changed=10, on=DECIDED)
def _(request):
    return lambda: ceremony_deadline(_unsaved(decided_on=DECIDED))


@probe("candidate.decision_deadline_working_days", changed=30, on=DECIDED)
def _(request):
    return lambda: decision_days(
        _unsaved(decision_extension=False), Vote(held_on=DECIDED)
    )


@probe("candidate.decision_extension_working_days", changed=10, on=DECIDED)
def _(request):
    return lambda: decision_days(
        _unsaved(decision_extension=True), Vote(held_on=DECIDED)
    )


@probe("candidate.verification_reply_working_days", changed=10, on=SENT)
def _(request):
    candidate, secretary = _introduced(request)
    services.add_verification(
        candidate,
        relation="self",
        person_name=candidate.full_name,
        sent_to="Đảng ủy xã Hồ Thầu",
        sent_on=SENT,
        by=secretary,
    )
    return lambda: tuple(d.due for d in deadlines(candidate, D(2026, 11, 28)))
