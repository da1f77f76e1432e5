"""Merging and moving organizations (the 2020 commune merger, the 2025 reform),
with a dated event for every member concerned (DESIGN.md §3).

A merged organization becomes a closed node under the organization that
absorbed it: its history stays inside the absorber's subtree, its cells move
under the absorber, and members kept directly on its roll move to the absorber
from the merger date. Figures as at an earlier date still count them where
they were."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization, User
from organizations.selectors import Permission, can
from organizations.services.tree import move_organization

from ..models import Member, MemberEvent, Placement


def _check(by: User, *organizations: Organization) -> None:
    for organization in organizations:
        if not can(by, Permission.RECORD_COMMITTEE_DECISION, organization):
            raise PermissionDenied


def _log(members: list[Member], *, on: datetime.date, by: User, note: str) -> None:
    MemberEvent.objects.bulk_create(
        MemberEvent(
            member=member,
            kind=MemberEvent.Kind.REORGANIZED,
            on=on,
            organization=member.organization,
            note=note,
            recorded_by=by,
        )
        for member in members
    )


def _current_members(organization: Organization) -> list[Member]:
    return list(
        Member.objects.in_subtree(organization)
        .filter(end_date__isnull=True)
        .select_related("organization")
    )


@transaction.atomic
def merge_organization(
    source: Organization, *, into: Organization, on: datetime.date, by: User
) -> Organization:
    """Close `source` on `on` and merge it into `into`."""
    _check(by, source, into)
    source = Organization.objects.select_for_update().get(pk=source.pk)
    errors = []
    if source.closed_on is not None:
        errors.append(_("%(name)s is already closed.") % {"name": source.name})
    if into.path.startswith(source.path):
        errors.append(_("An organization cannot be merged into its own subtree."))
    if not into.is_open_on(on):
        errors.append(_("%(name)s is closed on that date.") % {"name": into.name})
    if errors:
        raise ValidationError(errors)
    note = _("%(source)s merged into %(into)s") % {
        "source": source.name,
        "into": into.name,
    }
    members = _current_members(source)
    for child in Organization.objects.filter(parent=source, closed_on__isnull=True):
        move_organization(child, new_parent=into, by=by)
    direct = [m for m in members if m.organization_id == source.pk]
    for placement in Placement.objects.filter(member__in=direct, end__isnull=True):
        placement.end = on
        placement.save(update_fields=["end"])
        Placement.objects.create(
            member_id=placement.member_id,
            organization=into,
            start=on,
            decision_date=placement.decision_date,
            ceremony_date=placement.ceremony_date,
            official_date=placement.official_date,
        )
    Member.objects.filter(pk__in=[m.pk for m in direct]).update(organization=into)
    move_organization(source, new_parent=into, by=by)
    source.refresh_from_db()
    source.closed_on, source.merged_into = on, into
    source.save(update_fields=["closed_on", "merged_into", "updated_at"])
    _log(members, on=on, by=by, note=note)
    return source


@transaction.atomic
def move_subtree(
    organization: Organization, *, new_parent: Organization, on: datetime.date, by: User
) -> Organization:
    """Re-hang an organization and everything under it (e.g. a commune committee
    placed directly under the province in 2025); its members stay where they are."""
    _check(by, organization, new_parent)
    members = _current_members(organization)
    move_organization(organization, new_parent=new_parent, by=by)
    note = _("%(name)s moved under %(parent)s") % {
        "name": organization.name,
        "parent": new_parent.name,
    }
    _log(members, on=on, by=by, note=note)
    organization.refresh_from_db()
    return organization
