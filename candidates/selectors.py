"""What a user may see of candidates: the cells of their scope (the access
layer of organizations.selectors), and what is due next for each."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from organizations.calendar import add_months, add_working_days
from organizations.rules import rule_value
from organizations.selectors import scope_roots, visible_organizations

from .dossier_checks import (
    passed_vote,
)
from .models import (
    Candidate,
    CandidateQuerySet,
    DecisionRegister,
    Document,
    ReviewMeeting,
    Stage,
    TrainingClass,
    Vote,
)
from .models.candidate import STAGE_ORDER
from .rules import (
    latest_certificate,
)


def visible_candidates(user: object) -> CandidateQuerySet:
    return Candidate.objects.visible_to(user)


def get_candidate_for(user: object, pk: int) -> Candidate:
    return get_object_or_404(
        visible_candidates(user).select_related(
            "organization", "ethnicity", "mentor", "readmission_of"
        ),
        pk=pk,
    )


def get_document_for(user: object, pk: int) -> Document:
    """A candidate's or a probationary member's document, in the user's scope."""
    return get_object_or_404(
        Document.objects.filter(
            Q(candidate__in=visible_candidates(user))
            | Q(recognition__member__organization__in=visible_organizations(user))
        ).select_related(
            "kind", "candidate__organization", "recognition__member__organization"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime.date
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.due < self.today

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days


def deadlines(candidate: Candidate, today: datetime.date) -> list[Deadline]:
    """The dates ahead that the rules set, earliest first."""
    ahead: list[Deadline] = []
    certificate = latest_certificate(candidate)
    if certificate and candidate.stage_position < STAGE_ORDER[Stage.CELL_APPROVED]:
        months = int(rule_value("candidate.certificate_validity_months", today))
        ahead.append(
            Deadline(
                _("Awareness certificate valid until"),
                add_months(certificate, months),
                today,
            )
        )
    reply_days = int(rule_value("candidate.verification_reply_working_days", today))
    for verification in candidate.verifications.all():
        if verification.sent_on and not verification.settled:
            ahead.append(
                Deadline(
                    _("Verification answer for %(name)s expected by")
                    % {"name": verification.person_name},
                    add_working_days(verification.sent_on, reply_days),
                    today,
                )
            )
    cell_vote = passed_vote(candidate, Vote.Body.CELL)
    if candidate.decided_on is not None and candidate.member_id is None:
        ahead.append(
            Deadline(
                _("Admission ceremony due by"), ceremony_deadline(candidate), today
            )
        )
    elif cell_vote and Stage(candidate.stage) != Stage.INTRODUCED:
        ahead.append(
            Deadline(
                _("Committee decision due by"),
                add_working_days(
                    cell_vote.held_on, decision_days(candidate, cell_vote)
                ),
                today,
            )
        )
    return sorted(ahead, key=lambda d: d.due)


def decision_days(candidate: Candidate, cell_vote: Vote) -> int:
    """Working days the committee has from the cell's resolution, with the
    extension when one was recorded."""
    days = int(
        rule_value("candidate.decision_deadline_working_days", cell_vote.held_on)
    )
    if candidate.decision_extension:
        days += int(
            rule_value("candidate.decision_extension_working_days", cell_vote.held_on)
        )
    return days


def ceremony_deadline(candidate: Candidate) -> datetime.date:
    """The last day for the ceremony: working days from the decision."""
    assert candidate.decided_on is not None
    days = rule_value("candidate.ceremony_deadline_working_days", candidate.decided_on)
    return add_working_days(candidate.decided_on, int(days))


def visible_classes(user: object) -> QuerySet[TrainingClass]:
    """Classes organized in the user's scope or for a committee above it: a
    secretary sees the district's classes their candidates attend."""
    above = {pk for root in scope_roots(user) for pk in root.ancestor_ids}
    return TrainingClass.objects.filter(
        Q(organizer__in=visible_organizations(user)) | Q(organizer_id__in=above)
    )


def visible_learners(user: object, prefix: str = "") -> Q:
    """Enrolments whose candidate or member the user may see (`prefix` when
    asked from the class, e.g. "enrolments__"): a district class is visible to
    a commune's secretary, its other learners are not."""
    return Q(**{f"{prefix}candidate__in": visible_candidates(user)}) | Q(
        **{f"{prefix}member__organization__in": visible_organizations(user)}
    )


def visible_meetings(user: object) -> QuerySet[ReviewMeeting]:
    """Meetings of the committees the user reads (a committee's meeting is not
    shown to people who read only part of its subtree)."""
    return ReviewMeeting.objects.filter(committee__in=visible_organizations(user))


def visible_registers(user: object) -> QuerySet[DecisionRegister]:
    return DecisionRegister.objects.filter(committee__in=visible_organizations(user))


def decided_awaiting_ceremony(
    first: datetime.date, last: datetime.date
) -> CandidateQuerySet:
    """Admission decisions dated from `first` to `last` whose ceremony has not
    made a member row yet: with the members' own decisions, the admissions of
    a period (DESIGN.md §4), each person counted once."""
    return Candidate.objects.filter(
        decided_on__range=(first, last), member__isnull=True
    )
