"""Training classes run by the district political centre (DOMAIN.md §1.1,
§1.14): the organization committee opens a class, enrols candidates, and
records each one's result; a certificate feeds the candidate's rules."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..models import Candidate, ClassEnrolment, TrainingClass
from ..rules import Blocked, Problem
from .dossier import record_certificate


@transaction.atomic
def open_class(
    organizer: Organization,
    *,
    kind: str,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    by: User,
    issuer: str = "",
) -> TrainingClass:
    if not can(by, Permission.APPRAISE, organizer):
        raise PermissionDenied
    problems = []
    if not organizer.has_admission_authority:
        problems.append(
            Problem(_("Classes are opened for a committee that admits members."))
        )
    if ends_on < starts_on:
        problems.append(Problem(_("A class ends on or after the day it starts.")))
    if problems:
        raise Blocked(problems)
    return TrainingClass.objects.create(
        organizer=organizer,
        kind=kind,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        issuer=issuer.strip() or TrainingClass._meta.get_field("issuer").get_default(),
    )


@transaction.atomic
def enrol(
    training_class: TrainingClass, candidates: list[Candidate], *, by: User
) -> int:
    """Enrol candidates in an awareness class; those already enrolled are left."""
    if not can(by, Permission.APPRAISE, training_class.organizer):
        raise PermissionDenied
    if training_class.kind != TrainingClass.Kind.AWARENESS:
        raise Blocked([Problem(_("Candidates attend the awareness class."))])
    enrolled = set(training_class.enrolments.values_list("candidate_id", flat=True))
    new = [
        ClassEnrolment(training_class=training_class, candidate=candidate)
        for candidate in candidates
        if candidate.pk not in enrolled
    ]
    ClassEnrolment.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def record_results(
    training_class: TrainingClass,
    results: dict[int, tuple[str, str, datetime.date | None]],
    *,
    by: User,
) -> int:
    """Each enrolment's result; a pass needs a certificate number and date and
    is recorded on the candidate as their certificate. All or nothing."""
    if not can(by, Permission.APPRAISE, training_class.organizer):
        raise PermissionDenied
    enrolments = {
        e.pk: e
        for e in training_class.enrolments.select_for_update(
            of=("self",)
        ).select_related("candidate")
    }
    problems = []
    for pk, (result, number, day) in results.items():
        enrolment = enrolments.get(pk)
        if enrolment is None:
            problems.append(Problem(_("Only this class's learners are recorded here.")))
            continue
        name = enrolment.candidate.full_name if enrolment.candidate else ""
        if result == ClassEnrolment.Result.PASSED and (
            not number.strip() or day is None
        ):
            problems.append(
                Problem(
                    _("%(name)s: a pass needs the certificate number and date.")
                    % {"name": name}
                )
            )
        if enrolment.result == ClassEnrolment.Result.PASSED and (
            result != enrolment.result
            or number.strip() != enrolment.certificate_number
            or day != enrolment.certificate_on
        ):
            problems.append(
                Problem(
                    _(
                        "%(name)s: the certificate is already recorded; correct "
                        "it from the dossier, with the reason."
                    )
                    % {"name": name}
                )
            )
        if day is not None and (day < training_class.ends_on or day > clock.today()):
            problems.append(
                Problem(
                    _(
                        "%(name)s: the certificate is dated after the class ends, "
                        "and not in the future."
                    )
                    % {"name": name}
                )
            )
    if problems:
        raise Blocked(problems)
    written = 0
    for pk, (result, number, day) in results.items():
        enrolment = enrolments[pk]
        if result == ClassEnrolment.Result.PASSED and enrolment.candidate is not None:
            if (
                enrolment.result != result
                or enrolment.certificate_number != number.strip()
            ):
                record_certificate(
                    enrolment.candidate,
                    training_class=training_class,
                    certificate_number=number,
                    certificate_on=day,  # type: ignore[arg-type]
                    by=by,
                )
                written += 1
        elif enrolment.result != result:
            enrolment.result = result
            enrolment.save(update_fields=["result"])
            written += 1
    return written
