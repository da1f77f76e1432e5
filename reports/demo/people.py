"""Demo party members as at 31/12/2018 (DESIGN.md §6).

Demo assumptions, stated here: 5,756 members at 31/12/2018, 205 admission
decisions in 2018 (14 of them in December with the ceremony in January 2019);
ethnic minorities about 90 % (Nùng ≈ 38 %, Dao ≈ 22 %, Mông ≈ 13 %); women
about 30 % of members and 40 % of admissions since 2014; ages 18–90 with a
median near 45; a history of members who died, moved away or were removed.
"""

import datetime
import math
import random

from members.models import Ethnicity, Member
from organizations.calendar import add_months
from organizations.models import Organization

from .district import DemoDistrict
from .names import NAMES

AS_AT = datetime.date(2018, 12, 31)
MEMBERS_AT_END_OF_2018 = 5756
ADMITTED_IN_2018 = 205
DECIDED_IN_DECEMBER_2018 = 14
ENDED_BEFORE_2019 = 880

COMMUNE_MIX = {
    "Nùng": 41,
    "Dao": 24,
    "Mông": 15,
    "La Chí": 7,
    "Tày": 6,
    "Kinh": 3,
    "Phù Lá": 2,
    "Hoa": 2,
}
AGENCY_MIX = {"Nùng": 30, "Kinh": 28, "Tày": 20, "Dao": 12, "Mông": 5, "La Chí": 5}
END_REASONS = [
    (Member.Status.DECEASED, 70),
    (Member.Status.TRANSFERRED_OUT, 20),
    (Member.Status.REMOVED, 6),
    (Member.Status.LEFT, 2),
    (Member.Status.EXPELLED, 2),
]
_ARMED = ("Quân sự", "Công an", "Biên phòng")


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [math.floor(r) for r in raw]
    by_remainder = sorted(
        range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True
    )
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _org_weight(org: Organization, rng: random.Random) -> float:
    if org.kind == Organization.Kind.COMMUNE_COMMITTEE:
        return 330 if "thị trấn" in org.name else rng.uniform(125, 215)
    if org.kind == Organization.Kind.GRASSROOTS_COMMITTEE:
        return rng.uniform(140, 230)
    return rng.uniform(9, 44)


def _admission_year_weights() -> dict[int, float]:
    weights = {}
    for year in range(1962, 2018):
        base = 0.3 if year < 1990 else 0.75 if year < 2005 else 1.0
        age_now = AS_AT.year - year + 26
        survival = 1.0 if age_now < 58 else max(0.03, 1 - (age_now - 58) / 28)
        weights[year] = base * survival
    return weights


class PeopleFactory:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ethnicities = {e.name: e for e in Ethnicity.objects.all()}
        year_weights = _admission_year_weights()
        self.years = list(year_weights)
        self.year_weights = list(year_weights.values())

    def decision_date(self, year: int, month: int | None = None) -> datetime.date:
        """A monthly Standing Committee meeting day: a weekday from the 15th to 25th."""
        month = month or self.rng.randint(1, 12)
        day = datetime.date(year, month, self.rng.randint(15, 25))
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        return day

    def person(
        self, org: Organization, decided: datetime.date, *, cell_of: Organization
    ) -> Member:
        rng = self.rng
        armed = any(word in cell_of.name for word in _ARMED)
        mix = (
            AGENCY_MIX
            if cell_of.kind != Organization.Kind.COMMUNE_COMMITTEE
            else COMMUNE_MIX
        )
        ethnic = rng.choices(list(mix), weights=list(mix.values()))[0]
        female = rng.random() < (
            0.12 if armed else 0.40 if decided.year >= 2014 else 0.28
        )
        families, middles, givens = NAMES[ethnic]
        name = " ".join(
            [
                rng.choice(families),
                rng.choice(middles[female]),
                rng.choice(givens[female]),
            ]
        )
        age = rng.triangular(19, 30, 22) if armed else rng.triangular(19, 47, 26)
        # Nobody alive in the demo is over 90 at the end of 2018.
        age = max(18.5, min(age, 89.0 - (AS_AT.year - decided.year)))
        birth = decided - datetime.timedelta(
            days=int(age * 365.25) + rng.randint(0, 300)
        )
        ceremony = decided + datetime.timedelta(days=rng.randint(10, 35))
        return Member(
            full_name=name,
            sex=Member.Sex.FEMALE if female else Member.Sex.MALE,
            birth_date=birth,
            ethnicity=self.ethnicities[ethnic],
            organization=org,
            status=Member.Status.OFFICIAL,
            admission_decision_date=decided,
            ceremony_date=ceremony,
            official_date=add_months(ceremony, 12),
        )

    def active(self, org: Organization, cell_of: Organization) -> Member:
        year = self.rng.choices(self.years, weights=self.year_weights)[0]
        return self.person(org, self.decision_date(year), cell_of=cell_of)

    def ended(self, org: Organization, cell_of: Organization) -> Member:
        year = self.rng.randint(1962, 2008)
        member = self.person(org, self.decision_date(year), cell_of=cell_of)
        reason = self.rng.choices(
            [r for r, _w in END_REASONS], weights=[w for _r, w in END_REASONS]
        )[0]
        earliest = (member.official_date or member.ceremony_date) + datetime.timedelta(
            days=30
        )
        span = (AS_AT - earliest).days
        member.end_date = earliest + datetime.timedelta(
            days=self.rng.randint(0, max(span, 0))
        )
        member.end_reason = member.status = reason
        return member


def build_members(district: DemoDistrict, rng: random.Random) -> list[Member]:
    """Every demo member row, ready for bulk_create."""
    factory = PeopleFactory(rng)
    orgs = district.grassroots
    per_org = _allocate(MEMBERS_AT_END_OF_2018, [_org_weight(o, rng) for o in orgs])
    admitted_2018 = _allocate(ADMITTED_IN_2018, [float(n) for n in per_org])
    members: list[Member] = []
    for org, total, new in zip(orgs, per_org, admitted_2018, strict=True):
        cells = district.cells[org.pk]
        for _ in range(total - new):
            members.append(factory.active(rng.choice(cells), org))
        for _ in range(new):
            decided = factory.decision_date(2018, rng.randint(1, 11))
            members.append(factory.person(rng.choice(cells), decided, cell_of=org))
    # December 2018 decisions whose ceremony falls in January 2019: admitted in
    # 2018 by the decision count, not yet members at 31/12/2018 (DESIGN.md §4).
    late = [m for m in members if m.admission_decision_date.year == 2018]
    for member in rng.sample(late, DECIDED_IN_DECEMBER_2018):
        member.admission_decision_date = datetime.date(2018, 12, 20)
        member.ceremony_date = datetime.date(2019, 1, rng.randint(8, 25))
        member.official_date = add_months(member.ceremony_date, 12)
        replacement = factory.active(
            member.organization, _grassroots_of(member, district)
        )
        members.append(replacement)
    weights = [float(n) for n in per_org]
    for org in rng.choices(orgs, weights=weights, k=ENDED_BEFORE_2019):
        members.append(factory.ended(rng.choice(district.cells[org.pk]), org))
    return members


def _grassroots_of(member: Member, district: DemoDistrict) -> Organization:
    for org in district.grassroots:
        if member.organization in district.cells[org.pk]:
            return org
    raise LookupError(member.organization)
