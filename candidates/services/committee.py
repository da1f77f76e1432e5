"""Submission to the competent committee, return for correction and appraisal."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..gates import everything_missing
from ..models import (
    Candidate,
    Stage,
    Vote,
)
from ..rules import (
    Blocked,
    Problem,
    consent_problems,
    deciding_committee,
)
from .base import (
    lock_candidate,
    log_step,
    require_active,
)


def competent_committee(candidate: Candidate) -> Organization | None:
    return deciding_committee(candidate.organization)


@transaction.atomic
def submit(candidate: Candidate, *, by: User) -> Candidate:
    """Send the dossier to the competent committee (or send it back corrected)."""
    candidate = lock_candidate(candidate, by, Permission.EDIT_REGISTRY)
    require_active(candidate)
    if Stage(candidate.stage) in (Stage.SUBMITTED, Stage.APPRAISED):
        raise Blocked([Problem(_("The dossier has already been submitted."))])
    problems = everything_missing(candidate)
    problems += consent_problems(candidate, clock.today())
    if competent_committee(candidate) is None:
        problems.append(Problem(_("No committee above has the power to admit.")))
    if problems:
        raise Blocked(problems)
    resubmitted = candidate.stage == Stage.RETURNED
    candidate.submitted_on = clock.today()
    log_step(
        candidate,
        "resubmit" if resubmitted else "submit",
        by=by,
        stage=Stage.SUBMITTED,
    )
    return candidate


def lock_for_committee(candidate: Candidate, by: User) -> Candidate:
    committee = competent_committee(candidate)
    if committee is None or not can(by, Permission.APPRAISE, committee):
        raise PermissionDenied
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=candidate.pk)
    )


@transaction.atomic
def return_for_correction(
    candidate: Candidate, *, comments: str, by: User
) -> Candidate:
    candidate = lock_for_committee(candidate, by)
    if candidate.stage != Stage.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be returned."))])
    if not comments.strip():
        raise Blocked([Problem(_("Write what needs correcting."))])
    log_step(candidate, "return", by=by, note=comments.strip(), stage=Stage.RETURNED)
    return candidate


@transaction.atomic
def appraise(candidate: Candidate, *, by: User, note: str = "") -> Candidate:
    """The organization committee finds the dossier ready for the Standing
    Committee's review."""
    candidate = lock_for_committee(candidate, by)
    if candidate.stage != Stage.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be appraised."))])
    log_step(candidate, "appraise", by=by, note=note, stage=Stage.APPRAISED)
    return candidate


@transaction.atomic
def extend_decision_deadline(
    candidate: Candidate, *, reason: str, by: User
) -> Candidate:
    """Record that the committee takes the extra working days the rules allow
    in special cases, once, with the reason."""
    candidate = lock_for_committee(candidate, by)
    problems = []
    if candidate.decision_extension:
        problems.append(Problem(_("The decision deadline has already been extended.")))
    if candidate.decided_on is not None:
        problems.append(Problem(_("The committee has already decided.")))
    if not candidate.votes.filter(body=Vote.Body.CELL, passed=True).exists():
        problems.append(
            Problem(_("The cell has not yet resolved to propose admission."))
        )
    if not reason.strip():
        problems.append(Problem(_("Give the reason for the extension.")))
    if problems:
        raise Blocked(problems)
    candidate.decision_extension = reason.strip()
    log_step(candidate, "extend", by=by, note=candidate.decision_extension)
    return candidate
