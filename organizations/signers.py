"""Who holds a committee's posts on a day, from the role assignments in
force then: its Standing Committee's members, who may take a meeting's
minutes, and who signs for a collective body as the party's documents write
it: on behalf of the body ("T/M BAN THƯỜNG VỤ"), the signer's title ("BÍ
THƯ", "PHÓ BÍ THƯ") and name."""

import datetime
from dataclasses import dataclass

from .models import Organization, Position, Role, RoleAssignment, User


@dataclass(frozen=True)
class Signer:
    on_behalf: str
    title: str
    name: str


# The titles a collective body's document is signed under, in the order the
# signer is chosen: the head, else a deputy.
STANDING_TITLES: dict[str, str] = {
    Position.SECRETARY: "BÍ THƯ",
    Position.DEPUTY_SECRETARY: "PHÓ BÍ THƯ",
}
DEPARTMENT_TITLES: dict[str, str] = {
    Position.HEAD: "TRƯỞNG BAN",
    Position.DEPUTY_HEAD: "PHÓ TRƯỞNG BAN",
}


def _signer(
    organization: Organization,
    day: datetime.date,
    *,
    role: str,
    titles: dict[str, str],
    on_behalf: str,
    preferred: User | None,
) -> Signer | None:
    holders = list(
        RoleAssignment.objects.active_on(day)
        .filter(organization=organization, role=role, position__in=list(titles))
        .select_related("user")
    )
    if not holders:
        return None
    order = list(titles)
    chosen = next(
        (a for a in holders if preferred is not None and a.user_id == preferred.pk),
        min(holders, key=lambda a: (order.index(a.position), a.user.display_name)),
    )
    return Signer(on_behalf, titles[chosen.position], chosen.user.display_name)


def standing_signer(
    committee: Organization, day: datetime.date, chair: User | None = None
) -> Signer | None:
    """Who signs for the Standing Committee on `day`: the meeting's chair when
    secretary or deputy, else the secretary, else a deputy; None when the
    registry knows neither."""
    return _signer(
        committee,
        day,
        role=Role.STANDING_COMMITTEE,
        titles=STANDING_TITLES,
        on_behalf="T/M BAN THƯỜNG VỤ",
        preferred=chair,
    )


def organization_signer(organization: Organization, day: datetime.date) -> Signer:
    """Who signs for a party organization's own papers (its member list): its
    secretary, else a deputy, for the committee of a đảng bộ or for the cell;
    the secretary's name left to be written by hand when the registry has no
    account for them."""
    on_behalf = (
        "T/M ĐẢNG ỦY" if organization.name.startswith("Đảng bộ") else "T/M CHI BỘ"
    )
    known = _signer(
        organization,
        day,
        role=Role.SECRETARY,
        titles=STANDING_TITLES,
        on_behalf=on_behalf,
        preferred=None,
    )
    return known or Signer(on_behalf, STANDING_TITLES[Position.SECRETARY], "")


def department_signer(committee: Organization, day: datetime.date) -> Signer | None:
    """Who signs for the organization committee (Ban Tổ chức): its head, else
    a deputy."""
    return _signer(
        committee,
        day,
        role=Role.ORG_STAFF,
        titles=DEPARTMENT_TITLES,
        on_behalf="T/M BAN TỔ CHỨC",
        preferred=None,
    )


def committee_members(committee: Organization, on: datetime.date) -> list[User]:
    assignments = (
        RoleAssignment.objects.active_on(on)
        .filter(organization=committee, role=Role.STANDING_COMMITTEE)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return list(dict.fromkeys(a.user for a in assignments))


def minute_takers(committee: Organization, on: datetime.date) -> list[User]:
    """Who may take a meeting's minutes: a member of the Standing Committee or
    one of the organization committee's staff on the day."""
    assignments = (
        RoleAssignment.objects.active_on(on)
        .filter(
            organization=committee,
            role__in=[Role.STANDING_COMMITTEE, Role.ORG_STAFF],
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return list(dict.fromkeys(a.user for a in assignments))
