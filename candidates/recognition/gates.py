"""Which gates of the path to recognition a probation file has passed."""

import datetime

from django.utils.translation import gettext as _

from organizations.models import Organization

from ..dossier_checks import (
    missing_kinds,
)
from ..models import (
    ClassEnrolment,
    DocumentKind,
    Recognition,
    RecognitionStage,
    TrainingClass,
    Vote,
)
from ..rules import (
    Problem,
)

R = RecognitionStage
GATES = [
    R.LISTED,
    R.RECORDS,
    R.CLASS_DONE,
    R.SELF_REVIEW,
    R.REMARKS,
    R.OPINIONS,
    R.CELL_APPROVED,
    R.GRASSROOTS_APPROVED,
]
SET_BY_VERBS = (R.SUBMITTED, R.RETURNED, R.APPRAISED, R.ESCALATED, R.RECOGNIZED)


def under_grassroots_committee(organization: Organization) -> bool:
    grassroots = organization.grassroots()
    return grassroots is not None and grassroots.pk != organization.pk


def certificate(recognition: Recognition) -> datetime.date | None:
    return (
        ClassEnrolment.objects.filter(
            member=recognition.member,
            result=ClassEnrolment.Result.PASSED,
            training_class__kind=TrainingClass.Kind.NEW_MEMBER,
            certificate_on__gte=recognition.ceremony_date,
        )
        .values_list("certificate_on", flat=True)
        .first()
    )


def passed(recognition: Recognition, body: str) -> bool:
    return recognition.votes.filter(body=body, passed=True).exists()


def gate_problems(recognition: Recognition, gate: RecognitionStage) -> list[Problem]:
    member = recognition.member
    facts = {
        R.LISTED: (
            recognition.mentor_id is not None,
            _("Assign an official member to help."),
        ),
        R.RECORDS: (True, ""),
        R.CLASS_DONE: (
            certificate(recognition) is not None,
            _("Record the new-member class certificate."),
        ),
        R.SELF_REVIEW: (
            recognition.self_review_on is not None,
            _("Record the self-review (10-KNĐ)."),
        ),
        R.REMARKS: (
            recognition.remarks_on is not None,
            _("Record the mentor's remarks (11-KNĐ)."),
        ),
        R.OPINIONS: (
            recognition.opinions_on is not None,
            _("Record the summary of opinions (12-KNĐ)."),
        ),
        R.CELL_APPROVED: (
            passed(recognition, Vote.Body.CELL),
            _("The cell has not yet resolved to propose recognition."),
        ),
        R.GRASSROOTS_APPROVED: (
            not under_grassroots_committee(member.organization)
            or passed(recognition, Vote.Body.GRASSROOTS),
            _("The grassroots committee has not yet resolved."),
        ),
    }
    done, message = facts[gate]
    problems = [] if done else [Problem(message)]
    outside_committee = not under_grassroots_committee(member.organization)
    problems += missing_kinds(
        recognition.documents.all(),
        gate,
        lambda kind: (
            0
            if kind.needed == DocumentKind.Needed.GRASSROOTS_COMMITTEE
            and outside_committee
            else 1
        ),
    )
    return problems


def everything_missing(recognition: Recognition) -> list[Problem]:
    problems: list[Problem] = []
    for gate in GATES:
        problems += gate_problems(recognition, gate)
    return problems


def furthest(recognition: Recognition) -> RecognitionStage:
    stage = R.OPENED
    for gate in GATES:
        if gate_problems(recognition, gate):
            break
        stage = gate
    return stage
