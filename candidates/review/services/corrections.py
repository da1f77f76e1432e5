"""Correcting a locked meeting's record: a recorded act (who, why, what changed)
that raises the meeting's revision. A document asked for after it carries the
new revision, so it is rendered anew, while the earlier files stay
downloadable."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.models import User
from organizations.selectors import Permission, can

from ...models import AgendaItem, Correction, ReviewMeeting
from ...rules import Blocked, Problem
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
