"""Load held (issue: prove it holds): Locust against gunicorn as
docker-compose.yml runs it, on the 200,000-member benchmark registry.

Builds the registry in a PostgreSQL database of its own (`registry_load`,
with benchmarks/generate.py: about 2,000 organizations, COPY), adds the
accounts the simulated users sign in with (the province's committee staff
and ten commune secretaries), starts gunicorn (as composed: 5 workers, timeout 60), a
`default` worker and the `documents` pool as docker-compose.yml does, and
runs Locust headless with the users of benchmarks/locustfile.py (a wait of
1–5 s between pages). While it runs, the resident memory of the web and
worker processes is sampled. Locust lives in a virtualenv of its own
(var/locust-venv), so its dependencies never meet the project's.

Run:  .venv/bin/python benchmarks/load.py                 # 50 users, 5 minutes
      .venv/bin/python benchmarks/load.py --users 25 --minutes 30 --label soak
Results are appended to docs/benchmarks.md.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
VAR = ROOT / "var" / "load"
LOCUST_VENV = ROOT / "var" / "locust-venv"
LOCUST = "locust==2.47.0"
PASSWORD = "load12345"
MEMBERS = 200_000


def setup() -> None:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(VAR / "private"))
    os.environ.setdefault("STATIC_ROOT", str(VAR / "static"))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        os.environ.setdefault(name, "false")
    os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
    from setting_up import set_up_django

    set_up_django("registry_load")


def prepare() -> dict:
    """The registry, the accounts and, for each, ids within its scope."""
    from django.core.management import call_command
    from generate import build

    from candidates.selectors import visible_candidates
    from members.selectors import visible_members
    from organizations import clock
    from organizations.models import Organization, Position, Role, RoleAssignment, User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    build(MEMBERS, year=clock.today().year - 1)
    accounts = [("load-staff", Organization.objects.get(code="G"), Role.ORG_STAFF)]
    communes = Organization.objects.filter(
        parent__parent__code="G", children__isnull=False
    ).distinct()
    for number, commune in enumerate(communes.order_by("code")[:10], 1):
        accounts.append((f"load-secretary-{number}", commune, Role.SECRETARY))
    rng = random.Random(2026)
    targets = []
    for username, organization, role in accounts:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": username}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            RoleAssignment.objects.create(
                user=user,
                organization=organization,
                role=role,
                position=Position.STAFF
                if role == Role.ORG_STAFF
                else Position.SECRETARY,
                started_on=datetime.date(2020, 1, 1),
            )
        members = list(visible_members(user).values_list("pk", flat=True)[:5000])
        candidates = list(visible_candidates(user).values_list("pk", flat=True)[:500])
        targets.append(
            {
                "username": username,
                "members": rng.sample(members, min(200, len(members))),
                "candidates": rng.sample(candidates, min(50, len(candidates))),
            }
        )
    return {"password": PASSWORD, "accounts": targets}


def locust_bin() -> Path:
    binary = LOCUST_VENV / "bin" / "locust"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run(
            [str(LOCUST_VENV / "bin" / "pip"), "install", "-q", LOCUST], check=True
        )
    return binary


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def tree(pid: int) -> list[int]:
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    return [pid, *(p for child in children for p in tree(int(child)))]


def start(command: list[str], log: str) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=dict(os.environ),
        stdout=(VAR / log).open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--label", default="load")
    # People arrive one a second: fifty signing in within ten seconds is a
    # storm of Argon2 hashes, measured on its own with --spawn-rate 5.
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    setup()
    targets = prepare()
    (VAR / "targets.json").write_text(json.dumps(targets))
    locust = locust_bin()
    from setting_up import gunicorn_as_composed

    venv = ROOT / ".venv" / "bin"
    port = 8765
    host = f"http://127.0.0.1:{port}"
    processes = {
        # As docker-compose.yml runs them.
        "web": start(gunicorn_as_composed(port), "gunicorn.log"),
        "worker": start(
            [
                str(venv / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                "default",
                "-n",
                "load-default@%h",
                "--concurrency",
                "2",
                "--max-tasks-per-child",
                "200",
            ],
            "worker.log",
        ),
        "documents": start(
            [
                "nice",
                "-n",
                "10",
                str(venv / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                "documents",
                "-n",
                "load-documents@%h",
                "--concurrency",
                "2",
                "--prefetch-multiplier",
                "1",
                "--max-tasks-per-child",
                "25",
                "--max-memory-per-child",
                "600000",
            ],
            "documents.log",
        ),
    }
    samples: list[tuple[float, dict[str, int]]] = []
    since = datetime.datetime.now(datetime.UTC)
    try:
        time.sleep(8)
        csv_prefix = VAR / args.label
        runner = subprocess.Popen(
            [
                str(locust),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                f"{args.spawn_rate:g}",
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--host",
                host,
                "--csv",
                str(csv_prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "LOAD_TARGETS": str(VAR / "targets.json")},
            stdout=(VAR / f"{args.label}-locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        started = time.monotonic()
        while runner.poll() is None:
            samples.append(
                (
                    time.monotonic() - started,
                    {name: rss_kib(tree(p.pid)) for name, p in processes.items()},
                )
            )
            time.sleep(15)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=60)
    jobs = job_outcomes(since)
    report = summarize(args, csv_prefix, samples, jobs)
    print(report)
    if not args.no_write:
        with (ROOT / "docs" / "benchmarks.md").open("a") as doc:
            doc.write("\n" + report)


def job_outcomes(since: datetime.datetime) -> dict[str, int]:
    from django.db.models import Count

    from organizations.models import Job

    return dict(
        Job.objects.filter(kind="member_sheet", created_at__gte=since)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def summarize(args, csv_prefix: Path, samples, jobs) -> str:
    from setting_up import WEB_WORKERS

    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines = [
        f"## Load: {args.users} users for {args.minutes:g} minutes ({args.label}) — "
        f"{datetime.datetime.now().astimezone():%d/%m/%Y}",
        "",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, PostgreSQL on the same machine, "
        f"{MEMBERS:,} generated members (`registry_load`), gunicorn {WEB_WORKERS} workers, a "
        "`default` worker (2) and the `documents` pool (2, under `nice -n 10`) as in docker-compose.yml, "
        f"Locust ({LOCUST}) on the same machine, {args.users} users, 1–5 s between "
        f"pages, spawned {args.spawn_rate:g} a second (each signs in first). Command: "
        f"`.venv/bin/python benchmarks/load.py --users {args.users} --minutes "
        f"{args.minutes:g} --spawn-rate {args.spawn_rate:g} --label {args.label}`.",
        "",
        f"**{total['Request Count']} requests, {total['Failure Count']} failures, "
        f"{float(total['Requests/s']):.1f} requests/s; p50 {total['50%']} ms, "
        f"p95 {total['95%']} ms, p99 {total['99%']} ms, slowest "
        f"{float(total['Max Response Time']):.0f} ms.** Member sheets asked for, by "
        f"the job's state at the end: {jobs or 'none'}.",
        "",
        "| request | count | failures | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row["Name"] == "Aggregated":
            continue
        lines.append(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | "
            f"{row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    if samples:
        lines += [
            "",
            "Resident memory (MiB) of the web and worker processes, sampled every "
            "15 s:",
            "",
            "| minute | web (gunicorn) | default worker | documents pool |",
            "|---|---|---|---|",
        ]
        step = max(1, len(samples) // 10)
        for at, rss in samples[::step] + (
            [samples[-1]] if len(samples) % step != 1 else []
        ):
            lines.append(
                f"| {at / 60:.1f} | {rss['web'] / 1024:.0f} | {rss['worker'] / 1024:.0f} | "
                f"{rss['documents'] / 1024:.0f} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
