"""The annual statistics at country-like scale (issue: annual statistics).

Generates (once) a registry of --members members in about one organization per
hundred members (benchmarks/generate.py) in a PostgreSQL database of its own,
then measures, each the median of --runs:
- the full statistics of the root's scope for a year (`reports.statistics.compute`);
- the members at the year's end by every breakdown and the members' ranking
  (the ORM's queries) beside the same aggregates written by hand in SQL;
- a commune's statistics;
- the statistics page of a frozen year through Django's test client;
- the PDF of the root's report (WeasyPrint, as the worker renders it).

Run:  .venv/bin/python benchmarks/statistics_scale.py [--members 1000000] [--runs 3]
      (DATABASE_URL=postgres://…/registry_stats by default)
Results are appended to docs/benchmarks.md.
"""

import argparse
import datetime
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from setting_up import machine, set_up_django

set_up_django("registry_stats")

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from generate import build

from members.models.profile import (
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    TheoryLevel,
)
from organizations.calendar import latest_start
from organizations.models import Organization, QualityLevel, User
from reports.services.statistics import current_snapshot, freeze
from reports.statistics import Period, compute
from reports.statistics.outputs import as_pdf
from reports.statistics.scope import Scope
from reports.statistics.stock import (
    AGE_BANDS,
    EDUCATION_LEVELS,
    PARTY_AGE_BANDS,
    tally,
)

YEAR = 2024


def timed(work: Callable[[], object], runs: int) -> float:
    work()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _band_sql(
    column: str, day: datetime.date, low: int | None, high: int | None
) -> str:
    parts = []
    if low is not None:
        parts.append(f"{column} <= '{latest_start(day, 12 * low)}'")
    if high is not None:
        parts.append(f"{column} > '{latest_start(day, 12 * (high + 1))}'")
    return " AND ".join(parts) or "TRUE"


def hand_sql(root: Organization, day: datetime.date) -> None:
    """The members at `day` by every breakdown, by ethnic group and by the
    year's ranking, in one pass: what an expert would write against these
    tables."""
    filters = [
        "COUNT(*)",
        f"COUNT(*) FILTER (WHERE p.official_date <= '{day}')",
        f"COUNT(*) FILTER (WHERE m.id IN (SELECT x.member_id FROM members_exemption x WHERE x.start <= '{day}' AND (x.\"end\" IS NULL OR x.\"end\" > '{day}')))",
        f"SUM({day.year} - EXTRACT(YEAR FROM m.birth_date))",
        f"COUNT(*) FILTER (WHERE EXTRACT(MONTH FROM m.birth_date) > {day.month} OR (EXTRACT(MONTH FROM m.birth_date) = {day.month} AND EXTRACT(DAY FROM m.birth_date) > {day.day}))",
    ]
    for column, values in (
        ("m.sex", ["male", "female"]),
        ("m.professional_level", ProfessionalLevel.values),
        ("m.political_theory", TheoryLevel.values),
        ("m.religion", Religion.values),
        ("m.occupation_group", OccupationGroup.values),
        ("r.level", QualityLevel.values),
    ):
        filters += [f"COUNT(*) FILTER (WHERE {column} = '{v}')" for v in values]
    for grades in EDUCATION_LEVELS.values():
        listed = ", ".join(f"'{g}'" for g in grades)
        filters.append(f"COUNT(*) FILTER (WHERE m.general_education IN ({listed}))")
    for _key, low, high in AGE_BANDS:
        filters.append(
            f"COUNT(*) FILTER (WHERE {_band_sql('m.birth_date', day, low, high)})"
        )
    for _key, low, high in PARTY_AGE_BANDS:
        filters.append(
            f"COUNT(*) FILTER (WHERE {_band_sql('m.party_age_from', day, low, high)})"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.name, e.code, {", ".join(filters)}
            FROM members_placement p
            JOIN members_member m ON m.id = p.member_id
            JOIN members_ethnicity e ON e.id = m.ethnicity_id
            LEFT JOIN members_rating r ON r.member_id = m.id AND r.year = {day.year}
            WHERE p.start <= '{day}' AND (p."end" IS NULL OR p."end" > '{day}')
              AND p.organization_id IN (
                SELECT organization_id FROM organizations_treeperiod
                WHERE path LIKE '%/{root.pk}/%'
                  AND (start IS NULL OR start <= '{day}') AND ("end" IS NULL OR "end" > '{day}'))
            GROUP BY e.name, e.code
            """
        )
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    sizes = build(args.members, YEAR)
    root = Organization.objects.get(code="G")
    commune = Organization.objects.filter(kind="commune").order_by("pk").first()
    assert commune is not None
    period = Period.year(YEAR)
    scope = Scope(root, period)
    day = period.last

    full = timed(lambda: compute(root, period), args.runs)
    orm = timed(lambda: tally(scope), args.runs)
    hand = timed(lambda: hand_sql(root, day), args.runs)
    one_commune = timed(lambda: compute(commune, period), max(args.runs, 10))
    figures = compute(root, period)
    pdf = timed(lambda: as_pdf(figures), args.runs)

    staff = User.objects.get(username="gen-staff")
    admin = User.objects.get(username="gen-admin")
    if not freeze_exists(root, period):
        freeze(root, period, by=admin)
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/statistics/?organization={root.pk}&year={YEAR}&span=year"
    assert "frozen-notice" in client.get(url).content.decode()
    frozen = timed(lambda: client.get(url), 20)

    lines = [
        f"\n## Annual statistics at scale — {timezone.localdate():%d/%m/%Y}\n",
        f"Machine: {machine()}, PostgreSQL {connection.cursor().connection.info.server_version // 10000}, "
        f"{sizes['members']:,} members, {sizes['organizations']:,} organizations "
        f"(generated by benchmarks/generate.py). Medians of {args.runs} runs after a warm-up "
        "(the commune of 10, the frozen page of 20).\n",
        "| what | median (ms) | target |",
        "|---|---|---|",
        f"| full statistics of the root's scope, {YEAR} | {full:,.0f} | < 3,000 |",
        f"| members at the year's end by every breakdown and the members' ranking, ORM | {orm:,.0f} | |",
        f"| the same pass written by hand in SQL | {hand:,.0f} | ORM within 1.5× ({orm / hand:.2f}×) |",
        f"| a commune's statistics | {one_commune:,.0f} | < 200 |",
        f"| statistics page of a frozen year (test client) | {frozen:,.0f} | < 100 |",
        f"| PDF of the root's report | {pdf:,.0f} | < 10,000 |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as handle:
        handle.write(text)


def freeze_exists(root: Organization, period: Period) -> bool:
    return current_snapshot(root, period) is not None


if __name__ == "__main__":
    main()
