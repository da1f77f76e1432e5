"""Changes to the organization tree, each from its date on (DESIGN.md §3).

Only these functions (and the dated paths they rebuild, in paths.py) write
the tree, so a move recorded late leaves every earlier date as it was.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import record_audit
from ..models import (
    Authority,
    AuthorityPeriod,
    Organization,
    OrganizationEvent,
    User,
)
from ..text import day_label
from .paths import FOR_NOW, SINCE_ALWAYS, links_of, rebuild, relinked

# The events after which an earlier move or merge of the same organization
# cannot be recorded: it would rewrite what they already say.
TREE_CHANGES = (
    OrganizationEvent.Kind.OPENED,
    OrganizationEvent.Kind.MOVED,
    OrganizationEvent.Kind.MERGED,
    OrganizationEvent.Kind.CLOSED,
)

# Checks contributed by the apps above this one (candidates: decisions a
# committee already took), run inside a change's transaction once the tree is
# changed: each names the records, among `organization_ids` and dated from
# `on`, that the changed tree contradicts.
LaterRecordsCheck = Callable[[list[int], datetime.date], list[str]]
LATER_RECORD_CHECKS: list[LaterRecordsCheck] = []


# What the apps above keep on a merged organization's own roll and can follow
# it (candidates: open dossiers), moved to the absorber by a merger.
CarryAlong = Callable[[Organization, Organization, datetime.date, User], None]
CARRIED_ALONG: list[CarryAlong] = []


def carry_along(
    source: Organization, into: Organization, on: datetime.date, by: User
) -> None:
    for carry in CARRIED_ALONG:
        carry(source, into, on, by)


def contradicted(organization_ids: list[int], on: datetime.date) -> list[str]:
    return [
        line for check in LATER_RECORD_CHECKS for line in check(organization_ids, on)
    ]


def changes_after(organization: Organization, on: datetime.date) -> list[str]:
    """The dated changes of the tree recorded for `organization` after `on`,
    named, for a refusal: a change of an earlier date cannot be slipped in
    before them."""
    later = organization.events.filter(on__gt=on, kind__in=TREE_CHANGES).order_by("on")
    return [
        _("%(event)s on %(date)s")
        % {"event": event.get_kind_display(), "date": day_label(event.on)}
        for event in later
    ]


def log(
    organization: Organization,
    kind: OrganizationEvent.Kind,
    on: datetime.date,
    *,
    by: User | None,
    other: Organization | None = None,
    note: str = "",
) -> None:
    OrganizationEvent.objects.create(
        organization=organization,
        kind=kind,
        on=on,
        other=other,
        note=note,
        recorded_by=by,
    )
    record_audit(
        f"organization.{kind}",
        organization,
        by=by,
        organization=organization,
        on=on.isoformat(),
        other=other.pk if other else None,
    )


@transaction.atomic
def create_organization(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    is_grassroots: bool = False,
    has_admission_authority: bool = False,
    opened_on: datetime.date | None = None,
    sector: str = "",
    by: User | None,
) -> Organization:
    """Create a node under `parent` (or a root); with `has_admission_authority`
    it decides admissions from its opening.

    Raises ValidationError for a duplicate code or a parent closed by then.
    """
    if (
        parent is not None
        and parent.closed_on
        and (opened_on or FOR_NOW) >= parent.closed_on
    ):
        raise ValidationError(
            _("Cannot add an organization under a closed organization.")
        )
    organization = Organization(
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        is_grassroots=is_grassroots,
        has_admission_authority=has_admission_authority,
        opened_on=opened_on,
        path="/",
        depth=0,
    )
    organization.full_clean(exclude=["path"])
    organization.save()
    rebuild({organization.pk: [(SINCE_ALWAYS, FOR_NOW, parent.pk if parent else None)]})
    organization.refresh_from_db()
    if has_admission_authority:
        AuthorityPeriod.objects.create(
            organization=organization, authority=Authority.ADMISSION, start=opened_on
        )
    if opened_on is not None:
        log(organization, OrganizationEvent.Kind.OPENED, opened_on, by=by, other=parent)
    else:
        record_audit(
            "organization.create", organization, by=by, organization=organization
        )
    return organization


def _check_open(organization: Organization, on: datetime.date) -> list[str]:
    if organization.is_open_on(on):
        return []
    return [
        _("%(name)s is not open on %(date)s.")
        % {"name": organization.name, "date": day_label(on)}
    ]


@transaction.atomic
def move_organization(
    organization: Organization,
    *,
    new_parent: Organization,
    on: datetime.date,
    by: User | None,
) -> Organization:
    """Hang `organization` and everything under it under `new_parent` from `on`.

    Raises ValidationError, naming what is in the way, when `new_parent` is not
    open that day, when the organization would hang under itself, or when a
    later change of this organization is already recorded.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    errors = _check_open(new_parent, on)
    if organization.closed_on is not None and organization.closed_on <= on:
        errors.append(_("%(name)s is closed by then.") % {"name": organization.name})
    errors += changes_after(organization, on)
    if new_parent.pk == organization.parent_id and not errors:
        errors.append(
            _("%(name)s already hangs under %(parent)s.")
            % {"name": organization.name, "parent": new_parent.name}
        )
    if errors:
        raise ValidationError(errors)
    old_parent = organization.parent
    links = links_of([organization.pk])[organization.pk]
    rebuild({organization.pk: relinked(links, new_parent.pk, on, FOR_NOW)})
    log(
        organization,
        OrganizationEvent.Kind.MOVED,
        on,
        by=by,
        other=new_parent,
        note=_("from %(name)s") % {"name": old_parent.name} if old_parent else "",
    )
    organization.refresh_from_db()
    return organization


def holds_on(
    organization: Organization, authority: Authority, on: datetime.date
) -> bool:
    return organization.authority_periods.filter(authority=authority).on(on).exists()


@transaction.atomic
def grant_authority(
    organization: Organization,
    authority: Authority,
    *,
    on: datetime.date,
    by: User | None,
) -> None:
    """`organization` holds `authority` from `on` (the 2025 reform: each commune
    committee decides its admissions from 1 July 2025)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    errors = _check_open(organization, on)
    if holds_on(organization, authority, on):
        errors.append(
            _("%(name)s already holds this power on %(date)s.")
            % {"name": organization.name, "date": day_label(on)}
        )
    later = organization.authority_periods.filter(authority=authority, start__gt=on)
    errors += [
        _("a grant from %(date)s is already recorded") % {"date": day_label(p.start)}
        for p in later
        if p.start
    ]
    if errors:
        raise ValidationError(errors)
    AuthorityPeriod.objects.create(
        organization=organization, authority=authority, start=on
    )
    organization.has_admission_authority = True
    organization.save(update_fields=["has_admission_authority", "updated_at"])
    log(organization, OrganizationEvent.Kind.AUTHORITY_GRANTED, on, by=by)


def _end_authority(
    organization: Organization, authority: Authority, on: datetime.date
) -> None:
    for period in organization.authority_periods.filter(
        authority=authority, end__isnull=True
    ):
        if period.start is not None and period.start >= on:
            period.delete()
        else:
            period.end = on
            period.save(update_fields=["end"])
    organization.has_admission_authority = False
    organization.save(update_fields=["has_admission_authority", "updated_at"])


@transaction.atomic
def end_authority(
    organization: Organization,
    authority: Authority,
    *,
    on: datetime.date,
    by: User | None,
) -> None:
    """`organization` no longer holds `authority` from `on`."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    period = organization.authority_periods.filter(authority=authority).on(on).first()
    if period is None or period.end is not None:
        raise ValidationError(
            _("%(name)s does not hold this power from %(date)s on.")
            % {"name": organization.name, "date": day_label(on)}
        )
    _end_authority(organization, authority, on)
    log(organization, OrganizationEvent.Kind.AUTHORITY_ENDED, on, by=by)


def close(
    organization: Organization,
    *,
    on: datetime.date,
    by: User | None,
    merged_into: Organization | None = None,
) -> None:
    """Mark `organization` closed from `on` and end the powers it held then.
    The caller has checked what stands in the way (open children, members)."""
    for authority in Authority:
        _end_authority(organization, authority, on)
    organization.closed_on, organization.merged_into = on, merged_into
    organization.save(update_fields=["closed_on", "merged_into", "updated_at"])
    if merged_into is None:
        log(organization, OrganizationEvent.Kind.CLOSED, on, by=by)
    else:
        log(organization, OrganizationEvent.Kind.MERGED, on, by=by, other=merged_into)
        log(merged_into, OrganizationEvent.Kind.ABSORBED, on, by=by, other=organization)
