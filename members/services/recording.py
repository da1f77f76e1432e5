"""Shared steps of the member services: lock the row after checking who may act,
check dates against the record, and append to the member's history."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can
from organizations.text import day_label

from ..models import Member, MemberEvent, Placement


@dataclass(frozen=True)
class Decision:
    """A committee decision as issued: number, date and issuing body."""

    number: str
    date: datetime.date
    body: str = ""


def lock_member(
    member: Member, by: User, permission: Permission, *, on: Organization | None = None
) -> Member:
    """Check `by` holds `permission` on the member's organization (or `on`), then
    re-read the row under a lock so two people cannot act on it at once."""
    if not can(by, permission, on or member.organization):
        raise PermissionDenied
    return (
        Member.objects.select_for_update()
        .select_related("organization")
        .get(pk=member.pk)
    )


def require_current(member: Member) -> None:
    if member.end_date is not None:
        raise ValidationError(_("This person is no longer a party member here."))


def check_day(day: datetime.date, member: Member, label: str) -> None:
    errors = []
    if day > clock.today():
        errors.append(_("%(what)s cannot be in the future.") % {"what": label})
    if day < member.ceremony_date:
        errors.append(
            _("%(what)s cannot be before the admission ceremony (%(date)s).")
            % {"what": label, "date": day_label(member.ceremony_date)}
        )
    if errors:
        raise ValidationError(errors)


def record_event(
    member: Member,
    kind: str,
    *,
    on: datetime.date,
    by: User,
    decision: Decision | None = None,
    note: str = "",
    **data: object,
) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        organization=member.organization,
        decision_number=decision.number if decision else "",
        decision_date=decision.date if decision else None,
        decided_by=decision.body if decision else "",
        note=note,
        data=data,
        recorded_by=by,
    )


def admission_events(
    member: Member, *, by: User | None, note: str = ""
) -> list[MemberEvent]:
    """The unsaved history a bulk creation writes for a member admitted outside the
    services (the demo, an import): the admission and, if reached, recognition."""
    common = {"member": member, "organization": member.organization, "recorded_by": by}
    events = [
        MemberEvent(
            kind=MemberEvent.Kind.ADMITTED,
            on=member.ceremony_date,
            decision_number=member.admission_decision_number,
            decision_date=member.admission_decision_date,
            decided_by=member.admission_issuing_body,
            note=note,
            **common,
        )
    ]
    official, ended = member.official_date, member.end_date
    if official and (ended is None or official <= ended):
        events.append(
            MemberEvent(kind=MemberEvent.Kind.RECOGNIZED, on=official, **common)
        )
    return events


def open_period(
    member: Member, decision: Decision, ceremony_date: datetime.date
) -> Placement:
    """The placement that starts a membership period at the ceremony."""
    return Placement.objects.create(
        member=member,
        organization=member.organization,
        start=ceremony_date,
        opens_period=True,
        decision_date=decision.date,
        ceremony_date=ceremony_date,
    )
