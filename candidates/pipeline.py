"""The two dossier paths on one screen (DOMAIN.md §1.17, §1.14–1.15), the
candidate's to admission and the probationary member's to recognition: the
gates in order (what each needs is in gates.py), the stages the committee's
verbs set, every verb with its side and stages. Services refuse a verb
outside its stages; pages and the overview read what to offer from here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from .dossier_checks import consent_awaited, under_subcommittee, verifications_pending
from .gates import (
    admission_gate_applies,
    admission_gate_problems,
    probation_gate_problems,
)
from .models import Candidate, Recognition, RecognitionStage, Stage, TrainingClass
from .models.candidate import STAGE_ORDER
from .rules import Problem, deciding_committee

Dossier = Candidate | Recognition
CELL, COMMITTEE = "cell", "committee"
Status = Candidate.Status


@dataclass(frozen=True)
class Verb:
    """A step on a dossier: who takes it (the cell's side, or the committee
    that decides), the stages and candidacy statuses it is allowed in (a
    probation file has no status: it counts as active), the message when it
    is not, and when the page offers it (the service judges that fact itself,
    with the rule it breaks)."""

    title: Promise
    side: str
    stages: frozenset[str]
    refusal: Promise
    statuses: frozenset[str] = frozenset({Status.ACTIVE})
    offer_when: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Pipeline:
    name: str
    stages: type[models.TextChoices]
    opened: str
    gates: tuple[str, ...]
    submitted: str
    returned: str
    appraised: str
    # Stages the committee's verbs set: the gates do not recompute them.
    set_by_verbs: frozenset[str]
    # Stages in which the dossier is out of the cell's hands.
    with_committee: frozenset[str]
    gate_problems: Callable[[Any, Any], list[Problem]]
    applies: Callable[[Any, Any], bool]
    # The class whose certificate the cell records, and the papers it dates.
    class_kind: str
    papers: dict[str, Promise]
    verbs: dict[str, Verb] = field(default_factory=dict)


def person_of(dossier: Dossier) -> Candidate | Member:
    return dossier if isinstance(dossier, Candidate) else dossier.member


def status_of(dossier: Dossier) -> str:
    return dossier.status if isinstance(dossier, Candidate) else Status.ACTIVE


def competent_committee(dossier: Dossier) -> Organization | None:
    """The committee that appraises the dossier and decides on it: the one that
    held the power on the dossier's date, its decision's once decided, today
    while it is open (dossiers open at the 2025 reform went to the communes)."""
    decided = dossier.decided_on if isinstance(dossier, Candidate) else None
    return deciding_committee(dossier.organization, decided)


S, R = Stage, RecognitionStage
_CANDIDATE_GATES = (
    S.LISTED,
    S.CLASS_DONE,
    S.APPLIED,
    S.VERIFIED,
    S.INTRODUCERS,
    S.OPINIONS,
    S.CELL_APPROVED,
    S.SUBCOMMITTEE_APPRAISED,
    S.GRASSROOTS_APPROVED,
)
_CANDIDATE_WITH_CELL = frozenset({S.INTRODUCED, *_CANDIDATE_GATES, S.RETURNED})
_PROBATION_GATES = (
    R.LISTED,
    R.RECORDS,
    R.CLASS_DONE,
    R.SELF_REVIEW,
    R.REMARKS,
    R.OPINIONS,
    R.CELL_APPROVED,
    R.GRASSROOTS_APPROVED,
)
_PROBATION_WITH_CELL = frozenset({R.OPENED, *_PROBATION_GATES, R.RETURNED})
_WITH_CELL_REFUSAL = _("The dossier is with the committee; the cell cannot change it.")


def _cell_verbs(with_cell: frozenset[str], certificate: Promise) -> dict[str, Verb]:
    """The verbs both paths share on the cell's side."""

    def verb(title: Promise, **more: Any) -> Verb:
        return Verb(title, CELL, with_cell, _WITH_CELL_REFUSAL, **more)

    return {
        "mentor": verb(_("Assign a mentor")),
        "certificate": verb(certificate),
        "papers": verb(_("Dates of the papers")),
        "document": verb(_("Upload a document")),
        "cell-vote": verb(_("Cell meeting and vote")),
        "correct-vote": verb(
            _("Correct the cell's vote"),
            offer_when=lambda dossier: dossier.votes.filter(body="cell").exists(),
        ),
        "grassroots-vote": verb(_("Grassroots committee resolution")),
        "submit": Verb(
            _("Submit to the committee"),
            CELL,
            with_cell,
            _("The dossier has already been submitted."),
        ),
    }


def _committee_verbs(submitted: str) -> dict[str, Verb]:
    return {
        "return": Verb(
            _("Return for correction"),
            COMMITTEE,
            frozenset({submitted}),
            _("Only a submitted dossier can be returned."),
        ),
        "appraise": Verb(
            _("Appraise as ready for review"),
            COMMITTEE,
            frozenset({submitted}),
            _("Only a submitted dossier can be appraised."),
        ),
    }


def _candidate_verbs() -> dict[str, Verb]:
    shared = _cell_verbs(_CANDIDATE_WITH_CELL, _("Awareness class certificate"))
    every_stage = frozenset(Stage.values)

    def at(*stages: str) -> Callable[[Candidate], bool]:
        return lambda candidate: candidate.stage in stages

    def cell(title: Promise, **more: Any) -> Verb:
        return Verb(title, CELL, _CANDIDATE_WITH_CELL, _WITH_CELL_REFUSAL, **more)

    return {
        "mentor": shared["mentor"],
        "certificate": shared["certificate"],
        "papers": shared["papers"],
        "document": shared["document"],
        "verification": cell(_("Verification request")),
        "answer": cell(_("Verification answer"), offer_when=verifications_pending),
        "introducer": cell(_("Introducing member")),
        "correct-vote": shared["correct-vote"],
        "cell-vote": cell(
            _("Cell meeting and vote"),
            offer_when=lambda candidate: (
                candidate.stage == S.RETURNED
                or STAGE_ORDER[candidate.stage] >= STAGE_ORDER[S.OPINIONS]
            ),
        ),
        "subcommittee": cell(
            _("Sub-committee appraisal"),
            offer_when=lambda candidate: (
                candidate.stage == S.CELL_APPROVED and under_subcommittee(candidate)
            ),
        ),
        "grassroots-vote": cell(
            _("Grassroots committee resolution"),
            offer_when=at(S.CELL_APPROVED, S.SUBCOMMITTEE_APPRAISED),
        ),
        "submit": shared["submit"],
        **_committee_verbs(S.SUBMITTED),
        "consent": Verb(
            _("Provincial consent"),
            CELL,
            every_stage - {S.DECIDED},
            _("The Standing Committee has already decided."),
            offer_when=consent_awaited,
        ),
        "extend": Verb(
            _("Extend the decision deadline"),
            COMMITTEE,
            every_stage - {S.DECIDED},
            _("The committee has already decided."),
            statuses=frozenset(Status.values),
            offer_when=lambda candidate: (
                candidate.status == Status.ACTIVE
                and candidate.stage in (S.SUBMITTED, S.RETURNED, S.APPRAISED)
                and not candidate.decision_extension
            ),
        ),
        "ceremony": Verb(
            _("Admission ceremony"),
            CELL,
            frozenset({S.DECIDED}),
            _("The Standing Committee has not decided yet."),
            # Admitted: the service says the ceremony is already recorded.
            statuses=frozenset({Status.ACTIVE, Status.ADMITTED}),
            offer_when=lambda candidate: candidate.status == Status.ACTIVE,
        ),
        "pause": Verb(_("Pause"), CELL, every_stage, _("The candidacy is not active.")),
        "withdraw": Verb(
            _("Withdraw"),
            CELL,
            every_stage,
            _("The candidacy is not active."),
            statuses=frozenset({Status.ACTIVE, Status.PAUSED}),
        ),
        "resume": Verb(
            _("Resume"),
            CELL,
            every_stage,
            _("Only a paused candidacy can be resumed."),
            statuses=frozenset({Status.PAUSED}),
        ),
    }


ADMISSION = Pipeline(
    name="admission",
    stages=Stage,
    opened=S.INTRODUCED,
    gates=_CANDIDATE_GATES,
    submitted=S.SUBMITTED,
    returned=S.RETURNED,
    appraised=S.APPRAISED,
    set_by_verbs=frozenset({S.SUBMITTED, S.RETURNED, S.APPRAISED, S.DECIDED}),
    with_committee=frozenset({S.SUBMITTED, S.APPRAISED, S.DECIDED}),
    gate_problems=admission_gate_problems,
    applies=admission_gate_applies,
    class_kind=TrainingClass.Kind.AWARENESS,
    papers={
        "applied_on": _("The application date"),
        "history_on": _("The personal history date"),
        "union_resolution_on": _("The union's resolution date"),
        "opinions_on": _("The date of the summary of opinions"),
    },
    verbs=_candidate_verbs(),
)


def _probation_verbs() -> dict[str, Verb]:
    shared = _cell_verbs(_PROBATION_WITH_CELL, _("New-member class certificate"))
    grassroots = shared.pop("grassroots-vote")
    submit = shared.pop("submit")
    return {
        **shared,
        "grassroots-vote": Verb(
            grassroots.title,
            CELL,
            grassroots.stages,
            grassroots.refusal,
            offer_when=lambda recognition: recognition.stage == R.CELL_APPROVED,
        ),
        "submit": Verb(
            _("Propose to the committee"), CELL, submit.stages, submit.refusal
        ),
        **_committee_verbs(R.SUBMITTED),
    }


PROBATION = Pipeline(
    name="probation",
    stages=RecognitionStage,
    opened=R.OPENED,
    gates=_PROBATION_GATES,
    submitted=R.SUBMITTED,
    returned=R.RETURNED,
    appraised=R.APPRAISED,
    set_by_verbs=frozenset(
        {R.SUBMITTED, R.RETURNED, R.APPRAISED, R.ESCALATED, R.RECOGNIZED}
    ),
    with_committee=frozenset({R.SUBMITTED, R.APPRAISED, R.ESCALATED, R.RECOGNIZED}),
    gate_problems=probation_gate_problems,
    applies=lambda recognition, gate: True,
    class_kind=TrainingClass.Kind.NEW_MEMBER,
    papers={
        "self_review_on": _("The self-review date"),
        "remarks_on": _("The date of the mentor's remarks"),
        "opinions_on": _("The date of the summary of opinions"),
    },
    verbs=_probation_verbs(),
)


def pipeline_of(dossier: Dossier) -> Pipeline:
    return ADMISSION if isinstance(dossier, Candidate) else PROBATION


def offered(dossier: Dossier, slug: str) -> bool:
    verb = pipeline_of(dossier).verbs[slug]
    return (
        status_of(dossier) in verb.statuses
        and dossier.stage in verb.stages
        and (verb.offer_when is None or verb.offer_when(dossier))
    )


def with_cell(dossier: Dossier) -> bool:
    """The cell still builds the dossier: active and not with the committee."""
    return (
        status_of(dossier) == Status.ACTIVE
        and dossier.stage not in pipeline_of(dossier).with_committee
    )


def may_take(user: User, dossier: Dossier, slug: str) -> bool:
    """The cell's side needs the right to edit the dossier's organization; the
    committee's side the right to appraise for the competent committee."""
    if pipeline_of(dossier).verbs[slug].side == CELL:
        return can(user, Permission.EDIT_REGISTRY, dossier.organization)
    committee = competent_committee(dossier)
    return committee is not None and can(user, Permission.APPRAISE, committee)


def steps_for(user: User, dossier: Dossier) -> list[tuple[str, Promise]]:
    """The verbs offered now that this user may take, in the table's order."""
    return [
        (slug, verb.title)
        for slug, verb in pipeline_of(dossier).verbs.items()
        if slug != "document"
        and offered(dossier, slug)
        and may_take(user, dossier, slug)
    ]


def furthest_gate(dossier: Dossier) -> str:
    """The furthest gate passed with every earlier one passed too."""
    pipeline = pipeline_of(dossier)
    stage = pipeline.opened
    for gate in pipeline.gates:
        if not pipeline.applies(dossier, gate):
            continue
        if pipeline.gate_problems(dossier, gate):
            break
        stage = gate
    return stage


def gate_problems(dossier: Dossier, gate: str) -> list[Problem]:
    """What is still missing to pass `gate` (empty when passed)."""
    return pipeline_of(dossier).gate_problems(dossier, gate)


def missing_before(dossier: Dossier, gate: str) -> list[Problem]:
    """Everything missing for every gate before `gate`."""
    pipeline = pipeline_of(dossier)
    problems: list[Problem] = []
    for earlier in pipeline.gates[: pipeline.gates.index(gate)]:
        problems += pipeline.gate_problems(dossier, earlier)
    return problems


def everything_missing(dossier: Dossier) -> list[Problem]:
    """What the cell must still do before the dossier can be submitted."""
    pipeline = pipeline_of(dossier)
    problems: list[Problem] = []
    for gate in pipeline.gates:
        problems += pipeline.gate_problems(dossier, gate)
    return problems


def next_gate(dossier: Dossier) -> str | None:
    """The first gate after the dossier's stage still missing something, or
    None once the dossier is with the committee (or ready to submit)."""
    pipeline = pipeline_of(dossier)
    if dossier.stage == pipeline.opened:
        start = 0
    elif dossier.stage in pipeline.gates:
        start = pipeline.gates.index(dossier.stage) + 1
    else:
        return None
    for gate in pipeline.gates[start:]:
        if pipeline.gate_problems(dossier, gate):
            return gate
    return None
