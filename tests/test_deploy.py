import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from django.conf import settings


def test_docker_compose_file_is_valid():
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose is installed by `make test` (Debian package docker-compose)"
        )
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "-q"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "x"},
    )
    assert result.returncode == 0, result.stderr


def test_compose_runs_web_worker_beat_on_both_queues():
    text = (settings.BASE_DIR / "docker-compose.yml").read_text()
    for needle in (
        "postgres:",
        "redis:",
        "web:",
        "worker:",
        "beat:",
        "gunicorn",
        "-Q default ",
        "-Q documents ",
    ):
        assert needle in text


UNITS = {
    "web": "registry-web.service",
    "worker": "registry-worker.service",
    "documents": "registry-documents.service",
    "beat": "registry-beat.service",
}
# What a process does, as opposed to where it listens or keeps its files.
TUNING = (
    "--workers",
    "--timeout",
    "-Q",
    "--concurrency",
    "--prefetch-multiplier",
    "--max-tasks-per-child",
    "--max-memory-per-child",
)


def _tuning(command: str) -> tuple[str, dict[str, str]]:
    words = shlex.split(command)
    program = next(w for w in words if w.rsplit("/", 1)[-1] in ("gunicorn", "celery"))
    rest = words[words.index(program) :]
    options = {flag: rest[i + 1] for i, flag in enumerate(rest[:-1]) if flag in TUNING}
    role = rest[3] if rest[0].endswith("celery") else "web"
    return role, options


@pytest.mark.smoke
def test_the_systemd_units_run_what_the_compose_file_runs():
    services = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())[
        "services"
    ]
    for service, unit in UNITS.items():
        text = (settings.BASE_DIR / "deploy" / "systemd" / unit).read_text()
        exec_start = re.search(r"^ExecStart=(.+)$", text, re.M)
        assert exec_start, unit
        command = services[service]["command"]
        composed = shlex.split(command)[-1] if command.startswith("sh -c") else command
        assert _tuning(exec_start.group(1)) == _tuning(composed), unit
    documents = settings.BASE_DIR / "deploy/systemd/registry-documents.service"
    assert "Nice=10" in documents.read_text()
    assert services["documents"]["command"].startswith("nice -n 10 ")


@pytest.mark.smoke
def test_every_setting_is_documented_and_in_the_example_environment():
    names = set(
        re.findall(
            r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"',
            (settings.BASE_DIR / "config" / "settings.py").read_text(),
        )
    )
    assert len(names) > 25
    documented = (settings.BASE_DIR / "docs" / "deploy.md").read_text()
    example = (settings.BASE_DIR / ".env.example").read_text()
    assert {n for n in names if f"`{n}`" not in documented} == set()
    # IGNORE_DOTENV decides whether the file is read, so it is not in it.
    missing = {n for n in names if not re.search(rf"^#? ?{n}=", example, re.M)}
    assert missing == {"IGNORE_DOTENV"}


@pytest.mark.smoke
@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_a_replica_url_of_either_engine_gives_a_usable_alias(engine, tmp_path):
    url = {
        "sqlite": f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        "postgres": "postgres://registry@127.0.0.1:5432/registry",
    }[engine]
    probe = (
        "import django; django.setup(); "
        "from django.conf import settings; from django.db import connections; "
        "c = connections['replica']; "
        "print(settings.READ_REPLICA, sorted(c.get_connection_params()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_REPLICA_URL": url,
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("replica ")
    assert ("connect_timeout" in result.stdout) is (engine == "postgres")


@pytest.mark.smoke
def test_an_unknown_log_format_stops_the_start_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "LOG_FORMAT": "xml",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT is json or plain, not 'xml'" in result.stderr
