"""Demo accounts (DESIGN.md §5). Password `demo12345` for all: demo data only."""

import datetime

from organizations.models import Organization, Position, Role, User
from organizations.services.accounts import create_account, grant_role

DEMO_PASSWORD = "demo12345"
ROLES_FROM = datetime.date(2015, 10, 1)

# username, full name, organization code, role, position
DEMO_USERS = [
    ("btc", "Nguyễn Văn Bình", "HSP", Role.ORG_STAFF, Position.STAFF),
    ("btv", "Hoàng Thị Thu", "HSP", Role.STANDING_COMMITTEE, Position.SECRETARY),
    ("hothau", "Triệu Tiến Lâm", "HSP-HOTHAU", Role.SECRETARY, Position.SECRETARY),
    ("namdich", "Nông Văn Thắng", "HSP-NAMDICH", Role.SECRETARY, Position.SECRETARY),
    ("xem", "Lê Thị Hoa", "HSP", Role.VIEWER, Position.MEMBER),
]


def ensure_admin() -> User:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", password=DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
    return admin


def _make_demo(user: User) -> None:
    user.set_password(DEMO_PASSWORD)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def ensure_demo_users(admin: User) -> list[str]:
    """Create the demo accounts that are missing; returns the usernames created."""
    created = []
    for username, full_name, code, role, position in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        organization = Organization.objects.get(code=code)
        if role in (Role.ORG_STAFF, Role.STANDING_COMMITTEE):
            # Only a superuser grants these (DESIGN.md §2); the admin plays that part.
            user = User.objects.create_user(
                username, full_name=full_name, created_by=admin
            )
            grant_role(
                user,
                organization=organization,
                role=role,
                position=position,
                started_on=ROLES_FROM,
                by=admin,
            )
        else:
            user, _password = create_account(
                username=username,
                full_name=full_name,
                organization=organization,
                role=role,
                position=position,
                started_on=ROLES_FROM,
                by=admin,
            )
        _make_demo(user)
        created.append(username)
    return created
