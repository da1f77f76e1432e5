"""The demo members' history as events, the same kinds the services write."""

from members.models import Member, MemberEvent
from members.services.lifecycle import ENDINGS
from members.services.recording import admission_events
from organizations.models import User


def history_events(members: list[Member], *, by: User) -> list[MemberEvent]:
    events: list[MemberEvent] = []
    for member in members:
        events += admission_events(member, by=by)
        if member.end_date is not None and member.end_reason in ENDINGS:
            kind, _permission = ENDINGS[Member.Status(member.end_reason)]
            events.append(
                MemberEvent(
                    member=member,
                    kind=kind,
                    on=member.end_date,
                    organization=member.organization,
                    recorded_by=by,
                )
            )
    return events
