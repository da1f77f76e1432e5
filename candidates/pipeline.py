"""The two dossier paths on one screen (DOMAIN.md §1.17, §1.14–1.15), the
candidate's to admission and the probationary member's to recognition: the
gates in order (what each needs is in gates.py), the stages the committee's
verbs set, the verbs themselves (verbs.py). Services refuse a verb outside
its stages; pages and the overview read what to offer from here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from .dossier_checks import printed_field_problems
from .gates import (
    admission_gate_applies,
    admission_gate_problems,
    probation_gate_problems,
)
from .models import Candidate, Recognition, RecognitionStage, Stage, TrainingClass
from .rules import Problem, deciding_committee
from .verbs import (
    CANDIDATE_GATES,
    CELL,
    PROBATION_GATES,
    Status,
    Verb,
    candidate_verbs,
    probation_verbs,
)

Dossier = Candidate | Recognition


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

ADMISSION = Pipeline(
    name="admission",
    stages=Stage,
    opened=S.INTRODUCED,
    gates=CANDIDATE_GATES,
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
    verbs=candidate_verbs(),
)


PROBATION = Pipeline(
    name="probation",
    stages=RecognitionStage,
    opened=R.OPENED,
    gates=PROBATION_GATES,
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
    verbs=probation_verbs(),
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
    return problems + printed_field_problems(dossier)


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
