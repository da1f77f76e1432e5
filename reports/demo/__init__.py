"""The demo district (DESIGN.md §6), built by `manage.py seed_demo`.

It is built as it would stand on the registry clock's day (organizations.clock),
so `seed_demo --date` gives the demo of any day; deterministic for a given day.
Everything is written in one transaction; the only thing written outside it,
the demo's dossier papers, is removed again when a step fails.
"""

import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from candidates.models import DocumentKind
from members.models import (
    Badge,
    Exemption,
    Member,
    MemberEvent,
    Placement,
    Rating,
    Transfer,
)
from organizations import clock
from organizations.bulk import insert_many
from organizations.models import Organization

from .badges import badges
from .conduct import conduct
from .demo_rows import DEMO_PDF
from .district import build_district
from .history import history_events
from .people import build_members
from .pipeline import build_pipeline
from .profiles import fill_profiles
from .review import build_reviews
from .today import carry_on, placements, records
from .users import ensure_admin, ensure_demo_users

SEED = 20181231


class SeedFailed(Exception):
    """A step of the demo failed; nothing of the demo was kept."""

    def __init__(self, step: str, error: Exception) -> None:
        super().__init__(f"{step}: {type(error).__name__}: {error}")
        self.step = step


@contextmanager
def _step(name: str) -> Iterator[None]:
    try:
        yield
    except SeedFailed:
        raise
    except Exception as error:
        raise SeedFailed(name, error) from error


def _papers(saved: list[str]) -> dict[str, str]:
    """The demo's paper for each document kind, its stored name noted in `saved`."""
    files = {}
    for code in DocumentKind.objects.values_list("code", flat=True):
        files[code] = default_storage.save(
            f"dossiers/demo/{code}.pdf", ContentFile(DEMO_PDF)
        )
        saved.append(files[code])
    return files


def _build(saved: list[str]) -> tuple[int, int]:
    """The district, its people and their history to today: the member rows
    and the demo accounts created."""
    today = clock.today()
    with _step("accounts"):
        admin = ensure_admin()
    if Organization.objects.filter(code="HSP").exists():
        with _step("accounts"):
            return 0, len(ensure_demo_users(admin))
    rng = random.Random(SEED)
    with _step("district"):
        district = build_district(rng, by=admin)
    with _step("members to 2018"):
        rows = build_members(district, rng)
    with _step("members since 2018"):
        # After 2018: deterministic for a given date (DESIGN.md §5).
        later = carry_on(district, rows, random.Random(SEED + today.toordinal()), today)
        rows += later.admitted
        fill_profiles(rows, district, random.Random(SEED + 1))
        insert_many(Member, rows)
        insert_many(Placement, placements(rows, later))
        transfers, exemptions, events = records(later, by=admin)
        insert_many(Transfer, transfers)
        insert_many(Exemption, exemptions)
        events += history_events(rows, by=admin)
    with _step("ratings and badges"):
        home = {
            cell.pk: grassroots
            for grassroots, cells in district.cells.items()
            for cell in cells
        }
        ratings, conduct_events = conduct(
            rows,
            exemptions,
            random.Random(SEED + 3),
            today,
            by=admin,
            grassroots_of=lambda m: home.get(m.organization_id, m.organization_id),
        )
        insert_many(Rating, ratings)
        events += conduct_events
        awarded, badge_events = badges(rows, by=admin, today=today)
        insert_many(Badge, awarded)
        events += badge_events
        insert_many(MemberEvent, events)
    with _step("candidate pipeline"):
        build_pipeline(
            district,
            rows,
            random.Random(SEED + 2),
            today,
            by=admin,
            files=_papers(saved),
        )
    with _step("accounts"):
        users = ensure_demo_users(admin)
    with _step("review meetings"):
        build_reviews(today, admin=admin)
    return len(rows), len(users)


def seed_demo() -> dict[str, int]:
    """Build the demo district once; a second run only adds missing accounts.

    Raises SeedFailed naming the step that failed; the transaction is rolled
    back and the papers written for it are removed.
    """
    saved: list[str] = []
    try:
        with transaction.atomic():
            members, users = _build(saved)
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return {"members": members, "users": users}
