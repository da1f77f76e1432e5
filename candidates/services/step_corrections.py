"""Putting right the dated steps of a dossier recorded wrongly: a
verification request or answer, the class certificate, the sub-committee's
appraisal, the provincial consent (the rules in corrections.py)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.text import day_label

from ..dossier_checks import certificate_of
from ..models import Candidate, ClassEnrolment, TrainingClass, Verification, Vote
from ..rules import Blocked, Problem
from .corrections import Dossier, corrector_problems, keep_correction, recorder
from .dossier import check_day, class_certificate_problems, take


def _answer_label(verification: Verification) -> str:
    assert verification.answered_on is not None
    return f"{day_label(verification.answered_on)}: {verification.conclusion}"


@transaction.atomic
def correct_answer(
    verification: Verification,
    *,
    answered_on: datetime.date,
    conclusion: str,
    reason: str,
    by: User,
) -> Verification:
    """Put right a verification answer (its date or its conclusion)."""
    candidate = take(verification.candidate, "correct-answer", by=by)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    if verification.answered_on is None or verification.sent_on is None:
        raise Blocked([Problem(_("No answer is recorded for this person."))])
    _may_correct(
        candidate,
        recorder(candidate, "verification_answered", verification.person_name),
        reason,
        by=by,
    )
    check_day(answered_on, _("The answer date"), not_before=verification.sent_on)
    before = _answer_label(verification)
    verification.answered_on, verification.conclusion = answered_on, conclusion
    verification.save(update_fields=["answered_on", "conclusion"])
    keep_correction(
        candidate,
        "correct_verification_answered",
        verification,
        before=f"{verification.person_name}, {before}",
        after=_answer_label(verification),
        reason=reason,
        by=by,
        on=answered_on,
    )
    return verification


def _certificate_label(enrolment: ClassEnrolment) -> str:
    assert enrolment.certificate_on is not None
    return _("%(class)s, no. %(number)s of %(day)s") % {
        "class": enrolment.training_class.name,
        "number": enrolment.certificate_number or "—",
        "day": day_label(enrolment.certificate_on),
    }


@transaction.atomic
def correct_certificate(
    dossier: Dossier,
    *,
    training_class: TrainingClass,
    certificate_number: str,
    certificate_on: datetime.date,
    reason: str,
    by: User,
) -> ClassEnrolment:
    """Put right the class certificate: its class, number or date."""
    dossier = take(dossier, "correct-certificate", by=by)
    enrolment = certificate_of(dossier)
    if enrolment is None:
        raise Blocked([Problem(_("No certificate is recorded to correct."))])
    problems = corrector_problems(
        dossier, recorder(dossier, "certificate"), reason, by=by
    )
    problems += class_certificate_problems(dossier, training_class, certificate_on)
    if (
        training_class.pk != enrolment.training_class_id
        and training_class.enrolments.filter(
            candidate=enrolment.candidate_id, member=enrolment.member_id
        ).exists()
    ):
        problems.append(
            Problem(
                _(
                    "Already enrolled in that class: its result is recorded "
                    "on the class's page."
                )
            )
        )
    if problems:
        raise Blocked(problems)
    before = _certificate_label(enrolment)
    enrolment.training_class = training_class
    enrolment.certificate_number = certificate_number.strip()
    enrolment.certificate_on = certificate_on
    enrolment.save(
        update_fields=["training_class", "certificate_number", "certificate_on"]
    )
    keep_correction(
        dossier,
        "correct_certificate",
        enrolment,
        before=before,
        after=_certificate_label(enrolment),
        reason=reason,
        by=by,
        on=certificate_on,
    )
    return enrolment


def _may_correct(
    dossier: Dossier, recorded_by_id: int | None, reason: str, *, by: User
) -> None:
    problems = corrector_problems(dossier, recorded_by_id, reason, by=by)
    if problems:
        raise Blocked(problems)


@transaction.atomic
def correct_request(
    verification: Verification,
    *,
    sent_to: str,
    sent_on: datetime.date,
    reason: str,
    by: User,
) -> Verification:
    """Put right a verification request: where it went, or the day it was
    sent (not after its answer)."""
    candidate = take(verification.candidate, "correct-request", by=by)
    verification = Verification.objects.select_for_update().get(pk=verification.pk)
    if verification.sent_on is None:
        raise Blocked([Problem(_("No request was sent for this person."))])
    _may_correct(
        candidate,
        recorder(candidate, "verification_sent", verification.person_name),
        reason,
        by=by,
    )
    check_day(sent_on, _("The request date"), not_before=candidate.introduced_on)
    if verification.answered_on is not None and sent_on > verification.answered_on:
        raise Blocked(
            [
                Problem(
                    _("The request cannot be after its answer of %(date)s.")
                    % {"date": day_label(verification.answered_on)}
                )
            ]
        )
    before = f"{verification.sent_to}, {day_label(verification.sent_on)}"
    verification.sent_to, verification.sent_on = sent_to.strip(), sent_on
    verification.save(update_fields=["sent_to", "sent_on"])
    keep_correction(
        candidate,
        "correct_verification_sent",
        verification,
        before=f"{verification.person_name}, {before}",
        after=f"{verification.sent_to}, {day_label(sent_on)}",
        reason=reason,
        by=by,
        on=sent_on,
    )
    return verification


def _recorded_day(
    candidate: Candidate, field: str, step: str, missing: str, reason: str, by: User
) -> datetime.date:
    """The day the step `step` recorded in `field`, which `by` may correct."""
    recorded: datetime.date | None = getattr(candidate, field)
    if recorded is None:
        raise Blocked([Problem(missing)])
    _may_correct(candidate, recorder(candidate, step), reason, by=by)
    return recorded


def _replace_day(
    candidate: Candidate,
    field: str,
    step: str,
    day: datetime.date,
    *,
    recorded: datetime.date,
    reason: str,
    by: User,
) -> Candidate:
    setattr(candidate, field, day)
    keep_correction(
        candidate,
        f"correct_{step}",
        candidate,
        before=day_label(recorded),
        after=day_label(day),
        reason=reason,
        by=by,
        on=day,
        changed=(field,),
    )
    return candidate


@transaction.atomic
def correct_subcommittee_appraisal(
    candidate: Candidate, *, on: datetime.date, reason: str, by: User
) -> Candidate:
    """Put right the day of the sub-committee's appraisal (7-KNĐ): after the
    cell's resolution, not after the grassroots committee's."""
    candidate = take(candidate, "correct-subcommittee", by=by)
    field = "subcommittee_appraisal_on"
    missing = _("No appraisal is recorded to correct.")
    recorded = _recorded_day(candidate, field, "subcommittee", missing, reason, by)
    cell_vote = candidate.votes.filter(body=Vote.Body.CELL, passed=True).first()
    check_day(
        on,
        _("The appraisal date"),
        not_before=cell_vote.held_on if cell_vote else candidate.introduced_on,
    )
    grassroots = candidate.votes.filter(body=Vote.Body.GRASSROOTS).first()
    if grassroots is not None and on > grassroots.held_on:
        raise Blocked(
            [Problem(_("The sub-committee appraises before the grassroots committee."))]
        )
    return _replace_day(
        candidate, field, "subcommittee", on, recorded=recorded, reason=reason, by=by
    )


@transaction.atomic
def correct_consent(
    candidate: Candidate, *, consent_on: datetime.date, reason: str, by: User
) -> Candidate:
    """Put right the day of the provincial Standing Committee's consent."""
    candidate = take(candidate, "correct-consent", by=by)
    field = "provincial_consent_on"
    missing = _("No consent is recorded to correct.")
    recorded = _recorded_day(candidate, field, "consent", missing, reason, by)
    check_day(consent_on, _("The consent date"), not_before=candidate.introduced_on)
    return _replace_day(
        candidate, field, "consent", consent_on, recorded=recorded, reason=reason, by=by
    )
