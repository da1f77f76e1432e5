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
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.calendar import whole_months
from organizations.models import User
from organizations.rules import rule_in_force
from organizations.selectors import Permission
from organizations.services.ranking import checked_level
from organizations.text import day_label

from ..due import probation_end
from ..models import (
    Exemption,
    Guidance,
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
def start_exemption(
    member: Member,
    *,
    start: datetime.date,
    reason: str,
    by: User,
    ground: str = Exemption.Ground.OTHER,
) -> Exemption:
    """The cell exempts the member from work and activities from `start`; for
    old age only past the working age the rule in force sets for the
    member's sex."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    _check_start(
        member,
        member.exemptions,
        start,
        _("The start of the exemption"),
        _("This member is already exempt."),
    )
    if ground not in Exemption.Ground.values:
        raise ValidationError(_("Choose the ground of the exemption."))
    if ground == Exemption.Ground.ELDERLY:
        _check_elderly(member, start)
    exemption = Exemption.objects.create(
        member=member, start=start, reason=reason, ground=ground
    )
    record_event(member, Kind.EXEMPTED, on=start, by=by, note=reason, ground=ground)
    return exemption


def _check_elderly(member: Member, on: datetime.date) -> None:
    key = (
        "exemption.elderly_age_women"
        if member.sex == Member.Sex.FEMALE
        else "exemption.elderly_age_men"
    )
    rule = rule_in_force(key, on)
    years = whole_months(member.birth_date, on) // 12
    if years < int(rule.value):
        raise ValidationError(
            _(
                "Exemption for old age is from %(age)s years (%(source)s); on "
                "%(date)s the member is %(years)s."
            )
            % {
                "age": rule.value,
                "source": rule.source,
                "date": day_label(on),
                "years": years,
            }
        )


Period = TypeVar("Period", Exemption, Guidance, Suspension)


@transaction.atomic
def end_exemption(member: Member, *, on: datetime.date, by: User) -> Exemption:
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    return _end_period(
        member,
        member.exemptions.filter(end__isnull=True).first(),
        on=on,
        by=by,
        event=Kind.EXEMPTION_ENDED,
        messages=(
            _("This member is not exempt."),
            _("The return date"),
            _("The return must come after the start of the exemption."),
        ),
    )


def _check_start(
    member: Member, periods: Any, start: datetime.date, day_name: str, already: str
) -> None:
    """A dated period may open on `start`: the member is current, the day
    possible, and no period of the kind is open."""
    require_current(member)
    check_day(start, member, day_name)
    if periods.filter(end__isnull=True).exists():
        raise ValidationError(already)


def _end_period(
    member: Member,
    period: Period | None,
    *,
    on: datetime.date,
    by: User,
    event: str,
    messages: tuple[str, str, str],
) -> Period:
    """Close the member's open `period` on `on`; `messages`: none open, the
    date's name, a date not after the start."""
    require_current(member)
    none_open, day_name, too_early = messages
    if period is None:
        raise ValidationError(none_open)
    check_day(on, member, day_name)
    if on <= period.start:
        raise ValidationError(too_early)
    period.end = on
    period.save(update_fields=["end"])
    record_event(member, event, on=on, by=by)
    return period


@transaction.atomic
def start_suspension(
    member: Member, *, kind: str, start: datetime.date, reason: str, by: User
) -> Suspension:
    """Record that the member is suspended from activities, prosecuted or
    detained from `start`: no longer among the cell's voters (DOMAIN.md
    §1.8). `reason` names the decision or the authority's notice."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    _check_start(
        member,
        member.suspensions,
        start,
        _("The start of the suspension"),
        _("This member is already suspended."),
    )
    if kind not in Suspension.Kind.values:
        raise ValidationError(_("Choose what the member is subject to."))
    suspension = Suspension.objects.create(
        member=member, kind=kind, start=start, reason=reason
    )
    record_event(member, Kind.SUSPENDED, on=start, by=by, subject=kind, note=reason)
    return suspension


@transaction.atomic
def end_suspension(member: Member, *, on: datetime.date, by: User) -> Suspension:
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    return _end_period(
        member,
        member.suspensions.filter(end__isnull=True).first(),
        on=on,
        by=by,
        event=Kind.SUSPENSION_ENDED,
        messages=(
            _("This member is not suspended."),
            _("The end of the suspension"),
            _("The end must come after the start of the suspension."),
        ),
    )


@transaction.atomic
def start_guidance(
    member: Member, *, start: datetime.date, reason: str, by: User
) -> Guidance:
    """The cell begins helping a member who falls short of the duties."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    _check_start(
        member,
        member.guidances,
        start,
        _("The start of the help"),
        _("The cell is already helping this member."),
    )
    guidance = Guidance.objects.create(member=member, start=start, reason=reason)
    record_event(member, Kind.GUIDANCE_STARTED, on=start, by=by, note=reason)
    return guidance


@transaction.atomic
def end_guidance(member: Member, *, on: datetime.date, by: User) -> Guidance:
    """The cell records the member's improvement."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    return _end_period(
        member,
        member.guidances.filter(end__isnull=True).first(),
        on=on,
        by=by,
        event=Kind.GUIDANCE_ENDED,
        messages=(
            _("The cell is not helping this member."),
            _("The date of the improvement"),
            _("The improvement comes after the help began."),
        ),
    )


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
