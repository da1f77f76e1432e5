"""Members who may ask to be exempted from work and activities (DOMAIN.md
§5.2), found for the cell: past the working age the rule sets for their sex
and missing the cell's latest meetings, or away ill from them for the months
of treatment the rule counts. Exemption is the member's own request and the
cell's decision; nothing here decides it."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.calendar import add_months
from organizations.rules import rule_in_force

from .models import Exemption, Member, MissedMonth
from .removal import Trigger
from .selectors import visible_members
from .services.periods import elderly_age


def _month_end(month: datetime.date, today: datetime.date) -> datetime.date:
    return min(add_months(month, 1) - datetime.timedelta(days=1), today)


def may_be_exempted(user: Any, today: datetime.date) -> list[Trigger]:
    this_month = today.replace(day=1)
    latest = {this_month, add_months(this_month, -1)}
    illness = rule_in_force("exemption.illness_min_months", today)
    run = int(illness.value)
    exempt = Exemption.objects.filter(start__lte=today).exclude(end__lte=today)
    members = (
        visible_members(user)
        .filter(end_date__isnull=True)
        .exclude(pk__in=exempt.values("member_id"))
    )
    missed: dict[int, set[datetime.date]] = {}
    ill: dict[int, set[datetime.date]] = {}
    for member_id, month, away_ill in (
        MissedMonth.objects.filter(
            member__in=members,
            month__gte=add_months(this_month, -run),
            month__lte=today,
        )
        .filter(Q(absent=True) | Q(ill=True))
        .values_list("member_id", "month", "ill")
    ):
        missed.setdefault(member_id, set()).add(month)
        if away_ill:
            ill.setdefault(member_id, set()).add(month)
    found = Member.objects.in_bulk(list(missed))
    triggers = []
    for member_id, months in missed.items():
        member = found[member_id]
        if months & latest:
            triggers += _elderly(member, max(months), today)
        last = max(ill.get(member_id, set()) & latest, default=None)
        if last and all(add_months(last, -n) in ill[member_id] for n in range(run)):
            first = add_months(last, 1 - run)
            triggers.append(
                Trigger(
                    member,
                    _(
                        "Away ill from the cell's meetings %(n)s months running "
                        "(%(first)s–%(last)s)."
                    )
                    % {"n": run, "first": f"{first:%m/%Y}", "last": f"{last:%m/%Y}"},
                    _month_end(last, today),
                    illness.source,
                )
            )
    return triggers


def _elderly(
    member: Member, month: datetime.date, today: datetime.date
) -> list[Trigger]:
    rule, years = elderly_age(member, today)
    if years < int(rule.value):
        return []
    return [
        Trigger(
            member,
            _(
                "Aged %(years)s, past the working age of %(age)s, and missed the "
                "cell's meeting of %(month)s."
            )
            % {"years": years, "age": rule.value, "month": f"{month:%m/%Y}"},
            _month_end(month, today),
            rule.source,
        )
    ]
