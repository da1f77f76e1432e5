import shutil
import subprocess

import pytest
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
