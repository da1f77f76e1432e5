"""Province-scale benchmark of the member registry (issue: member registry).

Builds ~1,500 organizations and 200,000 members in a separate PostgreSQL
database, then measures server time through Django's test client for the
member list (first page, a deep page, a filtered list; the same as at
31/12/2024, on the tree and memberships of that day), name search (a full
name and a single common syllable) and a member page, each beside the Django
admin's member changelist doing the same. Then imports a 100,000-row CSV with
every template column filled, beside a plain COPY of the same rows.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench \\
      .venv/bin/python benchmarks/registry_scale.py [--members 200000] [--rows 100000] [--repeats 3]
Results are appended to docs/benchmarks.md.
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from setting_up import machine, set_up_django

set_up_django("registry_bench")

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.columns import HEADERS
from members.imports import import_members
from members.models import Ethnicity, Member, MemberEvent, Placement
from members.services.recording import opening_placement
from members.tables import write_csv
from organizations.models import Organization, Role, RoleAssignment, User
from organizations.services.tree import create_organization
from reports.demo.names import NAMES

RNG = random.Random(2026)
ETHNIC = list(NAMES)


def person(org: Organization, ethnicities: dict[str, Ethnicity], n: int) -> Member:
    ethnic = RNG.choice(ETHNIC)
    female = RNG.random() < 0.3
    families, middles, givens = NAMES[ethnic]
    name = " ".join(
        [RNG.choice(families), RNG.choice(middles[female]), RNG.choice(givens[female])]
    )
    birth = datetime.date(
        RNG.randint(1940, 2004), RNG.randint(1, 12), RNG.randint(1, 28)
    )
    decided = datetime.date(
        min(birth.year + RNG.randint(19, 40), 2025), RNG.randint(1, 12), 15
    )
    ceremony = decided + datetime.timedelta(days=20)
    member = Member(
        full_name=name,
        sex="female" if female else "male",
        birth_date=birth,
        ethnicity=ethnicities.get(ethnic, ethnicities["Kinh"]),
        organization=org,
        status="official",
        admission_decision_date=decided,
        ceremony_date=ceremony,
        official_date=ceremony + datetime.timedelta(days=366),
        cccd=f"0{RNG.randint(1, 96):02d}{(birth.year // 100 - 19) * 2 + female}{birth.year % 100:02d}{n:06d}",
        card_number=f"{60000000 + n}",
        history_number=f"{n:06d}HG",
        general_education=RNG.choice(["9/12", "12/12", "5/12"]),
        occupation="Nông dân",
    )
    member.set_derived_fields()
    return member


def build(members: int) -> tuple[User, User]:
    if Member.objects.exists():
        print(f"reusing {Member.objects.count()} members")
    else:
        ethnicities = {e.name: e for e in Ethnicity.objects.all()}
        admin = User.objects.create_superuser("bench-admin", password="x")
        province = create_organization(
            code="P", name="Đảng bộ tỉnh", kind="provincial", parent=None, by=admin
        )
        cells = []
        for d in range(10):
            district = create_organization(
                code=f"P{d}",
                name=f"Đảng bộ huyện {d}",
                kind="upper",
                parent=province,
                has_admission_authority=True,
                by=admin,
            )
            for c in range(15):
                commune = create_organization(
                    code=f"P{d}-{c}",
                    name=f"Đảng bộ xã {d}-{c}",
                    kind="commune",
                    parent=district,
                    is_grassroots=True,
                    by=admin,
                )
                for v in range(9):
                    cells.append(
                        create_organization(
                            code=f"P{d}-{c}-{v}",
                            name=f"Chi bộ thôn {d}-{c}-{v}",
                            kind="subordinate_cell",
                            parent=commune,
                            by=admin,
                        )
                    )
        started = time.perf_counter()
        batch: list[Member] = []
        for n in range(members):
            batch.append(person(cells[n % len(cells)], ethnicities, n))
            if len(batch) == 5000:
                Member.objects.bulk_create(batch)
                Placement.objects.bulk_create([opening_placement(m) for m in batch])
                batch = []
        Member.objects.bulk_create(batch)
        Placement.objects.bulk_create([opening_placement(m) for m in batch])
        staff = User.objects.create_user("bench-staff", password="x")
        RoleAssignment.objects.create(
            user=staff,
            organization=province,
            role=Role.ORG_STAFF,
            position="staff",
            started_on=datetime.date(2020, 1, 1),
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built {Organization.objects.count()} organizations, {members} members in {time.perf_counter() - started:.0f} s"
        )
    return User.objects.get(username="bench-staff"), User.objects.get(
        username="bench-admin"
    )


def measure(client: Client, url: str, runs: int = 30) -> dict[str, float]:
    client.get(url)  # warm
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "queries": queries,
    }


def interleaved(client: Client, first: str, second: str, runs: int = 150) -> float:
    """Median time of `second` over `first`, the two requested in turn so that
    the machine's drift weighs on both alike."""
    client.get(first)
    client.get(second)
    times: dict[str, list[float]] = {first: [], second: []}
    for _ in range(runs):
        for url in (first, second):
            started = time.perf_counter()
            client.get(url)
            times[url].append(time.perf_counter() - started)
    return statistics.median(times[second]) / statistics.median(times[first]) - 1


def as_at_against_today(staff: User) -> list[tuple[str, float]]:
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    deep = Member.objects.order_by("sort_key", "pk").values_list("sort_key", "pk")[
        100_000
    ]
    pairs = [
        ("first page", "/members/", "/members/?as_at=2024-12-31"),
        (
            "page at row 100,000",
            f"/members/?after={deep[0]}~{deep[1]}",
            f"/members/?as_at=2024-12-31&after={deep[0]}~{deep[1]}",
        ),
        ("women", "/members/?sex=female", "/members/?as_at=2024-12-31&sex=female"),
    ]
    return [(label, interleaved(client, now, then)) for label, now, then in pairs]


def pages(
    staff: User, admin: User
) -> list[tuple[str, dict[str, float], dict[str, float]]]:
    app, django_admin = Client(), Client()
    app.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    django_admin.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    deep = Member.objects.order_by("sort_key", "pk").values_list("sort_key", "pk")[
        100_000
    ]
    member = Member.objects.order_by("pk")[1234]
    name = member.full_name
    cases = [
        ("member list, first page", "/members/", "/admin/members/member/"),
        (
            "member list, page at row 100,000",
            f"/members/?after={deep[0]}~{deep[1]}",
            "/admin/members/member/?p=2000",
        ),
        (
            "filtered: women",
            "/members/?sex=female",
            "/admin/members/member/?sex__exact=female",
        ),
        (
            f"search full name ({name})",
            f"/members/?q={name}",
            f"/admin/members/member/?q={name}",
        ),
        (
            "search one syllable (thi)",
            "/members/?q=thi",
            "/admin/members/member/?q=thi",
        ),
        (
            "member list as at 31/12/2024, first page",
            "/members/?as_at=2024-12-31",
            "/admin/members/member/",
        ),
        (
            "member list as at 31/12/2024, page at row 100,000",
            f"/members/?as_at=2024-12-31&after={deep[0]}~{deep[1]}",
            "/admin/members/member/?p=2000",
        ),
        (
            "filtered as at 31/12/2024: women",
            "/members/?as_at=2024-12-31&sex=female",
            "/admin/members/member/?sex__exact=female",
        ),
        (
            "member page",
            f"/members/{member.pk}/",
            f"/admin/members/member/{member.pk}/change/",
        ),
    ]
    return [
        (label, measure(app, ours), measure(django_admin, theirs))
        for label, ours, theirs in cases
    ]


def remove_imported() -> None:
    imported = Member.objects.filter(full_name__startswith="Nguyễn Văn Nhập")
    MemberEvent.objects.filter(member__in=imported).delete()
    Placement.objects.filter(member__in=imported).delete()
    imported.delete()
    with connection.cursor() as cursor:
        for model in (Member, Placement, MemberEvent):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def import_rows(count: int, staff: User) -> tuple[float, float]:
    cells = list(
        Organization.objects.filter(kind="subordinate_cell").values_list(
            "code", flat=True
        )
    )
    rows = []
    for n in range(count):
        birth = datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
        row = dict.fromkeys(HEADERS, "x")
        row.update(
            {
                "Mã tổ chức": cells[n % len(cells)],
                "Họ và tên": f"Nguyễn Văn Nhập {n}",
                "Tên khai sinh": f"Nguyễn Văn Nhập {n}",
                "Giới tính": "Nam",
                "Ngày sinh": birth.strftime("%d/%m/%Y"),
                "Dân tộc": "Kinh",
                "Tôn giáo": "Không",
                "Vai trò tôn giáo": "Không",
                "Số CCCD": f"001{0 if birth.year < 2000 else 2}{birth.year % 100:02d}{900000 + n:06d}"[
                    :12
                ],
                "Số CMND": f"{100000000 + n}",
                "Giáo dục phổ thông": "12/12",
                "Chuyên môn": "Đại học",
                "Lý luận chính trị": "Sơ cấp",
                "Quản lý nhà nước": "Không",
                "Ngày vào Đoàn": "26/03/1990",
                "Số thẻ đảng viên": f"{80000000 + n}",
                "Số lý lịch đảng viên": f"{n:06d}HN",
                "Số quyết định kết nạp": f"{n}-QĐ/HU",
                "Ngày quyết định kết nạp": "10/05/2015",
                "Cơ quan quyết định kết nạp": "Ban Thường vụ",
                "Ngày vào Đảng": "01/06/2015",
                "Ngày chính thức": "01/06/2016",
                "Trạng thái": "Chính thức",
            }
        )
        rows.append([row[h] for h in HEADERS])
    content = write_csv(rows)
    started = time.perf_counter()
    result = import_members("bench.csv", content, by=staff)
    elapsed = time.perf_counter() - started
    assert result.ok, result.error_lines()[:5]
    assert result.created == count
    path = ROOT / "var" / "bench-import.csv"
    path.write_bytes(content)
    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    copy_started = time.perf_counter()
    subprocess.run(
        [
            "psql",
            os.environ["DATABASE_URL"],
            "-q",
            "-c",
            f"CREATE TEMP TABLE copied ({columns})",
            "-c",
            f"\\copy copied FROM '{path}' WITH (FORMAT csv, HEADER true)",
        ],
        check=True,
    )
    return count / elapsed, count / (time.perf_counter() - copy_started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=100_000, help="0 skips the import")
    parser.add_argument("--repeats", type=int, default=3, help="import runs")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    staff, admin = build(args.members)
    remove_imported()
    members = Member.objects.count()
    results = pages(staff, admin)
    comparison = as_at_against_today(staff)
    # The import's speed varies between runs on a shared virtual machine: each
    # run starts from the same database (the previous run's rows removed), and
    # the median is the figure.
    runs = []
    for run in range(args.repeats if args.rows else 0):
        if run:
            remove_imported()
        runs.append(import_rows(args.rows, staff))
    lines = [
        f"\n## Member registry at province scale — {timezone.localdate():%d/%m/%Y}\n",
        f"Machine: {machine()}, "
        f"PostgreSQL {connection.pg_version // 10000}, {members:,} members, "
        f"{Organization.objects.count():,} organizations. Server time through Django's test client, "
        "30 runs after a warm-up, logged in as org_staff of the province; the admin as a superuser.\n",
        "| page | registry p50 / p95 (ms) | queries | Django admin p50 / p95 (ms) | queries |",
        "|---|---|---|---|---|",
    ]
    for label, ours, theirs in results:
        lines.append(
            f"| {label} | {ours['p50']:.1f} / {ours['p95']:.1f} | {ours['queries']} | "
            f"{theirs['p50']:.1f} / {theirs['p95']:.1f} | {theirs['queries']} |"
        )
    lines.append(
        "\nThe member list as at 31/12/2024 (the tree and memberships of that day) "
        "against today's list, the two requested in turn 150 times each, medians: "
        + "; ".join(f"{label} {ratio:+.1%}" for label, ratio in comparison)
        + "."
    )
    if runs:
        rates = ", ".join(f"{rate:,.0f}" for rate, _copy in runs)
        lines.append(
            f"\nImport of {args.rows:,} CSV rows with every template column filled "
            f"(parse, validate, match, write, events), median of {len(runs)} runs: "
            f"**{statistics.median(r for r, _c in runs):,.0f} rows/s** ({rates}); "
            "a plain `\\copy` of the same file into a bare table: "
            f"{statistics.median(c for _r, c in runs):,.0f} rows/s.\n"
        )
    text = "\n".join(lines)
    print(text)
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    main()
