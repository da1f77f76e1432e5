"""The demo members' history as events, the same kinds the services write."""

from members.models import Member, MemberEvent
from organizations.models import User

from .profiles import ISSUER

ENDINGS = {
    Member.Status.DECEASED: MemberEvent.Kind.DIED,
    Member.Status.REMOVED: MemberEvent.Kind.REMOVED,
    Member.Status.EXPELLED: MemberEvent.Kind.EXPELLED,
    Member.Status.LEFT: MemberEvent.Kind.LEFT,
}


def history_events(members: list[Member], *, by: User) -> list[MemberEvent]:
    events = []
    for member in members:
        common = {
            "member": member,
            "organization": member.organization,
            "recorded_by": by,
        }
        events.append(
            MemberEvent(
                kind=MemberEvent.Kind.ADMITTED,
                on=member.ceremony_date,
                decision_number=member.admission_decision_number,
                decision_date=member.admission_decision_date,
                decided_by=ISSUER,
                **common,
            )
        )
        ended = member.end_date
        if member.official_date and (ended is None or member.official_date <= ended):
            events.append(
                MemberEvent(
                    kind=MemberEvent.Kind.RECOGNIZED, on=member.official_date, **common
                )
            )
        if ended is not None and member.end_reason in ENDINGS:
            kind = ENDINGS[Member.Status(member.end_reason)]
            events.append(MemberEvent(kind=kind, on=ended, **common))
    return events
