"""The dashboard's "due or overdue" list (issue: admission pipeline): every
deadline in the user's scope that falls within the working days the rule
`due.horizon_working_days` says, and everything overdue, soonest first; the
same list is mailed every morning (reports/services/reminders.py). Each source
is read in one query; the calendar is consulted once per distinct date."""

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Exists, Max, Model, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from candidates.models import (
    Candidate,
    ClassEnrolment,
    RecognitionStage,
    Stage,
    TrainingClass,
    Verification,
    Vote,
)
from candidates.models.candidate import STAGE_ORDER
from candidates.selectors import visible_candidates
from members.due import probation_due
from members.exemptable import may_be_exempted
from members.models import TemporaryTransfer, Transfer
from members.removal import failed_ratings, missed_months, no_progress
from organizations.calendar import add_months, calendar_for, latest_start
from organizations.rules import rule_lookup, rule_value
from organizations.selectors import visible_organizations
from organizations.text import day_label

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


# The longest idle dossiers first, and no more than this share (a quarter)
# of the list: a district's many slow dossiers must not push a deadline off.
IDLE_SHARE = 4
# The probation list is asked in calendar days: this many per working day.
CALENDAR_DAYS_PER_WORKING_DAY = 2

# The dossier is in the cell's hands: a step should come (the committee's
# stages have deadlines of their own; the class is waited for as planned).
IN_THE_CELLS_HANDS = [
    Stage.APPLIED,
    Stage.VERIFIED,
    Stage.INTRODUCERS,
    Stage.OPINIONS,
    Stage.RETURNED,
]


# Before the cell's vote the certificate must still be valid (DOMAIN.md §2).
BEFORE_CELL_VOTE = [
    stage for stage in Stage if STAGE_ORDER[stage] < STAGE_ORDER[Stage.CELL_APPROVED]
]


def _idle(active: QuerySet[Candidate], stepped_before: datetime.date) -> QuerySet:
    """Dossiers in the cell's hands whose last step was on or before
    `stepped_before`, with that day as `last_step`."""
    return (
        active.filter(stage__in=IN_THE_CELLS_HANDS)
        .annotate(last_step=Coalesce(Max("log__on"), "introduced_on"))
        .filter(last_step__lte=stepped_before)
    )


def _certificates_expiring(
    active: Any, up_to: datetime.date
) -> QuerySet[ClassEnrolment]:
    """Each candidate's latest awareness certificate, where it expires by the
    horizon or has already expired and the cell has yet to vote: an expired
    one stays listed until a new class is passed."""
    passed = ClassEnrolment.objects.filter(
        result=ClassEnrolment.Result.PASSED,
        training_class__kind=TrainingClass.Kind.AWARENESS,
        certificate_on__isnull=False,
    )
    later = passed.filter(
        candidate=OuterRef("candidate"), certificate_on__gt=OuterRef("certificate_on")
    )
    return (
        passed.filter(
            candidate__in=active.filter(stage__in=BEFORE_CELL_VOTE),
            certificate_on__lte=up_to,
        )
        .exclude(Exists(later))
        .select_related("candidate")
    )


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


class Deadline(NamedTuple):
    what: str
    obj: Model
    who: str
    start: datetime.date
    days: int


def _deadlines(
    waiting: list[Verification],
    votes: list[Vote],
    recognition_votes: list[Vote],
    decided: list[Candidate],
) -> list[Deadline]:
    # Each deadline by the rule in force on the day its row names: the
    # verification sent, the cell's resolution, the decision.
    recognize = rule_lookup("member.recognition_decision_working_days")
    reply = rule_lookup("candidate.verification_reply_working_days")
    decision = rule_lookup("candidate.decision_deadline_working_days")
    extension = rule_lookup("candidate.decision_extension_working_days")
    ceremony = rule_lookup("candidate.ceremony_deadline_working_days")
    deadlines: list[Deadline] = []
    for verification in waiting:
        sent = verification.sent_on
        assert sent is not None
        deadlines.append(
            Deadline(
                _("Verification answer for %(name)s")
                % {"name": verification.person_name},
                verification.candidate,
                verification.candidate.full_name,
                sent,
                int(reply(sent)),
            )
        )
    for vote in votes:
        assert vote.candidate is not None
        days = int(decision(vote.held_on))
        if vote.candidate.decision_extension:
            days += int(extension(vote.held_on))
        deadlines.append(
            Deadline(
                _("Admission decision"),
                vote.candidate,
                vote.candidate.full_name,
                vote.held_on,
                days,
            )
        )
    for vote in recognition_votes:
        assert vote.recognition is not None
        deadlines.append(
            Deadline(
                _("Recognition decision"),
                vote.recognition,
                vote.recognition.member.full_name,
                vote.held_on,
                int(recognize(vote.held_on)),
            )
        )
    for candidate in decided:
        assert candidate.decided_on is not None
        deadlines.append(
            Deadline(
                _("Admission ceremony"),
                candidate,
                candidate.full_name,
                candidate.decided_on,
                int(ceremony(candidate.decided_on)),
            )
        )
    return deadlines


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
    decided = list(active.filter(stage=Stage.DECIDED, member__isnull=True))
    deadlines = _deadlines(waiting, votes, recognition_votes, decided)
    ahead = int(rule_value("due.horizon_working_days", today))
    starts = [today] + [d.start for d in deadlines]
    longest = max([ahead] + [d.days for d in deadlines])
    calendar = calendar_for(starts, longest)
    horizon = calendar.add(today, ahead)
    found: list[tuple[datetime.date, str, Model, str]] = []

    def add(what: str, obj: Model, who: str, due: datetime.date) -> None:
        if due <= horizon:
            found.append((due, what, obj, who))

    for d in deadlines:
        add(d.what, d.obj, d.who, calendar.add(d.start, d.days))
    validity = int(rule_value("candidate.certificate_validity_months", today))
    for enrolment in _certificates_expiring(active, latest_start(horizon, validity)):
        assert enrolment.candidate is not None
        add(
            _("Awareness certificate expires"),
            enrolment.candidate,
            enrolment.candidate.full_name,
            add_months(enrolment.certificate_on, validity),  # type: ignore[arg-type]
        )
    idle_days = int(rule_value("candidate.idle_days", today))
    stepped_before = horizon - datetime.timedelta(days=idle_days)
    idle = _idle(active, stepped_before).order_by("last_step", "pk")
    for candidate in idle[: max(1, limit // IDLE_SHARE)]:
        add(
            _("No step recorded since %(day)s: what holds the dossier up?")
            % {"day": day_label(candidate.last_step)},
            candidate,
            candidate.full_name,
            candidate.last_step + datetime.timedelta(days=idle_days),
        )
    # Soonest first, and only the first `limit` of them can make the list.
    probation_days = CALENDAR_DAYS_PER_WORKING_DAY * ahead
    for row in probation_due(user, within_days=probation_days, limit=limit):
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
    # The home organization answers for a member away on a temporary
    # transfer: back by the planned day, or on an official transfer.
    for away in TemporaryTransfer.objects.filter(
        from_organization__in=visible_organizations(user), returned_on__isnull=True
    ).select_related("member"):
        add(
            _("Temporary transfer ends: record the return or an official transfer"),
            away.member,
            away.member.full_name,
            away.until,
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
    for trigger in may_be_exempted(user, today):
        add(
            _("May ask to be exempted: %(reason)s (%(source)s)")
            % {"reason": trigger.reason, "source": trigger.source},
            trigger.member,
            trigger.member.full_name,
            trigger.since,
        )
    found.sort(key=lambda row: row[0])
    return [
        DueItem(what, who, obj.get_absolute_url(), due, today)  # type: ignore[attr-defined]
        for due, what, obj, who in found[:limit]
    ]
