"""What a user may see of candidates: the cells of their scope (the access
layer of organizations.selectors), and what is due next for each."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from members.search import name_query
from organizations.calendar import add_months, add_working_days
from organizations.rules import rule_value
from organizations.selectors import (
    Permission,
    get_scoped,
    scope_roots,
    visible_organizations,
)
from organizations.text import fold

from .dossier_checks import (
    passed_vote,
)
from .models import (
    AdmissionTarget,
    AgendaItem,
    Candidate,
    CandidateQuerySet,
    DecisionNumber,
    DecisionRegister,
    Document,
    Recognition,
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
    for verification in candidate.verifications.all():
        if verification.sent_on and not verification.settled:
            reply_days = int(
                rule_value(
                    "candidate.verification_reply_working_days", verification.sent_on
                )
            )
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


# The objects a URL names, each looked up in the user's scope (else 404) and,
# for a permission other than reading, checked for it (else 403).

READ = Permission.READ


def get_class_for(
    user: object, pk: int, *, permission: Permission = READ
) -> TrainingClass:
    return get_scoped(
        visible_classes(user).select_related("organizer"),
        pk,
        user=user,
        permission=permission,
        organization=lambda course: course.organizer,
    )


def get_target_for(
    user: object, pk: int, *, permission: Permission = READ
) -> AdmissionTarget:
    return get_scoped(
        AdmissionTarget.objects.filter(
            organization__in=visible_organizations(user)
        ).select_related("organization"),
        pk,
        user=user,
        permission=permission,
        organization=lambda target: target.organization,
    )


def get_meeting_for(
    user: object, pk: int, *, permission: Permission = READ
) -> ReviewMeeting:
    return get_scoped(
        visible_meetings(user).select_related("committee", "chair"),
        pk,
        user=user,
        permission=permission,
        organization=lambda meeting: meeting.committee,
    )


def get_agenda_item_for(
    user: object, pk: int, *, permission: Permission = READ
) -> AgendaItem:
    return get_scoped(
        AgendaItem.objects.filter(meeting__in=visible_meetings(user)).select_related(
            "meeting__committee",
            "candidate__organization",
            "recognition__member__organization",
        ),
        pk,
        user=user,
        permission=permission,
        organization=lambda item: item.meeting.committee,
    )


def get_register_for(
    user: object, pk: int, *, permission: Permission = READ
) -> DecisionRegister:
    return get_scoped(
        visible_registers(user).select_related("committee"),
        pk,
        user=user,
        permission=permission,
        organization=lambda register: register.committee,
    )


def get_decision_number_for(
    user: object, pk: int, *, permission: Permission = READ
) -> DecisionNumber:
    """A number of a register the user reads: numbers belong to the register,
    whether a meeting used them or not."""
    return get_scoped(
        DecisionNumber.objects.filter(
            register__in=visible_registers(user)
        ).select_related("register__committee", "agenda_item__meeting__committee"),
        pk,
        user=user,
        permission=permission,
        organization=lambda number: number.register.committee,
    )


def get_recognition_for(
    user: object, pk: int, *, permission: Permission = READ
) -> Recognition:
    """A probation file of a member the user reads."""
    return get_scoped(
        Recognition.objects.filter(
            member__organization__in=visible_organizations(user)
        ).select_related("member__organization", "mentor"),
        pk,
        user=user,
        permission=permission,
        organization=lambda file: file.organization,
    )


def search_candidates(
    candidates: QuerySet[Candidate], text: str
) -> QuerySet[Candidate]:
    """Candidates whose name words start with the words typed (accents and
    case aside), or whose CCCD starts with the digits typed."""
    words = fold(text).split()
    if not words:
        return candidates
    joined = "".join(words)
    if joined.isdigit():
        return candidates.filter(cccd__startswith=joined)
    return candidates.filter(name_query(words))
