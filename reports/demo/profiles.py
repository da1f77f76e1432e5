"""Plausible profile fields for the demo members (demo assumptions, not data):
places from the district, CCCD numbers consistent with birth year and sex, party
card and history numbers, education, theory and languages by age and workplace."""

import random
from collections import defaultdict

from members.models import (
    Member,
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    TheoryLevel,
)
from organizations.models import Organization, Village

from .district import DemoDistrict
from .names import VILLAGES

ISSUER = "Ban Thường vụ Huyện ủy Hoàng Su Phì"
HOME = "huyện Hoàng Su Phì, tỉnh Hà Giang"
# CCCD province codes: mostly Hà Giang, some from neighbouring provinces.
BIRTH_PROVINCES = [
    ("002", 88),
    ("008", 4),
    ("010", 2),
    ("036", 2),
    ("001", 2),
    ("030", 2),
]
SPOKEN = {
    "Nùng": "Tiếng Nùng",
    "Dao": "Tiếng Dao",
    "Mông": "Tiếng Mông",
    "Tày": "Tiếng Tày",
    "La Chí": "Tiếng La Chí",
    "Phù Lá": "Tiếng Phù Lá",
    "Hoa": "Tiếng Hoa",
}


def _homes(district: DemoDistrict) -> dict[int, tuple[str, bool]]:
    """For each cell: the commune its members live in, and whether it is a
    commune (village) cell rather than an agency or armed-forces one."""
    homes = {}
    for grassroots in district.grassroots:
        village = grassroots.kind == Organization.Kind.COMMUNE_COMMITTEE
        place = (
            grassroots.name.removeprefix("Đảng bộ ")
            if village
            else "thị trấn Vinh Quang"
        )
        for cell in district.cells[grassroots.pk]:
            homes[cell.pk] = (place, village and place != "thị trấn Vinh Quang")
    return homes


def residence(cell: Organization, grassroots: Organization) -> str:
    """A candidate's permanent residence: the village of a village cell, in
    its commune; the town for the agencies and the armed forces."""
    if grassroots.kind != Organization.Kind.COMMUNE_COMMITTEE:
        return f"thị trấn Vinh Quang, {HOME}"
    village = cell.name.removeprefix("Chi bộ ")
    commune = grassroots.name.removeprefix("Đảng bộ ")
    if village.startswith(("thôn ", "tổ dân phố ")):
        return f"{village}, {commune}, {HOME}"
    return f"{commune}, {HOME}"


def _residences(district: DemoDistrict) -> dict[int, list[Village]]:
    """For each cell, the villages its members may live in: a village cell's
    own; any village of the commune with a cell for the commune's roll and
    school; one of the town's for the agencies and the armed forces. The
    commune's last village (no cell) is left with no party member."""
    town = next(
        g for g in district.grassroots if g.name == "Đảng bộ thị trấn Vinh Quang"
    )
    lived = {pk: villages[:-1] for pk, villages in district.villages.items()}
    residences = {}
    for grassroots in district.grassroots:
        for cell in district.cells[grassroots.pk]:
            if cell.pk in district.village_of_cell:
                residences[cell.pk] = [district.village_of_cell[cell.pk]]
            else:
                residences[cell.pk] = lived.get(grassroots.pk, lived[town.pk])
    return residences


def _cccd(member: Member, rng: random.Random, taken: set[str]) -> str:
    province = rng.choices(
        [p for p, _w in BIRTH_PROVINCES], [w for _p, w in BIRTH_PROVINCES]
    )[0]
    year = member.birth_date.year
    marker = (year // 100 - 19) * 2 + (member.sex == Member.Sex.FEMALE)
    while True:
        number = f"{province}{marker}{year % 100:02d}{rng.randint(0, 999999):06d}"
        if number not in taken:
            taken.add(number)
            return number


def _schooling(
    member: Member, in_commune: bool, rng: random.Random
) -> tuple[str, str, str]:
    """General education, professional level, political theory."""
    born = member.birth_date.year
    if born < 1960:
        general = rng.choice(["4/10", "7/10", "7/10", "10/10"])
    elif in_commune:
        general = rng.choices(["5/12", "9/12", "12/12"], [10, 50, 40])[0]
    else:
        general = "12/12"
    if in_commune:
        professional = rng.choices(
            [
                ProfessionalLevel.NONE,
                ProfessionalLevel.INTERMEDIATE,
                ProfessionalLevel.UNIVERSITY,
            ],
            [70, 20, 10],
        )[0]
    else:
        professional = rng.choices(
            [
                ProfessionalLevel.INTERMEDIATE,
                ProfessionalLevel.COLLEGE,
                ProfessionalLevel.UNIVERSITY,
                ProfessionalLevel.MASTER,
            ],
            [15, 15, 62, 8],
        )[0]
    theory = rng.choices(
        [TheoryLevel.ELEMENTARY, TheoryLevel.INTERMEDIATE, TheoryLevel.ADVANCED],
        [75, 22, 3] if in_commune else [45, 45, 10],
    )[0]
    return general, professional, theory


# How the statistics classify the demo's occupations; the older staff of
# agencies and the armed forces have retired.
OCCUPATION_GROUPS = {
    "Nông dân": OccupationGroup.FARMER,
    "Cán bộ thôn": OccupationGroup.OTHER,
    "Công chức xã": OccupationGroup.OFFICIAL,
    "Công chức": OccupationGroup.OFFICIAL,
    "Giáo viên": OccupationGroup.PUBLIC_EMPLOYEE,
    "Viên chức": OccupationGroup.PUBLIC_EMPLOYEE,
    "Y sĩ": OccupationGroup.PUBLIC_EMPLOYEE,
    "Quân nhân": OccupationGroup.ARMED_FORCES,
    "Bộ đội": OccupationGroup.ARMED_FORCES,
    "Công an": OccupationGroup.ARMED_FORCES,
}
RETIRED_BORN_BY = 1960


def occupation_group(occupation: str, birth_year: int) -> str:
    group = OCCUPATION_GROUPS[occupation]
    if birth_year <= RETIRED_BORN_BY and group != OccupationGroup.FARMER:
        return OccupationGroup.RETIRED
    return group


def fill_profiles(
    members: list[Member], district: DemoDistrict, rng: random.Random
) -> None:
    """Set every profile field and the derived search columns, in place."""
    cccds: set[str] = set()
    decisions: dict[int, int] = defaultdict(int)
    homes = _homes(district)
    residences = _residences(district)
    # Its own generator: the villages came after the rest of the profiles.
    places = random.Random("villages")
    by_decision = sorted(members, key=lambda m: m.admission_decision_date)
    for index, member in enumerate(by_decision):
        commune, in_commune = homes[member.organization.pk]
        # Drawn and not used since members have a village of record: the
        # profiles' other draws stay what they were.
        rng.choice(VILLAGES)
        member.birth_name = member.full_name
        member.birth_place = f"{commune}, {HOME}"
        member.native_place = member.birth_place
        member.village = places.choice(residences[member.organization.pk])
        member.permanent_address = f"{member.village.name}, {commune}, {HOME}"
        ethnic = member.ethnicity.name
        if ethnic == "Mông" and rng.random() < 0.08:
            member.religion, member.religious_role = Religion.PROTESTANT, "follower"
        elif ethnic in ("Kinh", "Tày") and rng.random() < 0.03:
            member.religion, member.religious_role = Religion.BUDDHISM, "follower"
        member.cccd = _cccd(member, rng, cccds)
        if member.birth_date.year < 1995 and rng.random() < 0.4:
            member.cmnd = f"07{rng.randint(0, 9999999):07d}"
        member.occupation = rng.choice(
            ["Nông dân", "Nông dân", "Cán bộ thôn", "Công chức xã", "Giáo viên"]
            if in_commune
            else ["Công chức", "Viên chức", "Viên chức", "Quân nhân", "Công an"]
        )
        member.occupation_group = occupation_group(
            member.occupation, member.birth_date.year
        )
        member.general_education, member.professional_level, member.political_theory = (
            _schooling(member, in_commune, rng)
        )
        if not in_commune:
            member.foreign_language = rng.choice(
                ["Tiếng Anh B", "Tiếng Anh B1", "Tiếng Trung A"]
            )
            member.it_level = rng.choice(
                ["Tin học văn phòng", "Chứng chỉ ứng dụng CNTT cơ bản"]
            )
        member.minority_language = SPOKEN.get(ethnic, "")
        if member.birth_date.year >= 1950:
            member.youth_union_date = member.birth_date.replace(
                year=member.birth_date.year + rng.randint(15, 19),
                day=min(member.birth_date.day, 28),
            )
        year = member.admission_decision_date.year
        decisions[year] += 1
        member.admission_decision_number = f"{decisions[year]}-QĐ/HU"
        member.admission_issuing_body = ISSUER
        member.card_number = f"{47000000 + index:08d}"
        member.history_number = f"{index + 1:06d}HG"
        member.set_derived_fields()
