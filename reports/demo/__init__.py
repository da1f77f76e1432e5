"""The demo district (DESIGN.md §6), built by `manage.py seed_demo`."""

import random

from django.db import transaction
from django.utils import timezone

from members.models import (
    Badge,
    Exemption,
    Member,
    MemberEvent,
    Placement,
    Rating,
    Transfer,
)
from organizations.bulk import insert_many
from organizations.models import Organization

from .badges import badges
from .conduct import conduct
from .district import build_district
from .history import history_events
from .people import build_members
from .pipeline import build_pipeline
from .profiles import fill_profiles
from .review import build_reviews
from .today import carry_on, placements, records
from .users import ensure_admin, ensure_demo_users

SEED = 20181231


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Build the demo district once; a second run only adds what is missing.

    Deterministic: the same seed gives the same tree, names and dates.
    """
    admin = ensure_admin()
    today = timezone.localdate()
    created_members = 0
    if not Organization.objects.filter(code="HSP").exists():
        rng = random.Random(SEED)
        district = build_district(rng, by=admin)
        rows = build_members(district, rng)
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
        build_pipeline(district, rows, random.Random(SEED + 2), today, by=admin)
        created_members = len(rows)
    created_users = ensure_demo_users(admin)
    if created_members:
        build_reviews(today, admin=admin)
    return {"members": created_members, "users": len(created_users)}
