"""docker-compose.yml's processes, run for real.

No container engine runs on CI's machines, so the test starts natively the
commands the compose file gives each service — gunicorn with its configured
workers, the `default` worker, the `documents` pool, beat — on CI's
PostgreSQL, a Redis of the test's own and production settings (DEBUG off,
WhiteNoise, the private files directory), with nginx configured by
deploy/nginx.conf in front (the compose file's optional service). A demo
user signs in over HTTP, asks for a meeting dossier, waits for the pool,
downloads and reads it; each service's own health check passes; the logs are
JSON lines carrying the request's id; everything stops cleanly.
"""

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection, HTTPException, HTTPResponse
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from django.conf import settings
from pypdf import PdfReader

from config import settings as production_settings
from reports.demo import seed_demo
from tests.services import OwnRedis, _database_url, _free_port

pytestmark = pytest.mark.worker

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
SERVICES = ("web", "worker", "documents", "beat")
# A program at the start of a command or of a shell command line.
PROGRAM = re.compile(r"(?:^|(?<=&& )|(?<=exec ))(python|gunicorn|celery)(?= |$)")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def native(command: str | list[str], port: int, tmp: Path) -> list[str]:
    """A compose command as this machine runs it: the virtualenv's programs,
    gunicorn on a free local port, beat's schedule file in the test's folder."""
    words = shlex.split(command) if isinstance(command, str) else list(command)
    replacements = {
        "0.0.0.0:8000": f"127.0.0.1:{port}",
        "127.0.0.1:8000": f"127.0.0.1:{port}",
        "/tmp/celerybeat-schedule": str(tmp / "celerybeat-schedule"),
    }
    result = []
    for word in words:
        word = PROGRAM.sub(rf"{BIN}/\1", word)
        for old, new in replacements.items():
            word = word.replace(old, new)
        result.append(word)
    return result


def health_command(service: dict, port: int, tmp: Path) -> list[str]:
    test = service["healthcheck"]["test"]
    assert test[0] == "CMD", test
    return native(test[1:], port, tmp)


class Browser:
    """A visitor behind the TLS proxy: cookies kept by hand because the
    production cookies are Secure and the proxy's last leg is plain HTTP."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.origin = f"https://127.0.0.1:{port}"

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[HTTPResponse, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(
                {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            )
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.origin + path,
                "Origin": self.origin,
            }
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, content

    def get(self, path: str) -> tuple[HTTPResponse, bytes]:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> tuple[HTTPResponse, bytes]:
        return self.request("POST", path, data)

    def sign_in(self, username: str) -> None:
        self.get("/login/")
        response, _ = self.post(
            "/login/", {"username": username, "password": "demo12345"}
        )
        assert response.status == 302, f"{username} could not sign in"


def wait_for(check, seconds: float, what: str, logs: Path) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            tails = "\n".join(
                f"--- {log.name}\n{log.read_text()[-3000:]}"
                for log in sorted(logs.glob("*.log"))
            )
            pytest.fail(f"{what} did not happen within {seconds} s\n{tails}")
        time.sleep(0.5)


def answers(port: int) -> bool:
    try:
        connection = HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        return True
    except OSError:
        return False


def nginx_config(tmp: Path, web_port: int, port: int) -> Path:
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("server web:8000;", f"server 127.0.0.1:{web_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("alias /data/private/;", f"alias {tmp / 'private'}/;")
    (tmp / "site.conf").write_text(site)
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx.log warn;\n"
        "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {tmp}/nginx-{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp}/site.conf;\n}}\n"
    )
    return main


@pytest.fixture
def production(reference_data, tmp_path, settings) -> Iterator[dict]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    static = Path(settings.STATIC_ROOT)
    if not (static / "staticfiles.json").exists() or not Path(nginx).exists():
        pytest.fail(
            "make test collects the static files and installs nginx before this test"
        )
    # The processes check passwords with the production hashers.
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    seed_demo()
    redis = OwnRedis(_free_port())
    redis.start()
    web_port, nginx_port = _free_port(), _free_port()
    services = compose()
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "IGNORE_DOTENV": "true",
        "DEBUG": services["web"]["environment"]["DEBUG"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis.url,
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "PRIVATE_FILES_ACCEL_PREFIX": "/protected/",
        "STATIC_ROOT": str(static),
        "EMAIL_URL": "consolemail://",
        "CONN_MAX_AGE": "0",
    }
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name in SERVICES:
            processes[name] = subprocess.Popen(
                native(services[name]["command"], web_port, tmp_path),
                cwd=ROOT,
                env=environment,
                stdout=(tmp_path / f"{name}.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        wait_for(lambda: answers(web_port), 60, "gunicorn answering", tmp_path)
        processes["nginx"] = subprocess.Popen(
            [nginx, "-c", str(nginx_config(tmp_path, web_port, nginx_port))],
            stdout=(tmp_path / "nginx-out.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: answers(nginx_port), 20, "nginx answering", tmp_path)
        yield {
            "processes": processes,
            "services": services,
            "env": environment,
            "web_port": web_port,
            "port": nginx_port,
            "tmp": tmp_path,
        }
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.stop()


def json_lines(log: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in log.read_text().splitlines()
        if line.startswith("{")
    ]


def test_the_composed_processes_serve_a_meeting_dossier_and_stop_cleanly(
    production,
):
    tmp, port = production["tmp"], production["port"]
    staff = Browser(port)
    staff.sign_in("btc")

    # Static files from WhiteNoise, with DEBUG off.
    _, page = staff.get("/candidates/meetings/")
    meeting = re.search(rb'href="/candidates/meetings/(\d+)/"', page)
    assert meeting, "the demo has a meeting on the Standing Committee's list"
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page)
    assert stylesheet
    response, _ = staff.get(stylesheet.group(1).decode())
    assert response.status == 200
    assert "max-age" in (response.headers["Cache-Control"] or "")

    response, _ = staff.post(
        f"/documents/meetings/{meeting.group(1).decode()}/meeting_dossier/",
        {},
    )
    assert response.status == 302
    job_page = response.headers["Location"]
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"/jobs/\d+/", job_page)
    download = job_page + "download/"
    wait_for(
        lambda: download.encode() in staff.get(job_page)[1],
        120,
        "the meeting dossier",
        tmp,
    )

    response, pdf = staff.get(download)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "X-Accel-Redirect" not in response.headers, "nginx sent the file itself"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Ban Thường vụ" in text

    # The file only after the application's check: not by its address, and
    # not for a secretary of another organization.
    # The dossier's own file, found by its bytes among the demo's papers.
    stored = next(
        path for path in (tmp / "private").rglob("*.pdf") if path.read_bytes() == pdf
    ).relative_to(tmp / "private")
    assert staff.get(f"/protected/{stored}")[0].status == 404
    outsider = Browser(port)
    outsider.sign_in("hothau")
    assert outsider.get(download)[0].status == 404

    # Each service's own health check, as the compose file runs it.
    services, env = production["services"], production["env"]
    for name in SERVICES:
        check = subprocess.run(
            health_command(services[name], production["web_port"], tmp),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert check.returncode == 0, (name, check.stdout, check.stderr)

    # Beat's heartbeats reach both queues' workers within a minute and a half.
    def all_heard() -> bool:
        body = json.loads(staff.get("/healthz")[1])
        return body["status"] == "ok"

    wait_for(all_heard, 100, "the workers' heartbeats", tmp)

    # One JSON line per request and per task, tied by the request's id, and
    # no search term or name in them.
    staff.get("/members/?q=Ly+Seo")
    time.sleep(0.5)
    web = json_lines(tmp / "web.log")
    asked = [line for line in web if line.get("request_id") == request_id]
    assert [(line["method"], line["status"]) for line in asked] == [("POST", 302)]
    rendered = [
        line
        for line in json_lines(tmp / "documents.log")
        if line.get("request_id") == request_id and line.get("task")
    ]
    assert [line["state"] for line in rendered] == ["SUCCESS"]
    everything = "".join(
        (tmp / f"{name}.log").read_text() for name in ("web", "worker", "documents")
    )
    assert "/members/" in everything
    assert "Seo" not in everything

    # An upgrade's restart (SIGHUP: new workers with the new code, the old
    # ones finish what they hold) drops no request.
    answered: list[int | str] = []
    stop = threading.Event()

    def visit() -> None:
        while not stop.is_set():
            try:
                answered.append(Browser(port).get("/login/")[0].status)
            except (OSError, HTTPException) as error:
                answered.append(repr(error))

    web_log = tmp / "web.log"
    workers = int(re.search(r"--workers (\d+)", services["web"]["command"])[1])
    booted = web_log.read_text().count("Booting worker")
    visitor = threading.Thread(target=visit)
    visitor.start()
    try:
        time.sleep(0.5)
        production["processes"]["web"].send_signal(signal.SIGHUP)
        wait_for(
            lambda: web_log.read_text().count("Booting worker") >= booted + workers,
            30,
            "gunicorn's new workers",
            tmp,
        )
        time.sleep(1)
    finally:
        stop.set()
        visitor.join()
    assert len(answered) > 10
    assert set(answered) == {200}

    # Stopped as the container engine stops them: SIGTERM, and out within
    # its ten seconds' grace.
    for name in SERVICES:
        process = production["processes"][name]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0, (tmp / f"{name}.log").read_text()
