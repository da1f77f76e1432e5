"""What happens to a member after admission: recognition, exemption, discipline,
rating and the end of membership. Each function checks who may record it, writes
the row, its placements and a MemberEvent in one transaction, and raises
ValidationError (every broken rule, in Vietnamese) or PermissionDenied.

Secretaries record what their cell decides; org_staff record what a committee
decided, with the decision's number and date as issued.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.selectors import Permission
from organizations.services.ranking import checked_level
from organizations.text import day_label

from ..due import probation_end
from ..models import (
    Exemption,
    Member,
    MemberEvent,
    Placement,
    Rating,
    ReadmissionBar,
    Suspension,
)
from .discipline import EXPULSION, Tally, check_tally
from .ratings import excellent_cap_problem, not_rated_reasons
from .recording import Decision, check_day, lock_member, record_event, require_current

Status = Member.Status
Kind = MemberEvent.Kind


@transaction.atomic
def recognize_official(member: Member, *, decision: Decision, by: User) -> Member:
    """Record the committee's recognition decision. The member is official from the
    end of probation even when the cell met or the committee decided late."""
    member = lock_member(member, by, Permission.RECORD_COMMITTEE_DECISION)
    require_current(member)
    if member.status != Status.PROBATIONARY:
        raise ValidationError(_("Only a probationary member can be recognized."))
    official = probation_end(member)
    if decision.date < official:
        raise ValidationError(
            _("Probation ends on %(date)s; recognition cannot be decided before that.")
            % {"date": day_label(official)}
        )
    check_day(decision.date, member, _("The decision date"))
    member.status, member.official_date = Status.OFFICIAL, official
    member.save(update_fields=["status", "official_date", "updated_at"])
    Placement.objects.filter(member=member, ceremony_date=member.ceremony_date).update(
        official_date=official
    )
    record_event(member, Kind.RECOGNIZED, on=official, by=by, decision=decision)
    return member


ENDINGS = {
    Status.DECEASED: (Kind.DIED, Permission.EDIT_REGISTRY),
    Status.REMOVED: (Kind.REMOVED, Permission.RECORD_COMMITTEE_DECISION),
    Status.EXPELLED: (Kind.EXPELLED, Permission.RECORD_COMMITTEE_DECISION),
    Status.LEFT: (Kind.LEFT, Permission.RECORD_COMMITTEE_DECISION),
}


@transaction.atomic
def end_membership(
    member: Member,
    *,
    reason: str,
    on: datetime.date,
    by: User,
    decision: Decision | None = None,
    note: str = "",
    bars: Sequence[str] = (),
    tally: Tally | None = None,
) -> Member:
    """Death, removal of name, expulsion or leaving: the membership here ends on
    `on` (the member is no longer counted from that day). `bars`: what of
    DOMAIN.md §1.16 the decision found, kept on the event for a re-admission
    to be judged by; an expulsion, the `tally` of the vote that decided it."""
    kind, permission = ENDINGS[Status(reason)]
    member = lock_member(member, by, permission)
    require_current(member)
    check_day(on, member, _("The date"))
    if bars and reason == Status.DECEASED:
        raise ValidationError(_("A death bars nothing."))
    if not set(bars) <= set(ReadmissionBar.values):
        raise ValidationError(_("Choose the reasons from the list."))
    if reason == Status.EXPELLED and member.status == Status.PROBATIONARY:
        raise ValidationError(
            _(
                "A probationary member cannot be expelled; the cell proposes "
                "removal of name."
            )
        )
    if permission == Permission.RECORD_COMMITTEE_DECISION and decision is None:
        raise ValidationError(
            _("Enter the number and date of the committee's decision.")
        )
    if reason == Status.EXPELLED:
        check_tally(EXPULSION, tally, decision.date if decision else on)
    member.status, member.end_reason, member.end_date = reason, reason, on
    member.save(update_fields=["status", "end_reason", "end_date", "updated_at"])
    Placement.objects.filter(member=member, end__isnull=True).update(end=on)
    for periods in (Exemption.objects, Suspension.objects):
        periods.filter(member=member, end__isnull=True, start__lt=on).update(end=on)
    extra = {"bars": sorted(set(bars))} if bars else {}
    record_event(member, kind, on=on, by=by, decision=decision, note=note, **extra)
    return member


@transaction.atomic
def record_conviction_cleared(member: Member, *, on: datetime.date, by: User) -> None:
    """The criminal record of a former member convicted of a less serious
    crime was cleared on `on`: the wait before a re-admission runs from it."""
    member = lock_member(member, by, Permission.RECORD_COMMITTEE_DECISION)
    if member.end_date is None:
        raise ValidationError(_("Only a former member's record is cleared here."))
    check_day(on, member, _("The date"))
    if on < member.end_date:
        raise ValidationError(
            _("The record is cleared after the membership ended (%(date)s).")
            % {"date": day_label(member.end_date)}
        )
    record_event(member, Kind.RECORD_CLEARED, on=on, by=by)


@transaction.atomic
def rate_member(
    member: Member,
    *,
    year: int,
    level: str,
    points: Decimal | None = None,
    by: User,
) -> Rating:
    """The cell's yearly rating of one member (ratings.py rates a whole cell):
    the level, and the points where the cell scored them (an empty level is
    the one the points reach, a higher one is refused)."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    require_current(member)
    errors = not_rated_reasons(member, year)
    if member.ratings.filter(year=year).exists():
        errors.append(
            _("This member already has a rating for %(year)s.") % {"year": year}
        )
    try:
        level = checked_level(
            level, points, datetime.date(year, 12, 31), points_required=False
        )
    except ValidationError as refused:
        errors += refused.messages
    if not errors:
        problem = excellent_cap_problem(member.organization, year, {member.pk: level})
        errors += [problem] if problem else []
    if errors:
        raise ValidationError(errors)
    rating = Rating.objects.create(member=member, year=year, level=level, points=points)
    record_event(
        member,
        Kind.RATED,
        on=datetime.date(year, 12, 31),
        by=by,
        year=year,
        level=level,
        points=str(points) if points is not None else "",
    )
    return rating
