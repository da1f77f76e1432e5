"""A generated registry at any scale, written with PostgreSQL's COPY: a tree
of districts, communes and village cells (about one organization per hundred
members), each cell's village (and now and then a village nobody lives in),
members with their village, placement, admission event and a year's rating,
admissions spread over their adult years (a few per cent a year, as in the
district's 205 of 5,756), the elderly often exempt, some deaths and
recognitions in the report year, and candidates with their steps. Shared by
the benchmarks that need a province or a country.

    from generate import build
    build(members=1_000_000, year=2024)   # in a database of its own
"""

import datetime
import random
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone

from candidates.models import Candidate, StageLog
from members.models import (
    Ethnicity,
    Exemption,
    Member,
    MemberEvent,
    Placement,
    Rating,
)
from organizations.models import (
    AuthorityPeriod,
    Organization,
    Role,
    RoleAssignment,
    TreePeriod,
    User,
    Village,
)
from organizations.text import name_sort_key, search_text
from reports.demo.names import NAMES

RNG = random.Random(2026)
CELLS_PER_COMMUNE = 9
COMMUNES_PER_DISTRICT = 25
MEMBERS_PER_CELL = 100
LEVELS = ["excellent", "good", "good", "good", "completed", "completed", "failed"]
EDUCATION = ["12/12", "12/12", "9/12", "9/12", "5/12", "7/10"]


def _copy(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY `rows` (field name → value) into `model`'s table; every concrete
    field without a value gets its default."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (isinstance(f, models.AutoField) or f.primary_key)
    ]
    defaults = {f.attname: f.get_default() for f in fields}
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
    columns = ", ".join(f'"{f.column}"' for f in fields)
    names = [f.attname for f in fields]
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                values = defaults | row
                copy.write_row([values[name] for name in names])
                count += 1
    return count


def _tree(members: int, admin: User) -> list[Organization]:
    """The organizations, level by level, with their paths and periods;
    returns the village cells."""
    cells_wanted = max(1, members // MEMBERS_PER_CELL)
    communes_wanted = max(1, cells_wanted // CELLS_PER_COMMUNE)
    districts_wanted = max(1, communes_wanted // COMMUNES_PER_DISTRICT)
    province = Organization.objects.create(
        code="G", name="Đảng bộ tỉnh (sinh)", kind="provincial", path="", depth=0
    )
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])

    def level(
        parents: list[Organization], count: int, kind: str, name: str, **flags: Any
    ) -> list[Organization]:
        rows = [
            Organization(
                code=f"{parents[n % len(parents)].code}-{n}",
                name=f"{name} {n}",
                kind=kind,
                parent=parents[n % len(parents)],
                depth=parents[0].depth + 1,
                path="",
                **flags,
            )
            for n in range(count)
        ]
        created = Organization.objects.bulk_create(rows, batch_size=5000)
        for org in created:
            org.path = f"{org.parent.path}{org.pk}/"
        Organization.objects.bulk_update(created, ["path"], batch_size=5000)
        return created

    districts = level(
        [province],
        districts_wanted,
        "upper",
        "Đảng bộ huyện",
        has_admission_authority=True,
    )
    communes = level(
        districts,
        communes_wanted,
        "commune",
        "Đảng bộ xã",
        is_grassroots=True,
        sector="commune",
    )
    cells = level(communes, cells_wanted, "subordinate_cell", "Chi bộ thôn")
    everyone = [province, *districts, *communes, *cells]
    _copy(
        TreePeriod,
        (
            {
                "organization_id": o.pk,
                "parent_id": o.parent_id,
                "path": o.path,
                "depth": o.depth,
                "start": None,
                "end": None,
            }
            for o in everyone
        ),
    )
    _copy(
        AuthorityPeriod,
        (
            {"organization_id": d.pk, "authority": "admission", "start": None}
            for d in districts
        ),
    )
    return cells


def _members(
    count: int, cells: list[Organization], villages: list[int], year: int
) -> Iterator[dict[str, Any]]:
    ethnicities = {e.name: e.pk for e in Ethnicity.objects.all()}
    kinds = [k for k in NAMES if k in ethnicities]
    for n in range(count):
        ethnic = RNG.choice(kinds)
        female = RNG.random() < 0.3
        families, middles, givens = NAMES[ethnic]
        name = " ".join(
            [
                RNG.choice(families),
                RNG.choice(middles[female]),
                RNG.choice(givens[female]),
            ]
        )
        birth = datetime.date(
            RNG.randint(1935, year - 19), RNG.randint(1, 12), RNG.randint(1, 28)
        )
        decided = datetime.date(
            RNG.randint(birth.year + 19, min(birth.year + 45, year)),
            RNG.randint(1, 12),
            10,
        )
        ceremony = decided + datetime.timedelta(days=15)
        official = ceremony + datetime.timedelta(days=366)
        died = RNG.random() < 0.01
        end = datetime.date(year, RNG.randint(1, 12), 20) if died else None
        if end is not None and end < ceremony:
            end = None
        yield {
            "id": n + 1,
            "full_name": name,
            "sex": "female" if female else "male",
            "birth_date": birth,
            "ethnicity_id": ethnicities[ethnic],
            "religion": "buddhism" if RNG.random() < 0.02 else "none",
            "occupation_group": RNG.choice(
                ["farmer", "official", "public_employee", "retired", ""]
            ),
            "general_education": RNG.choice(EDUCATION),
            "political_theory": RNG.choice(["elementary", "intermediate", "advanced"]),
            "professional_level": RNG.choice(["none", "intermediate", "university"]),
            "search_name": search_text(name),
            "sort_key": name_sort_key(name),
            "organization_id": cells[n % len(cells)].pk,
            "village_id": villages[n % len(cells)] if RNG.random() < 0.95 else None,
            "status": "deceased"
            if end
            else (
                "official"
                if official <= datetime.date(year, 12, 31)
                else "probationary"
            ),
            "admission_decision_date": decided,
            "ceremony_date": ceremony,
            "party_age_from": decided,
            "official_date": official
            if official <= datetime.date(year + 1, 12, 31)
            else None,
            "end_date": end,
            "end_reason": "deceased" if end else "",
        }


def build(members: int, year: int) -> dict[str, int]:
    """The registry, unless the database holds one already (`built` says
    which: a reused registry's time is not a generation time)."""
    if Member.objects.exists():
        return {
            "members": Member.objects.count(),
            "organizations": Organization.objects.count(),
            "built": 0,
        }
    started = time.perf_counter()
    admin = User.objects.create_superuser("gen-admin", password="x")
    cells = _tree(members, admin)
    villages = _villages(cells)
    rows = list(_members(members, cells, villages, year))
    _copy(Member, rows)
    _copy(
        Exemption,
        (
            {
                "member_id": r["id"],
                "start": datetime.date(year - 3, 1, 1),
                "end": None,
                "reason": "Tuổi cao",
            }
            for r in rows
            if r["birth_date"].year < year - 70
            and not r["end_date"]
            and RNG.random() < 0.3
        ),
    )
    _copy(
        Placement,
        (
            {
                "member_id": r["id"],
                "organization_id": r["organization_id"],
                "start": r["ceremony_date"],
                "end": r["end_date"],
                "opens_period": True,
                "decision_date": r["admission_decision_date"],
                "ceremony_date": r["ceremony_date"],
                "official_date": r["official_date"],
            }
            for r in rows
        ),
    )
    events: list[dict[str, Any]] = []
    for r in rows:
        events.append(
            {
                "member_id": r["id"],
                "kind": "admitted",
                "on": r["ceremony_date"],
                "organization_id": r["organization_id"],
                "data": {},
            }
        )
        if r["end_date"]:
            events.append(
                {
                    "member_id": r["id"],
                    "kind": "died",
                    "on": r["end_date"],
                    "organization_id": r["organization_id"],
                    "data": {},
                }
            )
        if r["official_date"] and r["official_date"].year == year:
            events.append(
                {
                    "member_id": r["id"],
                    "kind": "recognized",
                    "on": r["official_date"],
                    "organization_id": r["organization_id"],
                    "data": {},
                }
            )
    _copy(MemberEvent, ({**e, "data": "{}"} for e in events))
    _copy(
        Rating,
        (
            {"member_id": r["id"], "year": year, "level": RNG.choice(LEVELS)}
            for r in rows
            if not r["end_date"] and r["ceremony_date"].year < year
        ),
    )
    staff = User.objects.create_user("gen-staff", password="x")
    RoleAssignment.objects.create(
        user=staff,
        organization=Organization.objects.get(code="G"),
        role=Role.ORG_STAFF,
        position="staff",
        started_on=datetime.date(2020, 1, 1),
    )
    _candidates(cells, year, admin)
    with connection.cursor() as cursor:
        for table in (
            "members_member",
            "members_placement",
            "members_memberevent",
            "members_rating",
            "members_exemption",
            "organizations_organization",
            "organizations_village",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    print(
        f"generated {members} members, {Organization.objects.count()} organizations, {len(events)} events in {time.perf_counter() - started:.0f} s"
    )
    return {
        "members": members,
        "organizations": Organization.objects.count(),
        "built": 1,
    }


def _villages(cells: list[Organization]) -> list[int]:
    """A village for each village cell, in its commune's list, and one more
    nobody lives in for every tenth commune; returns the cells' villages."""
    rows = [
        {"organization_id": cell.parent_id, "code": f"V{cell.code}", "name": cell.name}
        for cell in cells
    ]
    communes = sorted({cell.parent_id for cell in cells})
    rows += [
        {"organization_id": pk, "code": f"V{pk}-empty", "name": "Thôn mới"}
        for pk in communes[::10]
    ]
    _copy(Village, rows)
    ids = dict(Village.objects.values_list("code", "pk"))
    return [ids[f"V{cell.code}"] for cell in cells]


def _candidates(cells: list[Organization], year: int, admin: User) -> None:
    """One candidate per cell, most introduced during the year."""
    ethnicity = Ethnicity.objects.get(name="Dao").pk
    people = [
        Candidate(
            organization=cell,
            full_name=f"Quần chúng {n}",
            sex="male",
            birth_date=datetime.date(2000, 1, 1),
            ethnicity_id=ethnicity,
            cccd=f"0023000{n:05d}",
            general_education="12/12",
            route="members",
            introduced_by="cell",
            introduced_on=datetime.date(year, RNG.randint(1, 11), 1),
            applied_on=datetime.date(year - 1, 6, 1) if n % 7 == 0 else None,
            stage="applied" if n % 7 == 0 else "introduced",
            created_by=admin,
        )
        for n, cell in enumerate(cells)
    ]
    created = Candidate.objects.bulk_create(people, batch_size=5000)
    StageLog.objects.bulk_create(
        [
            StageLog(
                candidate=c,
                action="introduce",
                to_stage=c.stage,
                on=c.introduced_on,
                by=admin,
            )
            for c in created
        ],
        batch_size=5000,
    )
