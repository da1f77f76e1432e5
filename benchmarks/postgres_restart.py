"""PostgreSQL stopped and started again under traffic (issue: prove it holds).

Starts a PostgreSQL cluster of its own (initdb in a temporary directory, its
own port), seeds the demo district into it, serves the registry with gunicorn
as docker-compose.yml runs it (3 workers, production settings), and sends a
steady load of signed-in page views from several threads. After a while the
cluster is stopped (fast shutdown, as a restart or a crash of the database
host), left down for a few seconds and started again, while the load goes on.

What it shows, second by second: requests answered during the outage fail
cleanly (a 503 page in Vietnamese with Retry-After, within a second, never a
hang or a dropped connection), and the application recovers by itself once
the database is back (the same gunicorn workers, no restart), with no error
after the first second of recovery.

Run (as root or as the postgres user; needs PostgreSQL's server binaries):
      .venv/bin/python benchmarks/postgres_restart.py
Results are appended to docs/reliability.md; gunicorn's log is kept in
var/postgres-restart-gunicorn.log.
"""

import argparse
import collections
import contextlib
import datetime
import http.cookiejar
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from setting_up import WEB_WORKERS, gunicorn_as_composed

PAGES = ["/", "/members/", "/candidates/", "/members/organizations/", "/jobs/"]
USERS = ["btc", "hothau", "namdich", "btv", "xem"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL's server binaries (initdb, pg_ctl) are needed.")
    return found[-1].parent


class Cluster:
    """A throw-away PostgreSQL cluster, run as the postgres user under root."""

    def __init__(self, root: Path, port: int) -> None:
        self.bin, self.data, self.port = postgres_bin(), root / "data", port
        self.log = root / "postgres.log"
        root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")

    def run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def init(self) -> None:
        self.run("initdb", "-A", "trust", "-U", "postgres", "-D", str(self.data))

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/registry"


@dataclass
class Outcome:
    at: float
    status: int  # 0: no HTTP answer (connection refused or reset, timeout)
    seconds: float
    retry_after: str


def production_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "IGNORE_DOTENV": "true",
        "DEBUG": "false",
        "SECRET_KEY": "restart-drill-only-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(ROOT / "var" / "drill-static"),
        "PRIVATE_MEDIA_ROOT": str(ROOT / "var" / "drill-private"),
        "LOG_LEVEL": "WARNING",
    }


def signed_in(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/", timeout=10).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {
            "username": username,
            "password": "demo12345",
            "csrfmiddlewaretoken": match.group(1),
        }
    ).encode()
    request = urllib.request.Request(
        base + "/login/", data=form, headers={"Referer": base + "/login/"}
    )
    answer = opener.open(request, timeout=10)
    if answer.geturl().endswith("/login/"):
        raise RuntimeError(f"{username} could not sign in")
    return opener


def load(
    base: str, username: str, started: float, stop: threading.Event, out: list
) -> None:
    opener = signed_in(base, username)
    turn = 0
    while not stop.is_set():
        path = PAGES[turn % len(PAGES)]
        turn += 1
        begun = time.monotonic()
        status, retry_after = 0, ""
        try:
            with opener.open(base + path, timeout=10) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            status, retry_after = error.code, error.headers.get("Retry-After", "")
            error.read()
        except (urllib.error.URLError, OSError):
            status = 0
        out.append(
            Outcome(begun - started, status, time.monotonic() - begun, retry_after)
        )
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--stop-at", type=float, default=15.0)
    parser.add_argument("--down-for", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=45.0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-drill-"))
    work.chmod(0o755)  # the postgres user runs the cluster inside it
    cluster = Cluster(work / "pg", free_port())
    python = str(ROOT / ".venv" / "bin" / "python")
    env = production_env(cluster.url)
    gunicorn = None
    try:
        cluster.init()
        cluster.start()
        subprocess.run(
            [
                "psql",
                f"postgres://postgres@127.0.0.1:{cluster.port}/postgres",
                "-qc",
                "CREATE DATABASE registry",
            ],
            check=True,
        )
        print("seeding the demo into the drill's cluster …", flush=True)
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["seed_demo", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True
            )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            gunicorn_as_composed(port),
            cwd=ROOT,
            env=env,
            stdout=(work / "gunicorn.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        workers_before = worker_pids(gunicorn.pid)

        outcomes: list[Outcome] = []
        stop = threading.Event()
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=load,
                args=(base, USERS[i % len(USERS)], started, stop, outcomes),
            )
            for i in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        time.sleep(max(0.0, args.stop_at - (time.monotonic() - started)))
        down_at = time.monotonic() - started
        cluster.stop()
        stopped_at = time.monotonic() - started
        time.sleep(args.down_for)
        cluster.start()
        up_at = time.monotonic() - started
        time.sleep(max(0.0, args.duration - (time.monotonic() - started)))
        stop.set()
        for thread in threads:
            thread.join()
        workers_after = worker_pids(gunicorn.pid)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop()
        kept = ROOT / "var" / "postgres-restart-gunicorn.log"
        kept.parent.mkdir(exist_ok=True)
        shutil.copy(work / "gunicorn.log", kept)
        shutil.rmtree(work, ignore_errors=True)

    report = summarize(
        outcomes, args, down_at, stopped_at, up_at, workers_before == workers_after
    )
    print(report)
    if not args.no_write:
        with (ROOT / "docs" / "reliability.md").open("a") as doc:
            doc.write("\n" + report)


def worker_pids(master: int) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    return sorted(int(pid) for pid in found)


def summarize(
    outcomes: list[Outcome],
    args: argparse.Namespace,
    down_at: float,
    stopped_at: float,
    up_at: float,
    same_workers: bool,
) -> str:
    by_second: dict[int, collections.Counter] = collections.defaultdict(
        collections.Counter
    )
    slowest: dict[int, float] = collections.defaultdict(float)
    for o in outcomes:
        second = int(o.at)
        by_second[second][o.status] += 1
        slowest[second] = max(slowest[second], o.seconds)
    failed = [o for o in outcomes if o.status != 200]
    others = collections.Counter(o.status for o in failed if o.status not in (0, 503))
    after_recovery = [o for o in failed if o.at > up_at + 1]
    unanswered = [o for o in outcomes if o.status == 0]
    clean = [o for o in failed if o.status == 503 and o.retry_after]
    ok_after = [o.seconds for o in outcomes if o.status == 200 and o.at > up_at + 1]
    ok_before = [o.seconds for o in outcomes if o.status == 200 and o.at < down_at]
    first_ok = min(
        (o.at for o in outcomes if o.status == 200 and o.at > up_at), default=None
    )
    lines = [
        f"## PostgreSQL stopped and started under traffic — "
        f"{datetime.datetime.now().astimezone():%d/%m/%Y}",
        "",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, PostgreSQL "
        f"{postgres_bin().parent.name} (a cluster of the drill's own), the demo "
        f"district, gunicorn with {WEB_WORKERS} workers as in docker-compose.yml, "
        f"{args.threads} signed-in users looping over {', '.join(PAGES)}. "
        f"Command: `.venv/bin/python benchmarks/postgres_restart.py`.",
        "",
        f"- Database stopped at {down_at:.1f} s (down at {stopped_at:.1f} s), "
        f"started again at {up_at:.1f} s; first page served after it at "
        + (f"{first_ok:.1f} s." if first_ok is not None else "never.")
        + "",
        f"- Requests: {len(outcomes)}; failed: {len(failed)}, of which "
        f"{len(clean)} were the 503 page with Retry-After and "
        f"{len(unanswered)} got no HTTP answer; failures more than a second "
        f"after the database was back: {len(after_recovery)}.",
        "- Slowest failure: "
        + (f"{max(o.seconds for o in failed) * 1000:.0f} ms" if failed else "none")
        + f"; page time p50 before {median_ms(ok_before)}, after {median_ms(ok_after)}.",
        f"- The same gunicorn workers before and after: {'yes' if same_workers else 'no'}.",
        "- Other answers: "
        + (
            ", ".join(f"{n} × {s}" for s, n in sorted(others.items()))
            if others
            else "none"
        )
        + ".",
        "",
        "| second | 200 | 503 | other | no answer | slowest (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for second in sorted(by_second):
        counts = by_second[second]
        other = sum(n for s, n in counts.items() if s not in (0, 200, 503))
        marker = ""
        if int(down_at) <= second <= int(up_at):
            marker = " (database down)" if second > int(down_at) else " (stopping)"
        lines.append(
            f"| {second}{marker} | {counts[200]} | {counts[503]} | {other} | "
            f"{counts[0]} | {slowest[second] * 1000:.0f} |"
        )
    return "\n".join(lines) + "\n"


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms" if values else "n/a"


if __name__ == "__main__":
    main()
