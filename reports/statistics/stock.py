"""The members as at the period's last day (DESIGN.md §4: each in the
organization they belonged to then), counted by every breakdown of DOMAIN.md §6
in one pass over the placements in force that day."""

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import ExtractYear

from members.models import Exemption, Member, Placement
from members.models.profile import (
    Ethnicity,
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    TheoryLevel,
)
from organizations.calendar import add_months

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
    """The last birthday on which someone is `years` old on `day`."""
    return add_months(day, -12 * years)


def _band(field: str, day: datetime.date, low: int | None, high: int | None) -> Q:
    """Rows whose whole years since `field` on `day` lie in [low, high]."""
    query = Q()
    if low is not None:
        query &= Q(**{f"{field}__lte": _born(day, low)})
    if high is not None:
        query &= Q(**{f"{field}__gt": _born(day, high + 1)})
    return query


def stock_queryset(scope: Scope) -> Any:
    day = scope.period.last
    return Placement.objects.on(day).filter(organization_id__in=scope.ids_on(day))


def members_at_end(scope: Scope) -> dict[str, Any]:
    day = scope.period.last
    placements = stock_queryset(scope)
    exempt = Exemption.objects.filter(
        Q(end__isnull=True) | Q(end__gt=day), member=OuterRef("member"), start__lte=day
    )
    birthday_to_come = Q(member__birth_date__month__gt=day.month) | Q(
        member__birth_date__month=day.month, member__birth_date__day__gt=day.day
    )
    counts: dict[str, Any] = {
        "total": Count("pk"),
        "official": Count("pk", filter=Q(official_date__lte=day)),
        "exempt": Count("pk", filter=Exists(exempt)),
        "kinh": Count("pk", filter=Q(member__ethnicity__code=Ethnicity.KINH)),
        "years": Sum(Value(day.year) - ExtractYear("member__birth_date")),
        "birthday_to_come": Count("pk", filter=birthday_to_come),
    }
    choices = {
        "sex": ("member__sex", Member.Sex.values),
        "professional": ("member__professional_level", ProfessionalLevel.values),
        "theory": ("member__political_theory", TheoryLevel.values),
        "religion": ("member__religion", Religion.values),
        "occupation": ("member__occupation_group", OccupationGroup.values),
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
    row = placements.aggregate(**counts)
    total = row["total"]

    def table(name: str, keys: list[str], *, rest: bool = False) -> dict[str, int]:
        found = {key: row[f"{name}:{key}"] for key in keys}
        if rest:
            found[UNKNOWN] = total - sum(found.values())
        return found

    whole_years = (row["years"] or 0) - row["birthday_to_come"]
    return {
        "total": total,
        "by_status": {
            "official": row["official"],
            "probationary": total - row["official"],
        },
        "exempt": row["exempt"],
        "by_sex": table("sex", Member.Sex.values),
        "by_ethnicity": {"kinh": row["kinh"], "minority": total - row["kinh"]},
        "by_ethnic_group": _ethnic_groups(placements),
        "by_age": table("age", [key for key, *_ in AGE_BANDS]),
        "average_age": round(whole_years / total, 1) if total else None,
        "by_education": table("education", list(EDUCATION_LEVELS), rest=True),
        "by_professional": table("professional", ProfessionalLevel.values, rest=True),
        "by_theory": table("theory", TheoryLevel.values, rest=True),
        "by_religion": table("religion", Religion.values, rest=True),
        "by_occupation": table("occupation", OccupationGroup.values, rest=True),
        "by_party_age": table("party_age", [key for key, *_ in PARTY_AGE_BANDS]),
    }


def _ethnic_groups(placements: Any) -> dict[str, int]:
    """Members by ethnic group, the largest first."""
    rows = (
        placements.values("member__ethnicity__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "member__ethnicity__name")
    )
    return {row["member__ethnicity__name"]: row["count"] for row in rows}
