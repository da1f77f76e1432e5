"""The members as at the period's last day (DESIGN.md §4: each in the
organization they belonged to then), counted by every breakdown of DOMAIN.md §6
and by the year's ranking in one pass over the placements in force that day."""

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count, FilteredRelation, Q, Sum, Value
from django.db.models.functions import ExtractYear

from members.models import Exemption, Member, Placement
from members.models.profile import (
    Ethnicity,
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    TheoryLevel,
)
from organizations.calendar import latest_start
from organizations.models import QualityLevel

from .scope import Scope

# (key, lowest age, highest age) of the age bands the reports use.
AGE_BANDS = (
    ("to_30", None, 30),
    ("31_40", 31, 40),
    ("41_50", 41, 50),
    ("51_60", 51, 60),
    ("from_61", 61, None),
)
PARTY_AGE_BANDS = (
    ("under_10", None, 9),
    ("10_19", 10, 19),
    ("20_29", 20, 29),
    ("30_39", 30, 39),
    ("40_49", 40, 49),
    ("from_50", 50, None),
)


def _grades(system: int, first: int, last: int) -> list[str]:
    return [f"{grade}/{system}" for grade in range(first, last + 1)]


# The school levels of the twelve-year system and of the older ten-year one
# (a "7/10" finished the second level, as a "9/12" does).
EDUCATION_LEVELS = {
    "primary": _grades(12, 1, 5) + _grades(10, 1, 4),
    "lower_secondary": _grades(12, 6, 9) + _grades(10, 5, 7),
    "upper_secondary": _grades(12, 10, 12) + _grades(10, 8, 10),
}
UNKNOWN = "unknown"


def _born(day: datetime.date, years: int) -> datetime.date:
    """The latest date of birth of someone `years` old on `day`."""
    return latest_start(day, 12 * years)


def _band(field: str, day: datetime.date, low: int | None, high: int | None) -> Q:
    """Rows whose whole years since `field` on `day` lie in [low, high]."""
    query = Q()
    if low is not None:
        query &= Q(**{f"{field}__lte": _born(day, low)})
    if high is not None:
        query &= Q(**{f"{field}__gt": _born(day, high + 1)})
    return query


def tally(scope: Scope) -> dict[str, Any]:
    """Every count of the members in force on the period's last day, and of
    their ranking for its year, in one pass over the placements grouped by
    ethnic group (a few dozen rows, summed here): the figures' one scan of a
    province's members."""
    day = scope.period.last
    placements = (
        Placement.objects.on(day)
        .filter(organization_id__in=scope.ids_on(day))
        .annotate(
            rated=FilteredRelation(
                "member__ratings", condition=Q(member__ratings__year=day.year)
            )
        )
    )
    exempt = Exemption.objects.filter(
        Q(end__isnull=True) | Q(end__gt=day), start__lte=day
    ).values("member_id")
    counts: dict[str, Any] = {
        "total": Count("pk"),
        "official": Count("pk", filter=Q(official_date__lte=day)),
        "exempt": Count("pk", filter=Q(member_id__in=exempt)),
        "years": Sum(Value(day.year) - ExtractYear("member__birth_date")),
    }
    if (day.month, day.day) != (12, 31):
        # Whole years: less one for those whose birthday is still to come
        # (none on 31/12, the usual last day).
        later = Q(member__birth_date__month__gt=day.month) | Q(
            member__birth_date__month=day.month, member__birth_date__day__gt=day.day
        )
        counts["birthday_to_come"] = Count("pk", filter=later)
    choices = {
        "sex": ("member__sex", Member.Sex.values),
        "professional": ("member__professional_level", ProfessionalLevel.values),
        "theory": ("member__political_theory", TheoryLevel.values),
        "religion": ("member__religion", Religion.values),
        "occupation": ("member__occupation_group", OccupationGroup.values),
        "rating": ("rated__level", QualityLevel.values),
    }
    for name, (field, values) in choices.items():
        for value in values:
            counts[f"{name}:{value}"] = Count("pk", filter=Q(**{field: value}))
    for level, grades in EDUCATION_LEVELS.items():
        counts[f"education:{level}"] = Count(
            "pk", filter=Q(member__general_education__in=grades)
        )
    for key, low, high in AGE_BANDS:
        counts[f"age:{key}"] = Count(
            "pk", filter=_band("member__birth_date", day, low, high)
        )
    for key, low, high in PARTY_AGE_BANDS:
        counts[f"party_age:{key}"] = Count(
            "pk", filter=_band("member__party_age_from", day, low, high)
        )
    # By the ethnic group's id, named here: a join for each of a million rows
    # saved.
    rows = placements.values("member__ethnicity_id").annotate(**counts).order_by()
    ethnicities = {
        pk: (name, code)
        for pk, name, code in Ethnicity.objects.values_list("pk", "name", "code")
    }
    totals: Counter[str] = Counter(dict.fromkeys(counts, 0))
    groups: Counter[str] = Counter()
    kinh = 0
    for row in rows:
        name, code = ethnicities[row.pop("member__ethnicity_id")]
        if code == Ethnicity.KINH:
            kinh += row["total"]
        groups[name] += row["total"]
        totals.update(row)
    return {**totals, "kinh": kinh, "groups": groups}


def members_at_end(row: dict[str, Any]) -> dict[str, Any]:
    """The members at the period's end by every breakdown of DOMAIN.md §6,
    from the stock's `tally`."""
    total = row["total"]

    def table(name: str, keys: list[str], *, rest: bool = False) -> dict[str, int]:
        found = {key: row[f"{name}:{key}"] for key in keys}
        if rest:
            found[UNKNOWN] = total - sum(found.values())
        return found

    whole_years = row["years"] - row.get("birthday_to_come", 0)
    return {
        "total": total,
        "by_status": {
            "official": row["official"],
            "probationary": total - row["official"],
        },
        "exempt": row["exempt"],
        "by_sex": table("sex", Member.Sex.values),
        "by_ethnicity": {"kinh": row["kinh"], "minority": total - row["kinh"]},
        # The largest first.
        "by_ethnic_group": dict(
            sorted(row["groups"].items(), key=lambda item: (-item[1], item[0]))
        ),
        "by_age": table("age", [key for key, *_ in AGE_BANDS]),
        "average_age": round(whole_years / total, 1) if total else None,
        "by_education": table("education", list(EDUCATION_LEVELS), rest=True),
        "by_professional": table("professional", ProfessionalLevel.values, rest=True),
        "by_theory": table("theory", TheoryLevel.values, rest=True),
        "by_religion": table("religion", Religion.values, rest=True),
        "by_occupation": table("occupation", OccupationGroup.values, rest=True),
        "by_party_age": table("party_age", [key for key, *_ in PARTY_AGE_BANDS]),
    }


def member_ranking(row: dict[str, Any]) -> dict[str, Any]:
    """The members at the period's end by the level their cell gave them for
    the period's year (DOMAIN.md §5.6), and those not ranked."""
    levels = {level: row[f"rating:{level}"] for level in QualityLevel.values}
    levels["not_ranked"] = row["total"] - sum(levels.values())
    return levels
