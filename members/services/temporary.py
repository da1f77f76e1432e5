"""Temporary transfers (DOMAIN.md §5.1): the member takes part in another
organization's activities for a while and stays on the home organization's
roll. Durations come from the rule table in force on the start date."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.calendar import add_months
from organizations.models import Organization, User
from organizations.rules import rule_value
from organizations.selectors import Permission

from ..models import Member, MemberEvent, TemporaryTransfer
from .recording import check_day, lock_member, record_event, require_current
from .transfers import check_destination

Purpose = TemporaryTransfer.Purpose


def _duration_problems(
    purpose: str, start: datetime.date, until: datetime.date
) -> list[str]:
    shortest = int(rule_value("transfer.temporary_min_months", start))
    if purpose == Purpose.STUDY:
        longest = int(rule_value("transfer.temporary_study_max_months", start))
        too_long = until > add_months(start, longest)
    else:
        longest = int(rule_value("transfer.temporary_max_months", start))
        # Change of residence or work: under one year.
        too_long = until >= add_months(start, longest)
    problems = []
    if until < add_months(start, shortest):
        problems.append(
            _(
                "A temporary transfer lasts at least %(n)s months; shorter "
                "absences need no transfer."
            )
            % {"n": shortest}
        )
    if too_long and purpose == Purpose.STUDY:
        problems.append(
            _(
                "A temporary transfer for study lasts at most %(n)s months; "
                "longer needs an official transfer."
            )
            % {"n": longest}
        )
    elif too_long:
        problems.append(
            _(
                "A temporary transfer for residence or work lasts under %(n)s "
                "months; longer needs an official transfer."
            )
            % {"n": longest}
        )
    return problems


@transaction.atomic
def start_temporary_transfer(
    member: Member,
    *,
    purpose: str,
    start: datetime.date,
    until: datetime.date,
    introduction_number: str,
    by: User,
    to: Organization | None = None,
    outside: str = "",
    note: str = "",
) -> TemporaryTransfer:
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    require_current(member)
    check_day(start, member, _("The start of the temporary transfer"))
    check_destination(member, to, outside, start)
    problems = []
    if purpose not in Purpose.values:
        problems.append(_("Choose the purpose of the temporary transfer."))
    elif until <= start:
        problems.append(_("The planned return must come after the start."))
    else:
        problems += _duration_problems(purpose, start, until)
    if member.temporary_transfers.filter(returned_on__isnull=True).exists():
        problems.append(_("This member is already on a temporary transfer."))
    if member.transfers.open().exists():
        problems.append(_("This member has an official transfer awaiting receipt."))
    if problems:
        raise ValidationError(problems)
    away = TemporaryTransfer.objects.create(
        member=member,
        from_organization=member.organization,
        to_organization=to,
        to_outside=outside.strip(),
        purpose=purpose,
        start=start,
        until=until,
        introduction_number=introduction_number.strip(),
        note=note,
        started_by=by,
    )
    record_event(
        member,
        MemberEvent.Kind.TEMPORARY_LEFT,
        on=start,
        by=by,
        note=away.destination,
        until=until.isoformat(),
    )
    return away


@transaction.atomic
def end_temporary_transfer(
    member: Member, *, on: datetime.date, by: User
) -> TemporaryTransfer:
    """The member is back in the home organization's activities from `on`."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY)
    away = (
        member.temporary_transfers.select_for_update()
        .filter(returned_on__isnull=True)
        .first()
    )
    if away is None:
        raise ValidationError(_("This member is not on a temporary transfer."))
    check_day(on, member, _("The return date"))
    if on <= away.start:
        raise ValidationError(_("The return must come after the start."))
    away.returned_on = on
    away.save(update_fields=["returned_on"])
    record_event(member, MemberEvent.Kind.TEMPORARY_RETURNED, on=on, by=by)
    return away
