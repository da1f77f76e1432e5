"""Correcting a locked meeting's record: a recorded act (who, why, what changed)
that raises the meeting's revision, so its documents render as new versions
while the earlier files stay downloadable."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.jobs import request_job
from organizations.models import Job, User
from organizations.selectors import Permission, can

from ..models import AgendaItem, Correction, ReviewMeeting
from ..rules import Blocked, Problem
from .meetings import vote_problems

CORRECTABLE = ("votes_for", "votes_against", "abstaining", "note")


@transaction.atomic
def correct_item(
    item: AgendaItem,
    *,
    why: str,
    by: User,
    votes_for: int,
    votes_against: int,
    abstaining: int,
    note: str = "",
) -> Correction:
    """Correct the votes or the note of a decided item. The decision itself
    stands: changing it is a new decision of the committee."""
    meeting = item.meeting
    if not can(by, Permission.APPRAISE, meeting.committee):
        raise PermissionDenied
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    problems = []
    if not meeting.is_locked:
        problems.append(
            Problem(_("The meeting is not locked; change the item directly."))
        )
    if not why.strip():
        problems.append(Problem(_("Say why the record is corrected.")))
    problems += vote_problems(
        meeting,
        outcome=item.outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstaining=abstaining,
        reason=item.reason,
    )
    after = {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "abstaining": abstaining,
        "note": note.strip(),
    }
    changes = {
        field: [getattr(item, field), value]
        for field, value in after.items()
        if getattr(item, field) != value
    }
    if not changes:
        problems.append(Problem(_("Nothing is different from the record.")))
    if problems:
        raise Blocked(problems)
    for field, (_before, value) in changes.items():
        setattr(item, field, value)
    item.save(update_fields=list(changes))
    meeting.revision += 1
    meeting.save(update_fields=["revision"])
    correction = Correction.objects.create(
        meeting=meeting,
        item=item,
        reason=why.strip(),
        changes=changes,
        revision=meeting.revision,
        by=by,
    )
    _render_again(meeting, by)
    record_audit(
        "meeting.correct",
        meeting,
        by=by,
        organization=meeting.committee,
        item=item.pk,
        changes=changes,
        reason=correction.reason,
    )
    return correction


def _render_again(meeting: ReviewMeeting, by: User) -> None:
    """Queue a new version of each document already made from the meeting's
    record; the earlier files stay with their jobs."""
    decisions = list(
        meeting.items.filter(decision__isnull=False).values_list(
            "decision_id", flat=True
        )
    )
    made = Job.objects.filter(
        Q(params__meeting=meeting.pk) | Q(params__decision__in=decisions),
        params__revision=meeting.revision - 1,
    )
    for job in made:
        request_job(
            kind=job.kind,
            task_name=job.task_name,
            organization=job.organization,
            params={**job.params, "revision": meeting.revision},
            by=by,
            queue=job.queue,
            shared_with_committee=job.shared_with_committee,
        )
