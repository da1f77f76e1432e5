"""Real services for the tests that need them: a `celery worker` process on
the test database, and a Redis server of the test's own to stop and start
again. The fixtures are offered to every test through tests/conftest.py."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


def start_worker(tmp_path: Path, log_name: str = "worker.log", **env: str):
    """A `celery worker` process (solo pool) on the app's broker and the test
    database, its private files under `tmp_path`; returns once it answers."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "the worker tests run in the production configuration (make test), "
            f"not on {connection.vendor} with broker {settings.REDIS_URL!r}"
        )
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": app.conf.broker_url,
        **env,
    }
    log = (tmp_path / log_name).open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            "default,documents",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + 30
    while not app.control.ping(destination=[name], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail((tmp_path / log_name).read_text())
    return process


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def worker(reference_data, tmp_path):
    process = start_worker(tmp_path)
    yield process
    stop_worker(process)


class OwnRedis:
    """A Redis server of the test's own, to stop and start again."""

    def __init__(self, port: int) -> None:
        self.port, self.url = port, f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    return
            if time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _point_celery_at(url: str) -> None:
    # Celery keeps its connection pools for the life of the process; dropping
    # them (as it does itself after a fork) makes the next task use `url`.
    app.conf["broker_url"] = url
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def own_redis(settings) -> Iterator[OwnRedis]:
    """This process's broker and cache moved to a Redis of the test's own."""
    server = OwnRedis(_free_port())
    server.start()
    previous = app.conf.broker_url
    _point_celery_at(server.url)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
        }
    }
    yield server
    server.stop()
    _point_celery_at(previous)
