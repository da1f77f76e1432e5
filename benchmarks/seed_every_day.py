"""The demo on every day of a year (issue: the demo and the tests on any day).

Builds the demo district as of each day of one year, through the registry
clock, and checks every promise README.md makes of it (reports/demo/promises.py);
each day in a transaction that is rolled back, so the database is built once per
worker. Reports how many days failed, which and why, and how long a seed and
its check take. Runs on the embedded default (SQLite, one file per worker under
var/bench-seed/) unless DATABASE_URL names a PostgreSQL database.

Run:  .venv/bin/python benchmarks/seed_every_day.py [--year 2027] [--workers 2]
Results are appended to docs/benchmarks.md.
"""

import argparse
import datetime
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
STATE = ROOT / "var" / "bench-seed"

Outcome = tuple[str, float, float, list[str]]


def _work(worker: int, days: list[datetime.date]) -> list[Outcome]:
    STATE.mkdir(parents=True, exist_ok=True)
    database = STATE / f"worker-{worker}.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(STATE / f"private-{worker}")
    from setting_up import set_up_django

    set_up_django("registry_seed")
    from django.core.management import call_command
    from django.db import transaction

    from organizations import clock
    from reports.demo import seed_demo
    from reports.demo.promises import broken_promises

    call_command("migrate", verbosity=0)
    outcomes: list[Outcome] = []
    for day in days:
        started = time.perf_counter()
        seeded = checked = 0.0
        try:
            with clock.as_of(day), transaction.atomic():
                seed_demo()
                seeded = time.perf_counter() - started
                broken = broken_promises()
                checked = time.perf_counter() - started - seeded
                transaction.set_rollback(True)
        except Exception as error:
            broken = [f"{type(error).__name__}: {error}"]
        outcomes.append((day.isoformat(), seeded, checked, broken))
        state = "ok" if not broken else "FAILED " + "; ".join(broken)
        print(f"{day:%d/%m/%Y} {seeded:5.1f} s + {checked:4.1f} s  {state}", flush=True)
    return outcomes


def _report(year: int, workers: int, outcomes: list[Outcome], wall: float) -> str:
    import django
    from setting_up import machine

    failed = [o for o in outcomes if o[3]]
    seeds = sorted(o[1] for o in outcomes if not o[3])
    checks = sorted(o[2] for o in outcomes if not o[3])
    engine = (
        "PostgreSQL"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "SQLite (the embedded default)"
    )
    lines = [
        f"\n## The demo on every day of {year} — {datetime.date.today():%d/%m/%Y}\n",  # noqa: DTZ011 (the run's real date)
        f"Machine: {machine()}, Django {django.get_version()}, {engine}, "
        f"{workers} worker processes. `benchmarks/seed_every_day.py` builds the demo "
        "as of each day through the registry clock (`seed_demo --date`), checks "
        "every promise of README.md (`reports/demo/promises.py`) and rolls back.\n",
        "| days | failed | seed median (s) | seed p95 (s) | seed max (s) "
        "| check median (s) | wall clock (min) |",
        "|---|---|---|---|---|---|---|",
    ]
    if seeds:
        p95 = seeds[min(len(seeds) - 1, int(len(seeds) * 0.95))]
        lines.append(
            f"| {len(outcomes)} | {len(failed)} | {statistics.median(seeds):.1f} "
            f"| {p95:.1f} | {seeds[-1]:.1f} | {statistics.median(checks):.1f} "
            f"| {wall / 60:.0f} |"
        )
    else:
        lines.append(
            f"| {len(outcomes)} | {len(failed)} | – | – | – | – | {wall / 60:.0f} |"
        )
    for day, _seeded, _checked, broken in failed[:20]:
        lines.append(f"- {day}: {'; '.join(broken)}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=datetime.date.today().year)  # noqa: DTZ011
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--days", type=int, default=0, help="only the first N days")
    args = parser.parse_args()
    first = datetime.date(args.year, 1, 1)
    days = [
        first + datetime.timedelta(days=n)
        for n in range((datetime.date(args.year, 12, 31) - first).days + 1)
    ][: args.days or None]
    shares = [days[i :: args.workers] for i in range(args.workers)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.starmap(_work, enumerate(shares))
    outcomes = sorted(o for share in results for o in share)
    report = _report(args.year, args.workers, outcomes, time.perf_counter() - started)
    print(report)
    if not args.days:
        with (ROOT / "docs" / "benchmarks.md").open("a") as handle:
            handle.write(report)


if __name__ == "__main__":
    main()
