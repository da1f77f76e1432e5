import contextlib
import datetime
import importlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from config.celery import app
from organizations import clock
from organizations.models import Organization, Position, Role, User

from .factories import OrganizationFactory, RoleAssignmentFactory, UserFactory
from .services import own_redis, worker  # noqa: F401  (fixtures, by name)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        help="run every test as of this day (YYYY-MM-DD or DD/MM/YYYY): the "
        "registry clock is set for the whole run, the live server included; "
        "the system clock is not touched",
    )


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--today")
    if value:
        day = parse_day(value)
        stack = contextlib.ExitStack()
        stack.enter_context(clock.pinned(day))
        config.add_cleanup(stack.close)


def parse_day(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise pytest.UsageError(f"--today {value!r}: write YYYY-MM-DD or DD/MM/YYYY")


def pytest_report_header(config: pytest.Config) -> list[str]:
    database = settings.DATABASES["default"]
    broker = (
        settings.CELERY_BROKER_URL if settings.REDIS_URL else "none (tasks in-process)"
    )
    return [
        f"registry database: {database['ENGINE'].rsplit('.', 1)[-1]} "
        f"{database.get('HOST') or ''}",
        f"registry broker: {broker}",
        f"registry day: {clock.today():%d/%m/%Y}",
    ]


# Fast hashing for test users, also for data seeded outside a test's settings.
TEST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = TEST_HASHERS
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.AXES_ENABLED = True
    # Reads stay on the primary unless a test of the replica route asks.
    settings.READ_REPLICA = ""


@pytest.fixture
def today_is() -> Iterator[Callable[[datetime.date], None]]:
    """Move the registry clock to a day, for this test and the threads that
    answer it. The system clock stays: recording timestamps keep their order."""
    stack = contextlib.ExitStack()

    def move(day: datetime.date) -> None:
        stack.enter_context(clock.pinned(day))

    yield move
    stack.close()


@pytest.fixture
def frozen_today(today_is) -> None:
    """Rules and deadlines read today's date: 28/11/2026."""
    today_is(datetime.date(2026, 11, 28))


@dataclass
class Tree:
    """province → district (decides admissions) → Hồ Thầu, Nậm Dịch (communes) with
    village cells, plus one agency cell directly under the district."""

    province: Organization
    district: Organization
    hothau: Organization
    hothau_village: Organization
    namdich: Organization
    namdich_village: Organization
    agency: Organization


@pytest.fixture
def org_tree(db) -> Tree:
    kind = Organization.Kind
    province = OrganizationFactory(
        code="HG", name="Đảng bộ tỉnh Hà Giang", kind=kind.PROVINCIAL_COMMITTEE
    )
    district = OrganizationFactory(
        code="T-HSP",
        name="Đảng bộ huyện Hoàng Su Phì",
        kind=kind.UPPER_COMMITTEE,
        parent=province,
        has_admission_authority=True,
    )
    hothau = OrganizationFactory(
        code="T-HT",
        name="Đảng bộ xã Hồ Thầu",
        kind=kind.COMMUNE_COMMITTEE,
        parent=district,
        is_grassroots=True,
    )
    namdich = OrganizationFactory(
        code="T-ND",
        name="Đảng bộ xã Nậm Dịch",
        kind=kind.COMMUNE_COMMITTEE,
        parent=district,
        is_grassroots=True,
    )
    return Tree(
        province=province,
        district=district,
        hothau=hothau,
        hothau_village=OrganizationFactory(
            code="T-HT-1",
            name="Chi bộ thôn Tân Minh",
            kind=kind.SUBORDINATE_CELL,
            parent=hothau,
        ),
        namdich=namdich,
        namdich_village=OrganizationFactory(
            code="T-ND-1",
            name="Chi bộ thôn Nậm Hồng",
            kind=kind.SUBORDINATE_CELL,
            parent=namdich,
        ),
        agency=OrganizationFactory(
            code="T-GD",
            name="Chi bộ Phòng Giáo dục và Đào tạo",
            kind=kind.GRASSROOTS_CELL,
            parent=district,
            is_grassroots=True,
        ),
    )


def _persona(
    username: str, organization: Organization, role: str, position: str
) -> User:
    user = UserFactory(username=username)
    RoleAssignmentFactory(
        user=user, organization=organization, role=role, position=position
    )
    return user


@pytest.fixture
def org_staff(org_tree) -> User:
    return _persona("btc", org_tree.district, Role.ORG_STAFF, Position.STAFF)


@pytest.fixture
def standing_member(org_tree) -> User:
    return _persona("btv", org_tree.district, Role.STANDING_COMMITTEE, Position.MEMBER)


@pytest.fixture
def hothau_secretary(org_tree) -> User:
    return _persona("hothau", org_tree.hothau, Role.SECRETARY, Position.SECRETARY)


@pytest.fixture
def namdich_secretary(org_tree) -> User:
    return _persona("namdich", org_tree.namdich, Role.SECRETARY, Position.SECRETARY)


@pytest.fixture
def viewer(org_tree) -> User:
    return _persona("xem", org_tree.district, Role.VIEWER, Position.MEMBER)


@pytest.fixture
def nobody(db) -> User:
    return UserFactory(username="nobody")


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def client_as() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


# Migrations that write reference data, each with an idempotent
# `seed(apps, schema_editor)`.
DATA_MIGRATIONS = [
    "organizations.migrations.0002_seed_rules",
    "organizations.migrations.0003_seed_swapped_working_days",
    "organizations.migrations.0006_seed_meeting_rules",
    "organizations.migrations.0011_rule_rows",
    "organizations.migrations.0012_education_grade_equivalents",
    "organizations.migrations.0013_readmission_bars",
    "organizations.migrations.0015_rule_judged_on",
    "organizations.migrations.0018_due_horizons",
    "members.migrations.0002_seed_ethnicities",
    "candidates.migrations.0002_document_kinds",
    "candidates.migrations.0006_recognition_document_kinds",
    "candidates.migrations.0008_subcommittee_document_kind",
]


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Transactional tests empty every table after each test, data written by
    migrations included; this puts the reference data back first."""
    for module in DATA_MIGRATIONS:
        importlib.import_module(module).seed(django_apps, None)


@pytest.fixture
def awareness_class(org_tree):
    from candidates.models import TrainingClass

    return TrainingClass.objects.create(
        kind=TrainingClass.Kind.AWARENESS,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa 1/2025",
        organizer=org_tree.district,
        starts_on=datetime.date(2025, 3, 3),
        ends_on=datetime.date(2025, 3, 14),
    )


@pytest.fixture
def in_process_tasks():
    """The embedded default's mode (no broker), also inside the production run."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, seeded once for the module inside a transaction that is rolled
    back at the end; each test runs in a savepoint within it. Its papers are
    written to a folder of the module's (each test then has its own storage)."""
    from reports.demo import seed_demo

    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("demo"), "base_url": None},
        },
    }
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=TEST_HASHERS, STORAGES=storages),
        transaction.atomic(),
    ):
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db) -> None:
    return None
