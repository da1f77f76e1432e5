"""Party badges (DOMAIN.md §5.7): eligibility from party age with the gaps
subtracted, early awards for seriously ill members and posthumous awards, read
from the rule version in force on the presentation day."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.calendar import add_months
from organizations.models import User
from organizations.rules import rule_in_force, rule_value
from organizations.selectors import Permission
from organizations.text import day_label

from ..models import Badge, Member, MemberEvent
from .recording import Decision, lock_member, record_event

Early = Badge.Early


def milestone_reached_on(member: Member, years: int) -> datetime.date:
    """The day the member's party age reaches `years` (gaps subtracted)."""
    return add_months(member.party_age_from, 12 * years)


def _early_months(milestone: int, early: str, on: datetime.date) -> int:
    if early == Early.POSTHUMOUS:
        return int(rule_value("badge.early_months_posthumous", on))
    if early == Early.ILL:
        # {"30": 12, "70": 24}: from the 30-year badge on, 12 months early; from
        # the 70-year one on, 24.
        bands = rule_value("badge.early_months_ill", on)
        band = max((int(f) for f in bands if int(f) <= milestone), default=None)
        return int(bands[str(band)]) if band is not None else 0
    return 0


def badge_problems(
    member: Member, *, milestone: int, awarded_on: datetime.date, early: str
) -> list[str]:
    """Every reason the badge cannot be awarded, in Vietnamese."""
    problems = []
    milestones = [int(y) for y in rule_value("badge.milestones_years", awarded_on)]
    if milestone not in milestones:
        return [
            _("Badges are awarded for %(list)s years of party age.")
            % {"list": ", ".join(str(y) for y in milestones)}
        ]
    deceased = member.status == Member.Status.DECEASED
    if member.end_date is not None and not deceased:
        return [_("Badges are awarded only to members and to members who died.")]
    if deceased and early != Early.POSTHUMOUS:
        problems.append(_("The member has died: record the award as posthumous."))
    if not deceased and early == Early.POSTHUMOUS:
        problems.append(_("A posthumous award is only for a member who has died."))
    reached = milestone_reached_on(member, milestone)
    # A posthumous award counts the party age at death; others at presentation.
    judged_on = member.end_date if deceased and member.end_date else awarded_on
    months = _early_months(milestone, early, awarded_on)
    if reached > add_months(judged_on, months):
        problems.append(
            _(
                "The party age reaches %(years)s years on %(date)s"
                "%(early)s; this award is too early."
            )
            % {
                "years": milestone,
                "date": day_label(reached),
                "early": _(" (at most %(n)s months early allowed)") % {"n": months}
                if months
                else "",
            }
        )
    if member.badges.filter(milestone=milestone).exists():
        problems.append(
            _("The %(years)s-year badge has already been awarded.")
            % {"years": milestone}
        )
    return problems


@transaction.atomic
def award_badge(
    member: Member,
    *,
    milestone: int,
    awarded_on: datetime.date,
    decision: Decision,
    by: User,
    early: str = "",
) -> Badge:
    """Record a badge awarded by the provincial committee's decision."""
    member = lock_member(member, by, Permission.RECORD_COMMITTEE_DECISION)
    problems = badge_problems(
        member, milestone=milestone, awarded_on=awarded_on, early=early
    )
    today = clock.today()
    if decision.date > today or awarded_on > today:
        problems.append(_("The decision and the presentation cannot be in the future."))
    if awarded_on < decision.date:
        problems.append(_("The badge is presented after the decision."))
    if problems:
        raise ValidationError(problems)
    badge = Badge.objects.create(
        member=member,
        milestone=milestone,
        awarded_on=awarded_on,
        decision_number=decision.number,
        decision_date=decision.date,
        decided_by=decision.body,
        early=early,
        recorded_by=by,
    )
    record_event(
        member,
        MemberEvent.Kind.BADGE_AWARDED,
        on=awarded_on,
        by=by,
        decision=decision,
        milestone=milestone,
        early=early,
    )
    return badge


def gift_multipliers(on: datetime.date) -> tuple[dict[int, str], str]:
    """The gift with each badge as a multiple of the base salary, by the
    rule in force on the presentation day, and the rule's source (the
    milestones the guidance leaves open have none)."""
    rule = rule_in_force("badge.gift_multipliers", on)
    return {int(years): str(times) for years, times in rule.value.items()}, rule.source
