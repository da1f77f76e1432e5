"""What each gate of the two dossier paths needs: the facts recorded and the
signed forms kept as data (DocumentKind). The order of the gates and what
follows from them is in pipeline.py."""

import datetime

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from organizations import clock

from .dossier_checks import (
    forms_on_paper,
    missing_documents,
    missing_kinds,
    needs_grassroots_resolution,
    passed_vote,
    under_subcommittee,
    verifications_settled,
)
from .models import (
    Candidate,
    ClassEnrolment,
    DocumentKind,
    Recognition,
    RecognitionStage,
    Route,
    Stage,
    TrainingClass,
    Vote,
)
from .rules import (
    Problem,
    introducers_needed,
    latest_certificate,
)


def admission_gate_problems(candidate: Candidate, gate: Stage) -> list[Problem]:
    """What is still missing to pass `gate` (empty when passed)."""
    problems: list[Problem] = []
    if gate == Stage.LISTED and candidate.mentor_id is None:
        problems.append(Problem(_("Assign an official member to help."), fix="mentor"))
    elif gate == Stage.CLASS_DONE and latest_certificate(candidate) is None:
        problems.append(
            Problem(_("Record the awareness class certificate."), fix="certificate")
        )
    elif gate == Stage.APPLIED:
        if candidate.applied_on is None:
            problems.append(Problem(_("Record the application (1-KNĐ)."), fix="papers"))
        if candidate.history_on is None:
            problems.append(
                Problem(_("Record the personal history (2-KNĐ)."), fix="papers")
            )
    elif gate == Stage.VERIFIED:
        problems += verifications_settled(candidate)
    elif gate == Stage.INTRODUCERS:
        letters = candidate.introducers.aggregate(n=Count("pk"), last=Max("letter_on"))
        # Judged on the day of the (latest) introduction, as its rule row says.
        needed = introducers_needed(candidate, letters["last"] or clock.today())
        have = letters["n"]
        if have < needed:
            problems.append(
                Problem(
                    _("%(have)s of %(needed)s introducing members recorded.")
                    % {"have": have, "needed": needed},
                    fix="introducer",
                )
            )
        if candidate.route != Route.MEMBERS and candidate.union_resolution_on is None:
            problems.append(
                Problem(_("Record the union's introduction resolution."), fix="papers")
            )
    elif gate == Stage.OPINIONS and candidate.opinions_on is None:
        problems.append(
            Problem(_("Record the summary of opinions (5-KNĐ)."), fix="papers")
        )
    elif gate == Stage.CELL_APPROVED and passed_vote(candidate, Vote.Body.CELL) is None:
        problems.append(
            Problem(
                _("The cell has not yet resolved to propose admission."),
                fix="cell-vote",
            )
        )
    elif gate == Stage.SUBCOMMITTEE_APPRAISED:
        if not under_subcommittee(candidate):
            return []
        if candidate.subcommittee_appraisal_on is None:
            problems.append(
                Problem(
                    _("Record the sub-committee's appraisal (7-KNĐ)."),
                    fix="subcommittee",
                )
            )
    elif gate == Stage.GRASSROOTS_APPROVED:
        if not needs_grassroots_resolution(candidate):
            return []
        if passed_vote(candidate, Vote.Body.GRASSROOTS) is None:
            problems.append(
                Problem(
                    _("The grassroots committee has not yet resolved."),
                    fix="grassroots-vote",
                )
            )
    return problems + missing_documents(candidate, gate)


def admission_gate_applies(candidate: Candidate, gate: Stage) -> bool:
    """Whether the candidate's cell goes through `gate` at all: only a cell
    under a sub-committee is appraised by it, only one under a grassroots
    committee needs its resolution."""
    if gate == Stage.SUBCOMMITTEE_APPRAISED:
        return under_subcommittee(candidate)
    if gate == Stage.GRASSROOTS_APPROVED:
        return needs_grassroots_resolution(candidate)
    return True


# The probation file (DOMAIN.md §1.14–1.15).

R = RecognitionStage


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


def probation_gate_problems(
    recognition: Recognition, gate: RecognitionStage
) -> list[Problem]:
    facts = {
        R.LISTED: (
            recognition.mentor_id is not None,
            _("Assign an official member to help."),
            "mentor",
        ),
        R.RECORDS: (True, "", ""),
        R.CLASS_DONE: (
            certificate(recognition) is not None,
            _("Record the new-member class certificate."),
            "certificate",
        ),
        R.SELF_REVIEW: (
            recognition.self_review_on is not None,
            _("Record the self-review (10-KNĐ)."),
            "papers",
        ),
        R.REMARKS: (
            recognition.remarks_on is not None,
            _("Record the mentor's remarks (11-KNĐ)."),
            "papers",
        ),
        R.OPINIONS: (
            recognition.opinions_on is not None,
            _("Record the summary of opinions (12-KNĐ)."),
            "papers",
        ),
        R.CELL_APPROVED: (
            passed(recognition, Vote.Body.CELL),
            _("The cell has not yet resolved to propose recognition."),
            "cell-vote",
        ),
        R.GRASSROOTS_APPROVED: (
            not needs_grassroots_resolution(recognition)
            or passed(recognition, Vote.Body.GRASSROOTS),
            _("The grassroots committee has not yet resolved."),
            "grassroots-vote",
        ),
    }
    done, message, fix = facts[gate]
    problems = [] if done else [Problem(message, fix=fix)]
    if forms_on_paper(recognition, gate):
        return problems
    outside_committee = not needs_grassroots_resolution(recognition)
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
