"""The yearly quality ranking of grassroots organizations (DOMAIN.md §5.6),
recorded by the organization committee's staff. Where the rules have a
100-point scale (Quy định 366-QĐ/TW), the points cap the level: the staff may
rank lower than the points allow (a disciplined member, tasks late), never
higher. The share of excellent rankings is capped among the organizations
the same committee ranks. Every number is rule data."""

import datetime
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..audit import record_audit
from ..models import Organization, OrganizationRating, QualityLevel, User
from ..rules import RuleMissingError, rule_value
from ..selectors import Permission, can

ORDER = list(QualityLevel)
MINIMUMS = (
    (QualityLevel.EXCELLENT, "rating.excellent_min_points"),
    (QualityLevel.GOOD, "rating.good_min_points"),
    (QualityLevel.COMPLETED, "rating.completed_min_points"),
)


def level_for_points(points: Decimal, day: datetime.date) -> str | None:
    """The best level `points` reach under the scale in force on `day`; None
    where no scale was in force (rankings before 366-QĐ/TW had none)."""
    try:
        minimums = [(level, Decimal(rule_value(key, day))) for level, key in MINIMUMS]
    except RuleMissingError:
        return None
    return next(
        (lvl for lvl, least in minimums if points >= least), QualityLevel.FAILED
    )


def _year_end(year: int) -> datetime.date:
    if not 1930 <= year <= clock.today().year:
        raise ValidationError(_("Choose a year that has come."))
    return datetime.date(year, 12, 31)


def checked_level(
    level: str, points: Decimal | None, day: datetime.date, *, points_required: bool
) -> str:
    """The level to record: the one chosen, or the one the points reach when
    none is; a level above what the points reach is refused (a lower one is
    the rater's to give). A member's or an organization's, on the scale in
    force on `day`; `points_required` where the scale must be used."""
    if points is not None and not Decimal(0) <= points <= Decimal(100):
        raise ValidationError(_("Points run from 0 to 100."))
    best = level_for_points(points, day) if points is not None else None
    scale = level_for_points(Decimal(0), day) is not None
    if scale and points is None and points_required:
        raise ValidationError(_("Give the points on the 100-point scale."))
    if not level:
        if best is None:
            raise ValidationError(_("Choose a level."))
        return best
    if level not in QualityLevel.values:
        raise ValidationError(_("Choose a level."))
    if best is not None and ORDER.index(QualityLevel(level)) < ORDER.index(
        QualityLevel(best)
    ):
        raise ValidationError(
            _("%(points)s points reach “%(best)s” at most.")
            % {"points": points, "best": QualityLevel(best).label}
        )
    return level


def _excellent_cap_problem(
    organization: Organization, year: int, level: str, day: datetime.date
) -> str | None:
    """Excellent rankings among the organizations ranked under the same
    committee that year, this one counted at `level`."""
    if organization.parent_id is None:
        return None
    cap = Fraction(str(rule_value("rating.excellent_cap_fraction", day)))
    levels = dict(
        OrganizationRating.objects.filter(
            year=year, organization__parent_id=organization.parent_id
        ).values_list("organization_id", "level")
    )
    levels[organization.pk] = level
    excellent = sum(1 for found in levels.values() if found == QualityLevel.EXCELLENT)
    good_or_better = sum(
        1
        for found in levels.values()
        if found in (QualityLevel.EXCELLENT, QualityLevel.GOOD)
    )
    if excellent > cap * good_or_better:
        return _(
            "At most %(cap)s of the organizations ranked good or excellent may be "
            "ranked excellent (%(excellent)s of %(total)s)."
        ) % {
            "cap": f"{float(cap):.0%}",
            "excellent": excellent,
            "total": good_or_better,
        }
    return None


@transaction.atomic
def rank_organization(
    organization: Organization,
    *,
    year: int,
    level: str,
    points: Decimal | None,
    by: User,
) -> OrganizationRating:
    """Record (or correct) a grassroots organization's ranking for `year`."""
    if not can(by, Permission.RECORD_COMMITTEE_DECISION, organization):
        raise PermissionDenied
    if not organization.is_grassroots:
        raise ValidationError(_("Only grassroots organizations are ranked."))
    day = _year_end(year)
    level = checked_level(level, points, day, points_required=True)
    if organization.parent_id is not None:
        # One ranking at a time under a committee: the cap counts them all.
        Organization.objects.select_for_update().filter(
            pk=organization.parent_id
        ).first()
    problem = _excellent_cap_problem(organization, year, level, day)
    if problem:
        raise ValidationError(problem)
    rating, created = OrganizationRating.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={"level": level, "points": points, "recorded_by": by},
    )
    record_audit(
        "organizations.rank",
        rating,
        by=by,
        organization=organization,
        year=year,
        level=level,
        points=str(points) if points is not None else "",
        corrected=not created,
    )
    return rating
