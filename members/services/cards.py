"""Party cards (DOMAIN.md §4.2): the member row carries the current number and
every card ever issued stays on record; a number is never given out twice."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.selectors import Permission
from organizations.text import day_label

from ..models import Member, MemberEvent, PartyCard
from ..validators import validate_card_number
from .profile import check_unique
from .recording import check_day, lock_member, record_event, require_current


def _taken(number: str) -> ValidationError:
    return ValidationError(
        _("Card number %(number)s has already been issued; numbers are not reused.")
        % {"number": number}
    )


@transaction.atomic
def issue_card(
    member: Member,
    *,
    number: str,
    issued_on: datetime.date,
    reason: str,
    by: User,
) -> PartyCard:
    """Record a new card issued by the organization committee. The card it
    replaces stays in the member's card history."""
    member = lock_member(member, by, Permission.RECORD_COMMITTEE_DECISION)
    require_current(member)
    number = validate_card_number(number.strip())
    errors = []
    if reason not in PartyCard.Reason.values or reason == PartyCard.Reason.EARLIER:
        errors.append(_("Choose why the card is issued."))
    if member.status != Member.Status.OFFICIAL:
        errors.append(_("Party cards are issued to official members."))
    if errors:
        raise ValidationError(errors)
    check_day(issued_on, member, _("The issue date"))
    if number == member.card_number or PartyCard.objects.filter(number=number).exists():
        raise _taken(number)
    check_unique({"card_number": number}, exclude=member.pk, by=by)
    latest = member.cards.order_by("-recorded_at", "-pk").first()
    if latest and latest.issued_on and issued_on < latest.issued_on:
        raise ValidationError(
            _("The member's last card was issued on %(date)s; a new one comes later.")
            % {"date": day_label(latest.issued_on)}
        )
    if (
        member.card_number
        and not member.cards.filter(number=member.card_number).exists()
    ):
        # The card held before the registry kept a history.
        PartyCard.objects.create(
            member=member, number=member.card_number, reason=PartyCard.Reason.EARLIER
        )
    previous = member.card_number
    try:
        # Another member's card may take the number at this very moment: the
        # unique constraints decide, and the loser is told as above.
        with transaction.atomic():
            card = PartyCard.objects.create(
                member=member,
                number=number,
                issued_on=issued_on,
                reason=reason,
                recorded_by=by,
            )
            member.card_number = number
            member.save(update_fields=["card_number", "updated_at"])
    except IntegrityError as exc:
        raise _taken(number) from exc
    record_event(
        member,
        MemberEvent.Kind.CARD_ISSUED,
        on=issued_on,
        by=by,
        number=number,
        previous=previous,
        reason=reason,
    )
    return card
