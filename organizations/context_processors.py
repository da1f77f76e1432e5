from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role
from .selectors import Permission, active_assignments, holds_anywhere

# On a phone the menu shows the dashboard and the two pages each role opens
# most; the rest sit behind one "Menu" button (DESIGN.md §2 roles).
PHONE_LINKS = {
    Role.SECRETARY: ("candidates", "members"),
    Role.ORG_STAFF: ("candidates", "reviews"),
    Role.STANDING_COMMITTEE: ("reviews", "statistics"),
    Role.VIEWER: ("members", "statistics"),
}


@dataclass(frozen=True)
class NavLink:
    key: str
    url: str
    label: str
    on_phone: bool


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which menu entries to show; the views check the same permissions again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    assignments = active_assignments(user)
    accounts = user.is_superuser or bool(assignments)
    entries = [
        ("dashboard", "reports:dashboard", _("Dashboard")),
        ("organizations", "members:organization_tree", _("Organizations")),
        ("members", "members:list", _("Members")),
        ("candidates", "candidates:list", _("Candidates")),
        ("targets", "candidates:targets", _("Targets")),
        ("statistics", "reports:statistics", _("Statistics")),
        ("reviews", "candidates:meetings", _("Reviews")),
        ("transfers", "members:transfers", _("Transfers")),
        *([("accounts", "organizations:accounts", _("Accounts"))] if accounts else []),
        ("jobs", "organizations:jobs", _("Jobs")),
        *(
            [("audit", "organizations:audit", _("Audit log"))]
            if holds_anywhere(user, Permission.READ_AUDIT)
            else []
        ),
    ]
    role = assignments[0].role if assignments else Role.ORG_STAFF
    phone = {"dashboard", *PHONE_LINKS[Role(role)]}
    return {
        "nav_links": [
            NavLink(key, reverse(name), label, key in phone)
            for key, name, label in entries
        ]
    }
