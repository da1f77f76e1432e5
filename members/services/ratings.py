"""Yearly quality rating (xếp loại chất lượng đảng viên, DOMAIN.md §5.6): the
cell rates its members at the end of the year. Not rated: members exempt at the
end of the year and members admitted less than six months before it. The share
rated excellent is capped per grassroots organization by the rule table."""

import datetime
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.calendar import whole_months
from organizations.models import Organization, User
from organizations.rules import rule_value
from organizations.selectors import Permission, can
from organizations.services.ranking import checked_level

from ..models import Exemption, Member, MemberEvent, Rating, Suspension
from .recording import record_event

Level = Rating.Level


def year_end(year: int) -> datetime.date:
    if year < 1930 or year > clock.today().year:
        raise ValidationError(_("Choose a year that has come."))
    return datetime.date(year, 12, 31)


def not_rated_reasons(member: Member, year: int) -> list[str]:
    """Why the member is not rated for `year` (empty when they are)."""
    end = year_end(year)
    months = int(rule_value("rating.not_rated_admitted_under_months", end))
    reasons = []
    if whole_months(member.ceremony_date, end) < months:
        reasons.append(
            _(
                "Members admitted less than %(months)s months before the end of "
                "the year are not rated."
            )
            % {"months": months}
        )
    exempt = Exemption.objects.filter(member=member, start__lte=end).exclude(
        end__lte=end
    )
    if exempt.exists():
        reasons.append(_("Members exempt from activities are not rated."))
    suspended = Suspension.objects.filter(member=member, start__lte=end).exclude(
        end__lte=end
    )
    if suspended.exists():
        reasons.append(_("Members suspended, prosecuted or detained are not rated."))
    return reasons


def excellent_cap_problem(
    organization: Organization, year: int, proposed: dict[int, str]
) -> str | None:
    """The cap on excellent ratings, counted over the whole grassroots
    organization: the ratings already kept there for the year with the proposed
    ones applied. The denominator is the members rated good or excellent (the
    guidance says "HTTNV"; whether 366-QĐ/TW keeps the cap is open, so the
    fraction is rule data)."""
    grassroots = organization.grassroots() or organization
    cap = Fraction(str(rule_value("rating.excellent_cap_fraction", year_end(year))))
    levels = dict(
        Rating.objects.filter(
            year=year, member__organization__path__startswith=grassroots.path
        ).values_list("member_id", "level")
    )
    levels.update(proposed)
    excellent = sum(1 for level in levels.values() if level == Level.EXCELLENT)
    good_or_better = sum(
        1 for level in levels.values() if level in (Level.EXCELLENT, Level.GOOD)
    )
    if excellent > cap * good_or_better:
        return _(
            "At most %(cap)s of the members rated good or excellent in "
            "%(name)s may be rated excellent (%(excellent)s of %(total)s proposed)."
        ) % {
            "cap": f"{float(cap):.0%}",
            "name": grassroots.name,
            "excellent": excellent,
            "total": good_or_better,
        }
    return None


@transaction.atomic
def rate_organization(
    organization: Organization,
    *,
    year: int,
    levels: dict[int, str],
    points: dict[int, Decimal | None] | None = None,
    by: User,
) -> int:
    """Record (or correct) the year's ratings of the organization's members in
    one go, each a level and, where the cell scored it, the points (a level
    left empty is the one the points reach); nothing is saved unless every
    row is valid. Returns how many ratings were written."""
    if not can(by, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    end = year_end(year)
    points = points or {}
    members = {
        m.pk: m
        for m in Member.objects.select_for_update()
        .filter(organization=organization, end_date__isnull=True)
        .order_by("sort_key")
    }
    existing = {
        r.member_id: r
        for r in Rating.objects.select_for_update().filter(
            member__in=list(members), year=year
        )
    }
    errors = []
    proposed: dict[int, tuple[str, Decimal | None]] = {}
    for pk in levels.keys() | points.keys():
        member = members.get(pk)
        if member is None:
            errors.append(_("Only the organization's current members are rated here."))
            continue
        level, scored = levels.get(pk, ""), points.get(pk)
        if not level and scored is None:
            continue
        try:
            level = checked_level(level, scored, end, points_required=False)
        except ValidationError as refused:
            errors += [f"{member.full_name}: {m}" for m in refused.messages]
            continue
        errors += [f"{member.full_name}: {r}" for r in not_rated_reasons(member, year)]
        rating = existing.get(pk)
        if rating is None or (rating.level, rating.points) != (level, scored):
            proposed[pk] = (level, scored)
    if not errors and proposed:
        problem = excellent_cap_problem(
            organization, year, {pk: level for pk, (level, _p) in proposed.items()}
        )
        if problem:
            errors.append(problem)
    if errors:
        raise ValidationError(errors)
    for pk, (level, scored) in proposed.items():
        rating = existing.get(pk)
        previous = rating.level if rating else ""
        if rating is None:
            Rating.objects.create(member_id=pk, year=year, level=level, points=scored)
        else:
            rating.level, rating.points = level, scored
            rating.save(update_fields=["level", "points"])
        record_event(
            members[pk],
            MemberEvent.Kind.RATED,
            on=end,
            by=by,
            year=year,
            level=level,
            points=str(scored) if scored is not None else "",
            previous=previous,
        )
    return len(proposed)
