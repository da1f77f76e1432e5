"""The verbs of both dossier paths: each step with its side (the cell, or
the committee that decides), the stages and statuses it is allowed in, the
refusal outside them and when a page offers it. The gates they lead through
are named here too; pipeline.py puts the two paths together."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .dossier_checks import (
    answered_verifications,
    certificate_of,
    consent_awaited,
    under_subcommittee,
    verifications_pending,
)
from .models import Candidate, RecognitionStage, Stage, Vote
from .models.candidate import STAGE_ORDER

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


S, R = Stage, RecognitionStage
CANDIDATE_GATES = (
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
_CANDIDATE_WITH_CELL = frozenset({S.INTRODUCED, *CANDIDATE_GATES, S.RETURNED})
PROBATION_GATES = (
    R.LISTED,
    R.RECORDS,
    R.CLASS_DONE,
    R.SELF_REVIEW,
    R.REMARKS,
    R.OPINIONS,
    R.CELL_APPROVED,
    R.GRASSROOTS_APPROVED,
)
_PROBATION_WITH_CELL = frozenset({R.OPENED, *PROBATION_GATES, R.RETURNED})
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
            offer_when=lambda dossier: dossier.votes.filter(
                body=Vote.Body.CELL
            ).exists(),
        ),
        "correct-grassroots-vote": verb(
            _("Correct the grassroots committee's resolution"),
            offer_when=lambda dossier: dossier.votes.filter(
                body=Vote.Body.GRASSROOTS
            ).exists(),
        ),
        "correct-certificate": verb(
            _("Correct the class certificate"),
            offer_when=lambda dossier: certificate_of(dossier) is not None,
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


def candidate_verbs() -> dict[str, Verb]:
    shared = _cell_verbs(_CANDIDATE_WITH_CELL, _("Awareness class certificate"))
    every_stage = frozenset(Stage.values)

    def at(*stages: str) -> Callable[[Candidate], bool]:
        return lambda candidate: candidate.stage in stages

    def cell(title: Promise, **more: Any) -> Verb:
        return Verb(title, CELL, _CANDIDATE_WITH_CELL, _WITH_CELL_REFUSAL, **more)

    return {
        "details": cell(_("Complete or correct the candidate's details")),
        "mentor": shared["mentor"],
        "certificate": shared["certificate"],
        "papers": shared["papers"],
        "document": shared["document"],
        "verification": cell(_("Verification request")),
        "answer": cell(_("Verification answer"), offer_when=verifications_pending),
        "introducer": cell(_("Introducing member")),
        "correct-vote": shared["correct-vote"],
        "correct-grassroots-vote": shared["correct-grassroots-vote"],
        "correct-certificate": shared["correct-certificate"],
        "correct-request": cell(
            _("Correct a verification request"),
            offer_when=lambda candidate: candidate.verifications.filter(
                sent_on__isnull=False
            ).exists(),
        ),
        "correct-answer": cell(
            _("Correct a verification answer"), offer_when=answered_verifications
        ),
        "correct-subcommittee": cell(
            _("Correct the sub-committee's appraisal"),
            offer_when=lambda candidate: (
                candidate.subcommittee_appraisal_on is not None
            ),
        ),
        "remove-introducer": cell(
            _("Remove an introducer"),
            offer_when=lambda candidate: candidate.introducers.exists(),
        ),
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
        "correct-consent": Verb(
            _("Correct the provincial consent"),
            CELL,
            every_stage - {S.DECIDED},
            _("The Standing Committee has already decided."),
            offer_when=lambda candidate: candidate.provincial_consent_on is not None,
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


def probation_verbs() -> dict[str, Verb]:
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
