"""Preparing a review meeting and recording what the Standing Committee decided
on each item. Quorum and threshold come from the rule table; the committee's
members are its standing_committee role assignments on the meeting date."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from organizations import clock
from organizations.audit import record_audit
from organizations.models import Organization, User
from organizations.selectors import Permission, can
from organizations.signers import committee_members, minute_takers
from organizations.text import day_label

from ...electorate import threshold, votes_needed
from ...models import AgendaItem, Candidate, Recognition, ReviewMeeting, Stage
from ...models import RecognitionStage as R
from ...pipeline import competent_committee
from ...rules import Blocked, Problem, consent_problems
from ...services import move

Outcome = AgendaItem.Outcome


@dataclass(frozen=True)
class Counts:
    """The committee's size and what its meeting needs."""

    members: int
    present: int
    quorum: int
    needed: int
    quorum_source: str
    needed_source: str

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum


def counts(meeting: ReviewMeeting) -> Counts:
    members = len(committee_members(meeting.committee, meeting.held_on))
    share, quorum_source = threshold("meeting.quorum_fraction", meeting.held_on)
    fraction, needed_source = threshold("meeting.decision_threshold", meeting.held_on)
    # "More than" the quorum share: half of 9 is 4.5, so 5; half of 8 is 4, so 5.
    quorum = int(share * members) + 1 if members else 1
    return Counts(
        members,
        meeting.attendees.count(),
        quorum,
        votes_needed(fraction, members),
        quorum_source,
        needed_source,
    )


def _require(meeting: ReviewMeeting, by: User, permission: Permission) -> None:
    if not can(by, permission, meeting.committee):
        raise PermissionDenied


def _lock_open(
    meeting: ReviewMeeting, by: User, permission: Permission
) -> ReviewMeeting:
    _require(meeting, by, permission)
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_locked:
        raise Blocked(
            [Problem(_("The meeting is locked; record a correction instead."))]
        )
    return meeting


def _under(committee: Organization) -> Q:
    return Q(organization__path__startswith=committee.path)


def ready_candidates(committee: Organization) -> list[Candidate]:
    """Appraised dossiers of the committee's subtree not waiting on an agenda."""
    waiting = AgendaItem.objects.filter(
        outcome=Outcome.PENDING, candidate__isnull=False
    ).values("candidate_id")
    found = (
        Candidate.objects.filter(
            _under(committee), stage=Stage.APPRAISED, status=Candidate.Status.ACTIVE
        )
        .exclude(pk__in=waiting)
        .select_related("organization")
    )
    return [c for c in found if competent_committee(c) == committee]


def ready_recognitions(committee: Organization) -> list[Recognition]:
    waiting = AgendaItem.objects.filter(
        outcome=Outcome.PENDING, recognition__isnull=False
    ).values("recognition_id")
    found = (
        Recognition.objects.filter(
            member__organization__path__startswith=committee.path, stage=R.APPRAISED
        )
        .exclude(pk__in=waiting)
        .select_related("member__organization")
    )
    return [r for r in found if competent_committee(r) == committee]


@transaction.atomic
def create_meeting(
    committee: Organization,
    *,
    held_on: datetime.date,
    place: str,
    chair: User | None,
    by: User,
) -> ReviewMeeting:
    """The month's review meeting, its agenda filled from what is ready."""
    if not can(by, Permission.APPRAISE, committee):
        raise PermissionDenied
    problems = []
    if not committee.has_admission_authority:
        problems.append(Problem(_("This committee does not decide admissions.")))
    if not place.strip():
        problems.append(Problem(_("Give the meeting's place.")))
    if chair is not None and chair not in committee_members(committee, held_on):
        problems.append(
            Problem(_("The chair must be a member of the Standing Committee."))
        )
    if problems:
        raise Blocked(problems)
    meeting = ReviewMeeting.objects.create(
        committee=committee,
        held_on=held_on,
        place=place.strip(),
        chair=chair,
        created_by=by,
    )
    record_audit("meeting.create", meeting, by=by, organization=committee)
    fill_agenda(meeting, by=by)
    return meeting


def _append(meeting: ReviewMeeting, by: User, **subject: object) -> AgendaItem:
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=meeting, position=last + 1, **subject)
    record_audit(
        "meeting.add_item",
        item,
        by=by,
        organization=meeting.committee,
        **{k: getattr(v, "pk", v) for k, v in subject.items()},
    )
    move(item.dossier, "on_agenda", by=by, note=str(meeting))
    return item


@transaction.atomic
def fill_agenda(meeting: ReviewMeeting, *, by: User) -> int:
    """Add every ready dossier and proposal not yet on the agenda."""
    meeting = _lock_open(meeting, by, Permission.APPRAISE)
    # Two meetings of one committee filled at once would both read the same
    # dossiers as ready: the second waits here until the first has taken them.
    Organization.objects.select_for_update(no_key=True).get(pk=meeting.committee_id)
    added = 0
    for candidate in ready_candidates(meeting.committee):
        _append(meeting, by, candidate=candidate)
        added += 1
    for recognition in ready_recognitions(meeting.committee):
        _append(meeting, by, recognition=recognition)
        added += 1
    return added


@transaction.atomic
def hold_back(item: AgendaItem, *, by: User) -> None:
    """Take an item off the agenda: it goes back to the pool for a later meeting."""
    meeting = _lock_open(item.meeting, by, Permission.APPRAISE)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if item.outcome != Outcome.PENDING:
        raise Blocked([Problem(_("An item already decided stays on the agenda."))])
    record_audit(
        "meeting.hold_back",
        meeting,
        by=by,
        organization=meeting.committee,
        candidate=item.candidate_id,
        recognition=item.recognition_id,
    )
    move(item.dossier, "held_back", by=by, note=str(meeting))
    item.delete()
    _renumber(meeting)


def _renumber(meeting: ReviewMeeting) -> None:
    for position, item in enumerate(meeting.items.order_by("position", "pk"), 1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def move_item(item: AgendaItem, *, by: User, up: bool) -> None:
    meeting = _lock_open(item.meeting, by, Permission.APPRAISE)
    items = list(meeting.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, 1):
        if it.position != position:
            it.position = position
            it.save(update_fields=["position"])


@transaction.atomic
def set_attendance(
    meeting: ReviewMeeting,
    *,
    present: list[User],
    by: User,
    secretary: User | None = None,
) -> Counts:
    """Who attended, and who took the minutes."""
    meeting = _lock_open(meeting, by, Permission.DECIDE)
    if meeting.held_on > clock.today():
        raise Blocked(
            [
                Problem(
                    _("Attendance is recorded on the meeting day, %(day)s, or after.")
                    % {"day": day_label(meeting.held_on)}
                )
            ]
        )
    members = committee_members(meeting.committee, meeting.held_on)
    outsiders = [u for u in present if u not in members]
    if outsiders:
        raise Blocked(
            [
                Problem(
                    _("%(name)s is not a member of the Standing Committee.")
                    % {"name": str(u)}
                )
                for u in outsiders
            ]
        )
    if secretary is not None and secretary not in minute_takers(
        meeting.committee, meeting.held_on
    ):
        raise Blocked(
            [
                Problem(
                    _(
                        "The secretary is a member of the Standing Committee or "
                        "of the organization committee's staff."
                    )
                )
            ]
        )
    meeting.attendees.set(present)
    if secretary is not None:
        meeting.secretary = secretary
        meeting.save(update_fields=["secretary"])
    record_audit(
        "meeting.attendance",
        meeting,
        by=by,
        organization=meeting.committee,
        present=sorted(u.pk for u in present),
        secretary=secretary.pk if secretary else None,
    )
    return counts(meeting)


def vote_problems(
    meeting: ReviewMeeting,
    *,
    outcome: str,
    votes_for: int,
    votes_against: int,
    abstaining: int,
    reason: str,
) -> list[Problem]:
    """Every rule the outcome breaks: quorum, the votes against the attendance,
    the threshold for admitting, a reason for deferring or rejecting."""
    numbers = counts(meeting)
    problems = []
    if outcome == Outcome.PENDING:
        problems.append(Problem(_("Choose the committee's decision.")))
    if meeting.held_on > clock.today():
        problems.append(Problem(_("The meeting has not been held yet.")))
    if not numbers.quorate:
        problems.append(
            Problem(
                _(
                    "Only %(present)s of the %(members)s members are present; the "
                    "meeting needs %(quorum)s to decide."
                )
                % {
                    "present": numbers.present,
                    "members": numbers.members,
                    "quorum": numbers.quorum,
                },
                numbers.quorum_source,
            )
        )
    if votes_for + votes_against + abstaining > numbers.present:
        problems.append(
            Problem(
                _("More votes than the %(present)s members present.")
                % {"present": numbers.present}
            )
        )
    if outcome == Outcome.APPROVED and votes_for < numbers.needed:
        problems.append(
            Problem(
                _(
                    "%(for)s votes for; admitting or recognizing needs at least "
                    "%(needed)s of the %(members)s members."
                )
                % {
                    "for": votes_for,
                    "needed": numbers.needed,
                    "members": numbers.members,
                },
                numbers.needed_source,
            )
        )
    if outcome in (Outcome.DEFERRED, Outcome.REJECTED) and not reason.strip():
        problems.append(Problem(_("Give the reason for deferring or rejecting.")))
    return problems


@transaction.atomic
def record_outcome(
    item: AgendaItem,
    *,
    outcome: str,
    votes_for: int,
    votes_against: int,
    abstaining: int,
    by: User,
    reason: str = "",
    needs_correction: bool = False,
    note: str = "",
) -> AgendaItem:
    """What the committee decided on one item; final when the meeting is locked."""
    meeting = _lock_open(item.meeting, by, Permission.DECIDE)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    problems = vote_problems(
        meeting,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstaining=abstaining,
        reason=reason,
    )
    if outcome == Outcome.APPROVED and item.candidate is not None:
        problems += consent_problems(item.candidate, meeting.held_on)
    if problems:
        raise Blocked(problems)
    item.outcome, item.reason = outcome, reason.strip()
    item.needs_correction = outcome == Outcome.DEFERRED and needs_correction
    item.votes_for, item.votes_against, item.abstaining = (
        votes_for,
        votes_against,
        abstaining,
    )
    item.note, item.recorded_by = note.strip(), by
    item.save()
    record_audit(
        "meeting.outcome",
        item,
        by=by,
        organization=meeting.committee,
        outcome=outcome,
        votes=[votes_for, votes_against, abstaining],
    )
    return item
