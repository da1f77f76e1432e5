"""Discipline short of expulsion (Charter art. 35, DOMAIN.md §5.4), and the
vote every discipline needs: more than the share of those entitled to vote
that the rule table sets for its form (half for a reprimand or a warning,
two thirds for a dismissal or an expulsion)."""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import User
from organizations.rules import rule_in_force
from organizations.selectors import Permission

from ..models import DisciplineLevel, Member, MemberEvent
from .recording import Decision, check_day, lock_member, record_event, require_current

EXPULSION = "expulsion"
THRESHOLDS = {
    DisciplineLevel.REPRIMAND: "discipline.reprimand_warning_threshold",
    DisciplineLevel.WARNING: "discipline.reprimand_warning_threshold",
    DisciplineLevel.DISMISSAL: "discipline.dismissal_expulsion_threshold",
    EXPULSION: "discipline.dismissal_expulsion_threshold",
}


@dataclass(frozen=True)
class Tally:
    """The vote of the body that decided: its members entitled to vote and
    those who voted for the discipline."""

    entitled: int
    votes_for: int


def check_tally(form: str, tally: Tally | None, on: datetime.date) -> Tally:
    """The tally, refused unless it carries the discipline's form by the rule
    in force on `on`."""
    if tally is None:
        raise ValidationError(
            _("Enter how many were entitled to vote and how many voted for.")
        )
    if tally.entitled <= 0 or not 0 <= tally.votes_for <= tally.entitled:
        raise ValidationError(
            _("The votes for cannot exceed the members entitled to vote.")
        )
    rule = rule_in_force(THRESHOLDS[form], on)
    share = Fraction(str(rule.value))
    if not tally.votes_for > share * tally.entitled:
        raise ValidationError(
            _(
                "%(for)s of %(entitled)s entitled to vote is not more than "
                "%(share)s of them (%(source)s)."
            )
            % {
                "for": tally.votes_for,
                "entitled": tally.entitled,
                "share": f"{share.numerator}/{share.denominator}",
                "source": rule.source,
            }
        )
    return tally


@transaction.atomic
def discipline_member(
    member: Member,
    *,
    level: str,
    decision: Decision,
    tally: Tally | None,
    by: User,
    note: str = "",
) -> MemberEvent:
    """Reprimand, warning or dismissal (expulsion ends membership instead).
    Probationary members can only be reprimanded or warned (Charter Art. 35)."""
    member = lock_member(member, by, Permission.RECORD_COMMITTEE_DECISION)
    require_current(member)
    if level not in DisciplineLevel.values:
        raise ValidationError(_("Choose a form of discipline."))
    probationary = member.status == Member.Status.PROBATIONARY
    if probationary and level == DisciplineLevel.DISMISSAL:
        raise ValidationError(
            _("A probationary member can only be reprimanded or warned.")
        )
    check_day(decision.date, member, _("The decision date"))
    tally = check_tally(level, tally, decision.date)
    return record_event(
        member,
        MemberEvent.Kind.DISCIPLINED,
        on=decision.date,
        by=by,
        decision=decision,
        note=note,
        level=level,
        entitled=tally.entitled,
        votes_for=tally.votes_for,
    )
