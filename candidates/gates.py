"""Which gates of the pipeline a candidate has passed: the facts each one needs
and the documents kept as data for it. The stage shown is the furthest gate
passed with every earlier one passed too."""

from django.utils.translation import gettext as _

from .dossier_checks import (
    missing_documents,
    needs_grassroots_resolution,
    passed_vote,
    under_subcommittee,
    verifications_settled,
)
from .models import Candidate, Route, Stage, Vote
from .rules import (
    Problem,
    introducers_needed,
    latest_certificate,
)

# The gates recorded by the cell, in order; the later stages are set by verbs.
CELL_GATES = [
    Stage.LISTED,
    Stage.CLASS_DONE,
    Stage.APPLIED,
    Stage.VERIFIED,
    Stage.INTRODUCERS,
    Stage.OPINIONS,
    Stage.CELL_APPROVED,
    Stage.SUBCOMMITTEE_APPRAISED,
    Stage.GRASSROOTS_APPROVED,
]


def gate_problems(candidate: Candidate, gate: Stage) -> list[Problem]:
    """What is still missing to pass `gate` (empty when passed)."""
    problems: list[Problem] = []
    if gate == Stage.LISTED and candidate.mentor_id is None:
        problems.append(Problem(_("Assign an official member to help the candidate.")))
    elif gate == Stage.CLASS_DONE and latest_certificate(candidate) is None:
        problems.append(Problem(_("Record the awareness class certificate.")))
    elif gate == Stage.APPLIED:
        if candidate.applied_on is None:
            problems.append(Problem(_("Record the application (1-KNĐ).")))
        if candidate.history_on is None:
            problems.append(Problem(_("Record the personal history (2-KNĐ).")))
    elif gate == Stage.VERIFIED:
        problems += verifications_settled(candidate)
    elif gate == Stage.INTRODUCERS:
        needed = introducers_needed(candidate)
        have = candidate.introducers.count()
        if have < needed:
            problems.append(
                Problem(
                    _("%(have)s of %(needed)s introducing members recorded.")
                    % {"have": have, "needed": needed}
                )
            )
        if candidate.route != Route.MEMBERS and candidate.union_resolution_on is None:
            problems.append(Problem(_("Record the union's introduction resolution.")))
    elif gate == Stage.OPINIONS and candidate.opinions_on is None:
        problems.append(Problem(_("Record the summary of opinions (5-KNĐ).")))
    elif gate == Stage.CELL_APPROVED and passed_vote(candidate, Vote.Body.CELL) is None:
        problems.append(
            Problem(_("The cell has not yet resolved to propose admission."))
        )
    elif gate == Stage.SUBCOMMITTEE_APPRAISED:
        if not under_subcommittee(candidate):
            return []
        if candidate.subcommittee_appraisal_on is None:
            problems.append(Problem(_("Record the sub-committee's appraisal (7-KNĐ).")))
    elif gate == Stage.GRASSROOTS_APPROVED:
        if not needs_grassroots_resolution(candidate):
            return []
        if passed_vote(candidate, Vote.Body.GRASSROOTS) is None:
            problems.append(
                Problem(_("The grassroots committee has not yet resolved."))
            )
    return problems + missing_documents(candidate, gate)


def applies(candidate: Candidate, gate: Stage) -> bool:
    """Whether the candidate's cell goes through `gate` at all: only a cell
    under a sub-committee is appraised by it, only one under a grassroots
    committee needs its resolution."""
    if gate == Stage.SUBCOMMITTEE_APPRAISED:
        return under_subcommittee(candidate)
    if gate == Stage.GRASSROOTS_APPROVED:
        return needs_grassroots_resolution(candidate)
    return True


def furthest_gate(candidate: Candidate) -> Stage:
    stage = Stage.INTRODUCED
    for gate in CELL_GATES:
        if not applies(candidate, gate):
            continue
        if gate_problems(candidate, gate):
            break
        stage = gate
    return stage


def missing_before(candidate: Candidate, gate: Stage) -> list[Problem]:
    """Everything missing for every gate before `gate`."""
    problems: list[Problem] = []
    for earlier in CELL_GATES[: CELL_GATES.index(gate)]:
        problems += gate_problems(candidate, earlier)
    return problems


def everything_missing(candidate: Candidate) -> list[Problem]:
    """What the cell must still do before the dossier can be submitted."""
    problems: list[Problem] = []
    for gate in CELL_GATES:
        problems += gate_problems(candidate, gate)
    return problems


def next_gate(candidate: Candidate) -> Stage | None:
    """The first gate after the candidate's stage, or None once the dossier is
    with the committee (or ready to submit)."""
    if Stage(candidate.stage) not in CELL_GATES and candidate.stage != Stage.INTRODUCED:
        return None
    start = (
        0
        if candidate.stage == Stage.INTRODUCED
        else CELL_GATES.index(Stage(candidate.stage)) + 1
    )
    for gate in CELL_GATES[start:]:
        if gate_problems(candidate, gate):
            return gate
    return None
