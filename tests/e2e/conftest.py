import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

from config.celery import app
from reports.demo import seed_demo
from tests.conftest import DATA_MIGRATIONS, TEST_HASHERS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright cannot download its own browser here.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _reference_data() -> None:
    for module in DATA_MIGRATIONS:
        importlib.import_module(module).seed(django_apps, None)


@pytest.fixture(scope="package")
def demo_server(django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    """The demo district, seeded once for every journey and committed so the
    server thread sees it; the database is emptied (reference data put back)
    when the journeys are done. Journeys change different members, so they do
    not depend on one another."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=TEST_HASHERS):
        _reference_data()
        seed_demo()
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            _reference_data()


@pytest.fixture
def documents_in_process() -> Iterator[None]:
    """The live server renders documents itself once the request commits: the
    real worker is tested in tests/candidates/test_review_documents.py and
    tests/reports/test_statistics_files.py."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
