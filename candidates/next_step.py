"""What a dossier's page leads with: the next missing step as one button,
every missing item linked to the form that records it, the steps already
done kept apart for corrections, pausing and withdrawing apart again, and
how far the dossier has come. Both paths, admission and probation."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from organizations.models import User

from .dossier_checks import printed_field_problems
from .models import Candidate
from .pipeline import (
    Dossier,
    may_take,
    offered,
    pipeline_of,
    with_cell,
)
from .rules import Problem

# Verbs that stop or restart a candidacy: never among the routine steps.
STOPPING = ("pause", "withdraw", "resume")
# Corrections of what was recorded, kept with the steps already done.
CORRECTING = (
    "correct-certificate",
    "correct-request",
    "correct-answer",
    "correct-subcommittee",
    "correct-consent",
    "correct-vote",
    "correct-grassroots-vote",
    "remove-introducer",
)
# A step done whose correction is offered: only the correction is listed.
CORRECTED_BY = {
    "certificate": "correct-certificate",
    "answer": "correct-answer",
    "cell-vote": "correct-vote",
    "grassroots-vote": "correct-grassroots-vote",
    "subcommittee": "correct-subcommittee",
    "consent": "correct-consent",
}
# The verbs that record what a gate asks for (the `fix` of its problems, in
# gates.py and dossier_checks.py).
FIXING = frozenset(
    {
        "details",
        "mentor",
        "certificate",
        "papers",
        "verification",
        "answer",
        "introducer",
        "cell-vote",
        "subcommittee",
        "grassroots-vote",
    }
)


@dataclass(frozen=True)
class Link:
    text: str
    url: str = ""


@dataclass
class DossierActions:
    missing: list[Problem] = field(default_factory=list)
    todo: list[Link] = field(default_factory=list)
    main: list[Link] = field(default_factory=list)
    corrections: list[Link] = field(default_factory=list)
    stopping: list[Link] = field(default_factory=list)
    passed: int = 0
    gates: int = 0

    @property
    def others(self) -> list[Link]:
        return [link for link in self.main if link != self.next]

    @property
    def next(self) -> Link | None:
        """The first missing item the user can record, else the first step
        offered (submitting, once nothing is missing)."""
        linked = [link for link in self.todo if link.url]
        choices = linked or self.main
        return choices[0] if choices else None


def _names(dossier: Dossier) -> tuple[str, str]:
    if isinstance(dossier, Candidate):
        return "candidates:step", "candidates:upload"
    return "candidates:recognition_step", "candidates:recognition_upload"


def dossier_actions(user: User, dossier: Dossier) -> DossierActions:
    pipeline = pipeline_of(dossier)
    step_name, upload_name = _names(dossier)

    def usable(slug: str) -> bool:
        return offered(dossier, slug) and may_take(user, dossier, slug)

    def step_url(slug: str) -> str:
        return reverse(step_name, args=[dossier.pk, slug])

    # Each gate's problems read once: they make the missing list and the
    # counter (the gates passed before the first that still lacks something).
    gates = [gate for gate in pipeline.gates if pipeline.applies(dossier, gate)]
    by_gate = [pipeline.gate_problems(dossier, gate) for gate in gates]
    missing = (
        [p for problems in by_gate for p in problems] + printed_field_problems(dossier)
        if with_cell(dossier)
        else []
    )
    passed = next((n for n, problems in enumerate(by_gate) if problems), len(gates))
    actions = DossierActions(missing=missing, passed=passed, gates=len(gates))
    upload = usable("document")
    for problem in missing:
        fix = problem.fix
        if fix.startswith("document:"):
            kind = urlencode({"kind": fix.split(":", 1)[1]})
            url = f"{reverse(upload_name, args=[dossier.pk])}?{kind}" if upload else ""
        else:
            url = step_url(fix) if fix and usable(fix) else ""
        actions.todo.append(Link(str(problem), url))
    wanted = {problem.fix for problem in missing}
    # A verb some missing item could call for, but none does now: its work is
    # done, and it stays reachable to correct what was recorded.
    for slug, verb in pipeline.verbs.items():
        if slug == "document" or not usable(slug):
            continue
        if slug == "submit" and missing:
            continue
        correction = CORRECTED_BY.get(slug, "")
        if slug not in wanted and correction in pipeline.verbs and usable(correction):
            continue
        link = Link(str(verb.title), step_url(slug))
        if slug in STOPPING:
            actions.stopping.append(link)
        elif slug in CORRECTING or (slug in FIXING and slug not in wanted):
            actions.corrections.append(link)
        elif slug not in wanted:
            actions.main.append(link)
    if upload:
        actions.corrections.append(
            Link(
                str(pipeline.verbs["document"].title),
                reverse(upload_name, args=[dossier.pk]),
            )
        )
    return actions
