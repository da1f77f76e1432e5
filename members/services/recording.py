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


# An admission's history, from the member's row: the placement the ceremony
# opens and the events of the period (the admission and, once reached within
# it, the recognition). The one definition the services, the demo and the
# import share: as model objects (opening_placement, admission_events) and,
# for the import's bulk writer, as the columns its SQL copies.
PLACEMENT_FROM_MEMBER = {
    "organization_id": "organization_id",
    "start": "ceremony_date",
    "end": "end_date",
    "decision_date": "admission_decision_date",
    "ceremony_date": "ceremony_date",
    "official_date": "official_date",
}
ADMISSION_FROM_MEMBER = {
    "on": "ceremony_date",
    "organization_id": "organization_id",
    "decision_number": "admission_decision_number",
    "decision_date": "admission_decision_date",
    "decided_by": "admission_issuing_body",
}
RECOGNITION_FROM_MEMBER = {
    "on": "official_date",
    "organization_id": "organization_id",
}
RECOGNIZED_IN_PERIOD_SQL = (
    "official_date IS NOT NULL AND (end_date IS NULL OR official_date <= end_date)"
)


def recognized_in_period(member: Member) -> bool:
    """Python's reading of RECOGNIZED_IN_PERIOD_SQL."""
    official, ended = member.official_date, member.end_date
    return official is not None and (ended is None or official <= ended)


def _taken(member: Member, columns: dict[str, str]) -> dict[str, object]:
    return {field: getattr(member, source) for field, source in columns.items()}


def opening_placement(member: Member) -> Placement:
    """The placement the admission ceremony opens, unsaved."""
    return Placement(
        member=member, opens_period=True, **_taken(member, PLACEMENT_FROM_MEMBER)
    )


def admission_events(
    member: Member,
    *,
    by: User | None,
    note: str = "",
    kind: str = MemberEvent.Kind.ADMITTED,
) -> list[MemberEvent]:
    """The admission (or re-admission) event and, if reached, the recognition,
    unsaved."""
    events = [
        MemberEvent(
            member=member,
            kind=kind,
            note=note,
            recorded_by=by,
            **_taken(member, ADMISSION_FROM_MEMBER),
        )
    ]
    if recognized_in_period(member):
        events.append(
            MemberEvent(
                member=member,
                kind=MemberEvent.Kind.RECOGNIZED,
                recorded_by=by,
                **_taken(member, RECOGNITION_FROM_MEMBER),
            )
        )
    return events


def write_admission(
    member: Member, *, by: User, kind: str = MemberEvent.Kind.ADMITTED
) -> Placement:
    """Write the history of a membership period the ceremony just opened."""
    placement = opening_placement(member)
    placement.save()
    for event in admission_events(member, by=by, kind=kind):
        event.save()
    return placement
