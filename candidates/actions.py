"""The steps offered on a candidate's page: for each, its form, who may record
it (the cell's side or the deciding committee's) and the service call. One
view serves them all."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organizations import clock
from organizations.models import User
from organizations.selectors import Permission, can

from . import forms, services
from .dossier_checks import (
    under_subcommittee,
)
from .models import Candidate, Stage
from .models.candidate import STAGE_ORDER
from .review.decisions import record_ceremony
from .rules import (
    needs_provincial_consent,
)

CELL, COMMITTEE = "cell", "committee"


@dataclass(frozen=True)
class Step:
    title: Promise
    form: type[forms.CandidateStepForm]
    side: str
    run: Callable[[Candidate, dict[str, Any], User], object]
    offered: Callable[[Candidate], bool]


def _active(c: Candidate) -> bool:
    return c.status == Candidate.Status.ACTIVE


def _before_submission(c: Candidate) -> bool:
    return _active(c) and Stage(c.stage) not in (
        Stage.SUBMITTED,
        Stage.APPRAISED,
        Stage.DECIDED,
    )


def _papers(c: Candidate, d: dict[str, Any], by: User) -> object:
    return services.record_dates(c, by=by, **{k: v for k, v in d.items() if v})


STEPS: dict[str, Step] = {
    "mentor": Step(
        _("Assign a mentor"),
        forms.MentorForm,
        CELL,
        lambda c, d, by: services.assign_mentor(c, d["mentor"], by=by),
        _before_submission,
    ),
    "certificate": Step(
        _("Awareness class certificate"),
        forms.CertificateForm,
        CELL,
        lambda c, d, by: services.record_certificate(c, by=by, **d),
        _before_submission,
    ),
    "papers": Step(
        _("Dates of the papers"),
        forms.PapersForm,
        CELL,
        _papers,
        _before_submission,
    ),
    "verification": Step(
        _("Verification request"),
        forms.VerificationForm,
        CELL,
        lambda c, d, by: services.add_verification(c, by=by, **d),
        _before_submission,
    ),
    "answer": Step(
        _("Verification answer"),
        forms.AnswerForm,
        CELL,
        lambda c, d, by: services.answer_verification(
            d["verification"],
            answered_on=d["answered_on"],
            conclusion=d["conclusion"],
            by=by,
        ),
        lambda c: (
            _before_submission(c)
            and c.verifications.filter(party_member=False, answered_on=None).exists()
        ),
    ),
    "introducer": Step(
        _("Introducing member"),
        forms.IntroducerForm,
        CELL,
        lambda c, d, by: services.add_introducer(c, by=by, **d),
        _before_submission,
    ),
    "cell-vote": Step(
        _("Cell meeting and vote"),
        forms.CellVoteForm,
        CELL,
        lambda c, d, by: services.record_cell_vote(c, by=by, **d),
        lambda c: (
            _before_submission(c) and c.stage_position >= STAGE_ORDER[Stage.OPINIONS]
        ),
    ),
    "subcommittee": Step(
        _("Sub-committee appraisal"),
        forms.SubcommitteeForm,
        CELL,
        lambda c, d, by: services.record_subcommittee_appraisal(c, on=d["on"], by=by),
        lambda c: (
            _before_submission(c)
            and c.stage == Stage.CELL_APPROVED
            and under_subcommittee(c)
        ),
    ),
    "grassroots-vote": Step(
        _("Grassroots committee resolution"),
        forms.GrassrootsVoteForm,
        CELL,
        lambda c, d, by: services.record_grassroots_vote(c, by=by, **d),
        lambda c: (
            _before_submission(c)
            and c.stage in (Stage.CELL_APPROVED, Stage.SUBCOMMITTEE_APPRAISED)
        ),
    ),
    "submit": Step(
        _("Submit to the committee"),
        forms.ConfirmForm,
        CELL,
        lambda c, d, by: services.submit(c, by=by),
        _before_submission,
    ),
    "return": Step(
        _("Return for correction"),
        forms.ReturnForm,
        COMMITTEE,
        lambda c, d, by: services.return_for_correction(
            c, comments=d["comments"], by=by
        ),
        lambda c: c.stage == Stage.SUBMITTED,
    ),
    "appraise": Step(
        _("Appraise as ready for review"),
        forms.AppraiseForm,
        COMMITTEE,
        lambda c, d, by: services.appraise(c, note=d["note"], by=by),
        lambda c: c.stage == Stage.SUBMITTED,
    ),
    "consent": Step(
        _("Provincial consent"),
        forms.ConsentForm,
        CELL,
        lambda c, d, by: services.record_provincial_consent(c, by=by, **d),
        lambda c: (
            _active(c)
            and c.stage != Stage.DECIDED
            and not c.provincial_consent_on
            and needs_provincial_consent(c, clock.today())
        ),
    ),
    "extend": Step(
        _("Extend the decision deadline"),
        forms.ExtensionForm,
        COMMITTEE,
        lambda c, d, by: services.extend_decision_deadline(
            c, reason=d["reason"], by=by
        ),
        lambda c: (
            _active(c)
            and c.stage in (Stage.SUBMITTED, Stage.RETURNED, Stage.APPRAISED)
            and not c.decision_extension
        ),
    ),
    "ceremony": Step(
        _("Admission ceremony"),
        forms.CeremonyForm,
        CELL,
        lambda c, d, by: record_ceremony(c, by=by, **d),
        lambda c: _active(c) and c.stage == Stage.DECIDED,
    ),
    "pause": Step(
        _("Pause"),
        forms.PauseForm,
        CELL,
        lambda c, d, by: services.pause(c, reason=d["reason"], note=d["note"], by=by),
        _active,
    ),
    "withdraw": Step(
        _("Withdraw"),
        forms.PauseForm,
        CELL,
        lambda c, d, by: services.pause(
            c, reason=d["reason"], note=d["note"], withdraw=True, by=by
        ),
        lambda c: c.status in (Candidate.Status.ACTIVE, Candidate.Status.PAUSED),
    ),
    "resume": Step(
        _("Resume"),
        forms.ConfirmForm,
        CELL,
        lambda c, d, by: services.resume(c, by=by),
        lambda c: c.status == Candidate.Status.PAUSED,
    ),
}


def may_take(user: User, step: Step, candidate: Candidate) -> bool:
    if step.side == CELL:
        return can(user, Permission.EDIT_REGISTRY, candidate.organization)
    committee = services.competent_committee(candidate)
    return committee is not None and can(user, Permission.APPRAISE, committee)
