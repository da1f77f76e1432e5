"""The dashboard's "due or overdue" list (issue: admission pipeline): every
deadline in the user's scope that falls within the next ten working days, and
everything overdue, soonest first. Each source is read in one query; the
calendar is consulted once per distinct date."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from candidates.models import (
    Candidate,
    ClassEnrolment,
    RecognitionStage,
    Stage,
    Verification,
    Vote,
)
from candidates.selectors import visible_candidates
from members.due import probation_due
from members.models import Transfer
from members.removal import failed_ratings, missed_months, no_progress
from organizations.calendar import add_months, calendar_for
from organizations.rules import rule_value
from organizations.selectors import visible_organizations

HORIZON_WORKING_DAYS = 10
# The probation list is asked in calendar days: twice the working days.
HORIZON_DAYS = 2 * HORIZON_WORKING_DAYS
DECISION_PENDING = [
    Stage.CELL_APPROVED,
    Stage.GRASSROOTS_APPROVED,
    Stage.SUBMITTED,
    Stage.RETURNED,
    Stage.APPRAISED,
]


# The committee has yet to decide once the cell has voted.
RECOGNITION_PENDING = [
    RecognitionStage.CELL_APPROVED,
    RecognitionStage.GRASSROOTS_APPROVED,
    RecognitionStage.SUBMITTED,
    RecognitionStage.RETURNED,
    RecognitionStage.APPRAISED,
]


@dataclass(frozen=True)
class DueItem:
    what: str
    who: str
    url: str
    due: datetime.date
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.due < self.today


def due_items(user: Any, today: datetime.date, *, limit: int = 40) -> list[DueItem]:
    active = visible_candidates(user).filter(status=Candidate.Status.ACTIVE)
    waiting = list(
        Verification.objects.filter(
            candidate__in=active,
            party_member=False,
            answered_on__isnull=True,
            sent_on__isnull=False,
        ).select_related("candidate")
    )
    votes = list(
        Vote.objects.filter(
            candidate__in=active.filter(stage__in=DECISION_PENDING),
            body=Vote.Body.CELL,
            passed=True,
        ).select_related("candidate")
    )
    recognition_votes = list(
        Vote.objects.filter(
            recognition__member__organization__in=visible_organizations(user),
            recognition__stage__in=RECOGNITION_PENDING,
            body=Vote.Body.CELL,
            passed=True,
        ).select_related("recognition__member")
    )
    recognize = int(rule_value("member.recognition_decision_working_days", today))
    reply = int(rule_value("candidate.verification_reply_working_days", today))
    decision = int(rule_value("candidate.decision_deadline_working_days", today))
    extension = int(rule_value("candidate.decision_extension_working_days", today))
    ceremony = int(rule_value("candidate.ceremony_deadline_working_days", today))
    decided = list(active.filter(stage=Stage.DECIDED, member__isnull=True))
    starts = (
        [today]
        + [v.sent_on for v in waiting if v.sent_on]
        + [v.held_on for v in votes + recognition_votes]
        + [c.decided_on for c in decided if c.decided_on]
    )
    longest = max(
        reply, decision + extension, ceremony, recognize, HORIZON_WORKING_DAYS
    )
    calendar = calendar_for(starts, longest)
    horizon = calendar.add(today, HORIZON_WORKING_DAYS)
    items: list[DueItem] = []

    def add(what: str, obj: Model, who: str, due: datetime.date) -> None:
        if due <= horizon:
            url = obj.get_absolute_url()  # type: ignore[attr-defined]
            items.append(DueItem(what, who, url, due, today))

    for verification in waiting:
        sent = verification.sent_on
        assert sent is not None
        add(
            _("Verification answer for %(name)s") % {"name": verification.person_name},
            verification.candidate,
            verification.candidate.full_name,
            calendar.add(sent, reply),
        )
    for vote in votes:
        assert vote.candidate is not None
        add(
            _("Admission decision"),
            vote.candidate,
            vote.candidate.full_name,
            calendar.add(
                vote.held_on,
                decision + (extension if vote.candidate.decision_extension else 0),
            ),
        )
    for vote in recognition_votes:
        assert vote.recognition is not None
        add(
            _("Recognition decision"),
            vote.recognition,
            vote.recognition.member.full_name,
            calendar.add(vote.held_on, recognize),
        )
    for candidate in decided:
        assert candidate.decided_on is not None
        add(
            _("Admission ceremony"),
            candidate,
            candidate.full_name,
            calendar.add(candidate.decided_on, ceremony),
        )
    validity = int(rule_value("candidate.certificate_validity_months", today))
    for enrolment in ClassEnrolment.objects.filter(
        candidate__in=active.exclude(stage__in=DECISION_PENDING),
        result=ClassEnrolment.Result.PASSED,
        certificate_on__lte=add_months(horizon, -validity),
        certificate_on__gt=add_months(today, -validity - 1),
    ).select_related("candidate"):
        assert enrolment.candidate is not None
        add(
            _("Awareness certificate expires"),
            enrolment.candidate,
            enrolment.candidate.full_name,
            add_months(enrolment.certificate_on, validity),  # type: ignore[arg-type]
        )
    for row in probation_due(user, within_days=HORIZON_DAYS):
        add(
            _("Recognition proposal"),
            row.member,
            row.member.full_name,
            row.propose_by,
        )
    for transfer in Transfer.objects.visible_to(user).open().select_related("member"):
        add(
            _("Transfer to be presented"),
            transfer,
            transfer.member.full_name,
            transfer.present_by,
        )
    triggers = (
        failed_ratings(user, today)
        + missed_months(user, today)
        + no_progress(user, today)
    )
    for trigger in triggers:
        add(
            _("Removal of name to consider: %(reason)s (%(source)s)")
            % {"reason": trigger.reason, "source": trigger.source},
            trigger.member,
            trigger.member.full_name,
            trigger.since,
        )
    return sorted(items, key=lambda item: item.due)[:limit]
