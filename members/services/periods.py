"""Dated periods on top of a member's status, recorded by the cell: exemption
from work and activities (DOMAIN.md §5.2), suspension, prosecution or
detention (§1.8), the cell's help for a member who falls short (§5.3). One
open at a time of each; each opening and closing is in the member's history."""

import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.calendar import whole_months
from organizations.models import RuleVersion, User
from organizations.rules import rule_in_force
from organizations.selectors import Permission
from organizations.text import day_label

from ..models import Exemption, Guidance, Member, MemberEvent, Suspension
from .recording import check_day, lock_member, record_event, require_current

Kind = MemberEvent.Kind


@transaction.atomic
def start_exemption(
    member: Member,
    *,
    start: datetime.date,
    reason: str,
    by: User,
    ground: str = Exemption.Ground.OTHER,
    treatment_until: datetime.date | None = None,
    medical_record: bool = False,
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
    if ground == Exemption.Ground.ILL and not medical_record:
        _check_treatment(start, treatment_until)
    exemption = Exemption.objects.create(
        member=member,
        start=start,
        reason=reason,
        ground=ground,
        treatment_until=treatment_until,
        medical_record=medical_record,
    )
    record_event(member, Kind.EXEMPTED, on=start, by=by, note=reason, ground=ground)
    return exemption


def elderly_age(member: Member, on: datetime.date) -> tuple[RuleVersion, int]:
    """The rule of old age for the member's sex in force on `on`, and the
    member's age in whole years that day."""
    key = (
        "exemption.elderly_age_women"
        if member.sex == Member.Sex.FEMALE
        else "exemption.elderly_age_men"
    )
    return rule_in_force(key, on), whole_months(member.birth_date, on) // 12


def _check_elderly(member: Member, on: datetime.date) -> None:
    rule, years = elderly_age(member, on)
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


def _check_treatment(start: datetime.date, until: datetime.date | None) -> None:
    """Weakness is an illness needing the rule's months of treatment, or a
    medical record."""
    rule = rule_in_force("exemption.illness_min_months", start)
    if until is None or whole_months(start, until) < int(rule.value):
        raise ValidationError(
            _(
                "Exemption for weakness needs treatment of %(months)s months or "
                "more from its start, or a medical record (%(source)s)."
            )
            % {"months": rule.value, "source": rule.source}
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
