"""How the registry grows (issue: production and the road to a province and
the country): the same measurements on registries of several sizes, each
generated with COPY (benchmarks/generate.py) in a database of its own.

For each size: the time to generate it, then server time through Django's
test client for the pages a province's committee staff use (dashboard,
member list, a one-syllable search, a member page, the candidate list), the
year's statistics of the whole registry, a member sheet and a commune's
member list rendered to PDF, and the database's size. The largest size's
query plans for the hot queries are kept (EXPLAIN ANALYZE). Results replace
the section between the markers in docs/scaling.md, and the chart
docs/scaling.svg is drawn from them.

Run:  .venv/bin/python benchmarks/scaling.py                       # 7,000 / 200,000 / 1,000,000
      .venv/bin/python benchmarks/scaling.py --sizes 7000,50000 --runs 5
Each size runs in a process of its own (Django's settings name one database).
"""

import argparse
import datetime
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
DOC = ROOT / "docs" / "scaling.md"
CHART = ROOT / "docs" / "scaling.svg"
BEGIN, END = "<!-- results: benchmarks/scaling.py -->", "<!-- /results -->"
PAGES = [
    ("dashboard", "/"),
    ("member list", "/members/"),
    ("search “thi”", "/members/?q=thi"),
    ("member page", None),
    ("candidate list", "/candidates/"),
]


def timed(work, runs: int) -> float:  # type: ignore[no-untyped-def]
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(size: int, runs: int, explain: bool) -> dict:
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "scaling-static"))
    os.environ["DATABASE_URL"] = (
        f"postgres://postgres@127.0.0.1:5432/registry_scale_{size}"
    )
    from setting_up import set_up_django

    set_up_django(f"registry_scale_{size}")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from generate import build

    from members.models import Member
    from organizations import clock
    from organizations.models import Organization, User
    from reports.documents.context import cell_list_context, member_sheet_context
    from reports.documents.kinds import KINDS
    from reports.documents.render import render_pdf
    from reports.statistics import Period, compute

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    year = clock.today().year - 1
    started = time.perf_counter()
    built = build(size, year=year)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # generate.py's committee staff of the province: the whole registry.
    staff = User.objects.get(username="gen-staff")
    top = Organization.objects.get(code="G")
    client = Client()
    client.force_login(staff)
    member = Member.objects.filter(end_date__isnull=True).order_by("pk").first()
    results: dict = {
        "size": size,
        "members": built.get("members") or Member.objects.count(),
        "organizations": Organization.objects.count(),
        "generated_s": round(generated, 1) if built["built"] else None,
        "pages": {},
    }
    for name, url in PAGES:
        path = url or f"/members/{member.pk}/"

        def visit(path: str = path) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        results["pages"][name] = round(timed(visit, runs), 1)
    period = Period.year(year)
    results["statistics_ms"] = round(timed(lambda: compute(top, period), 3), 1)
    sheet = KINDS["member_sheet"].template
    results["member_sheet_ms"] = round(
        timed(lambda: render_pdf(sheet, member_sheet_context(member)), 3), 1
    )
    commune = (
        Organization.objects.filter(children__isnull=False, depth=top.depth + 2)
        .order_by("pk")
        .first()
        or top
    )
    listing = KINDS["cell_list"].template
    day = clock.today()
    results["commune_list_ms"] = round(
        timed(lambda: render_pdf(listing, cell_list_context(commune, day)), 3), 1
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        results["database_mb"] = round(cursor.fetchone()[0] / 2**20)
    if explain:
        results["plans"] = plans(staff, top, period)
    return results


def plans(staff, top, period) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """EXPLAIN ANALYZE of the hot queries, as the pages send them."""
    from django.db.models import Count

    from members.forms.lists import filter_members
    from members.models import Placement
    from members.selectors import visible_members

    found: dict[str, str] = {}
    _form, listed = filter_members(staff, {})
    found["member list, first page"] = listed.order_by("sort_key", "pk")[:50].explain(
        analyze=True
    )
    _form, searched = filter_members(staff, {"q": "thi"})
    found["search “thi”"] = searched.order_by("sort_key", "pk")[:50].explain(
        analyze=True
    )
    found["member page (by id, in scope)"] = (
        visible_members(staff).filter(pk=1).explain(analyze=True)
    )
    # As the statistics count them: grouped, unordered.
    found["members in force at the year's end, by organization (statistics)"] = (
        Placement.objects.on(period.last)
        .order_by()
        .values("organization_id")
        .annotate(members=Count("pk"))
        .explain(analyze=True)
    )
    return found


def chart(rows: list[dict]) -> str:
    """A line per measurement, members on a logarithmic axis."""
    series = [(name, [r["pages"][name] for r in rows]) for name, _ in PAGES]
    series += [
        ("statistics ÷ 10", [r["statistics_ms"] / 10 for r in rows]),
        ("member sheet PDF", [r["member_sheet_ms"] for r in rows]),
    ]
    width, height, left, bottom = 720, 380, 60, 40
    xs = [math.log10(r["members"]) for r in rows]
    top_ms = max(max(values) for _name, values in series) * 1.1
    x0, x1 = min(xs), max(xs)

    def x(value: float) -> float:
        return left + (value - x0) / ((x1 - x0) or 1) * (width - left - 170)

    def y(ms: float) -> float:
        return height - bottom - ms / top_ms * (height - bottom - 20)

    colours = [
        "#b71c1c",
        "#1565c0",
        "#2e7d32",
        "#6a1b9a",
        "#ef6c00",
        "#455a64",
        "#00838f",
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 170}" '
        f'y2="{height - bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="20" x2="{left}" y2="{height - bottom}" stroke="black"/>',
        '<text x="10" y="14">ms (median)</text>',
        f'<text x="{(width - 170) / 2}" y="{height - 6}">members (log scale)</text>',
    ]
    for tick in range(0, 5):
        ms = top_ms * tick / 4
        parts.append(f'<text x="8" y="{y(ms) + 4:.0f}">{ms:.0f}</text>')
    for r, xv in zip(rows, xs, strict=True):
        parts.append(
            f'<text x="{x(xv) - 20:.0f}" y="{height - bottom + 16}">'
            f"{r['members']:,}</text>"
        )
    for index, (name, values) in enumerate(series):
        colour = colours[index % len(colours)]
        points = " ".join(
            f"{x(xv):.1f},{y(v):.1f}" for xv, v in zip(xs, values, strict=True)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{width - 160}" y="{30 + index * 18}" fill="{colour}">{name}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _generated(seconds: float | None) -> str:
    """A registry reused from an earlier run was not generated by this one."""
    return "—" if seconds is None else f"{seconds} s"


def report(rows: list[dict], runs: int) -> str:
    from setting_up import machine

    names = [name for name, _ in PAGES]
    lines = [
        BEGIN,
        "",
        f"Measured {datetime.datetime.now().astimezone():%d/%m/%Y} on {machine()}; server time "
        f"through Django's test client, median of {runs} runs after a warm-up, as "
        "the province's committee staff (the whole registry in scope). Command: "
        "`.venv/bin/python benchmarks/scaling.py`.",
        "",
        "| members | organizations | generated in | "
        + " | ".join(names)
        + " | statistics of the year | member sheet PDF | commune list PDF | database |",
        "|" + "---|" * (len(names) + 7),
    ]
    for r in rows:
        lines.append(
            f"| {r['members']:,} | {r['organizations']:,} | {_generated(r['generated_s'])} | "
            + " | ".join(f"{r['pages'][n]} ms" for n in names)
            + f" | {r['statistics_ms']} ms | {r['member_sheet_ms']} ms | "
            f"{r['commune_list_ms']} ms | {r['database_mb']:,} MB |"
        )
    lines += ["", "![The same measurements against the number of members](scaling.svg)"]
    largest = rows[-1]
    if largest.get("plans"):
        lines += ["", f"Query plans at {largest['members']:,} members:"]
        for name, plan in largest["plans"].items():
            lines += ["", f"**{name}**", "", "```", plan, "```"]
    lines += ["", END]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="7000,200000,1000000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs, args.explain)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = []
    for size in sizes:
        print(f"measuring {size:,} members …", flush=True)
        command = [
            sys.executable,
            __file__,
            "--one",
            str(size),
            "--runs",
            str(args.runs),
        ]
        if size == sizes[-1]:
            command.append("--explain")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(done.stderr)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    CHART.write_text(chart(rows))
    text = DOC.read_text() if DOC.exists() else f"# Scaling\n\n{BEGIN}\n{END}\n"
    before, _, rest = text.partition(BEGIN)
    _, _, after = rest.partition(END)
    DOC.write_text(before + report(rows, args.runs) + after)
    print(report(rows, args.runs))


if __name__ == "__main__":
    main()
