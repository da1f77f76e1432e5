"""Changes to the organization tree, each from its date on (DESIGN.md §3).

Only these functions write the tree: an organization's parent links over
time are the facts; the dated paths (TreePeriod) and the current `parent`,
`path` and `depth` on the row are rebuilt from them for the subtree that a
change touches, so a move recorded late leaves every earlier date as it was.
"""

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from ..audit import record_audit
from ..models import (
    Authority,
    AuthorityPeriod,
    Organization,
    OrganizationEvent,
    TreePeriod,
    User,
)
from ..text import day_label

# Open ends of a period, so spans compare as plain dates.
SINCE_ALWAYS, FOR_NOW = datetime.date.min, datetime.date.max

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


def contradicted(organization_ids: list[int], on: datetime.date) -> list[str]:
    return [
        line for check in LATER_RECORD_CHECKS for line in check(organization_ids, on)
    ]


Link = tuple[datetime.date, datetime.date, int | None]
Row = tuple[datetime.date, datetime.date, int | None, str, int]


def _span(start: datetime.date | None, end: datetime.date | None) -> tuple:
    return start or SINCE_ALWAYS, end or FOR_NOW


def links_of(ids: Iterable[int]) -> dict[int, list[Link]]:
    """Each organization's parent over time, periods with one parent joined."""
    links: dict[int, list[Link]] = {}
    periods = TreePeriod.objects.filter(organization_id__in=list(ids)).order_by(
        "organization_id", F("start").asc(nulls_first=True)
    )
    for period in periods:
        start, end = _span(period.start, period.end)
        own = links.setdefault(period.organization_id, [])
        if own and own[-1][2] == period.parent_id and own[-1][1] == start:
            own[-1] = (own[-1][0], end, period.parent_id)
        else:
            own.append((start, end, period.parent_id))
    return links


def relinked(
    links: list[Link], parent: int | None, on: datetime.date, until: datetime.date
) -> list[Link]:
    """`links` with `parent` in force from `on` to `until`."""
    kept: list[Link] = []
    for start, end, old in links:
        if start < on:
            kept.append((start, min(end, on), old))
        if end > until:
            kept.append((max(start, until), end, old))
    kept.append((on, until, parent))
    return sorted(kept)


def _cycle(organization_id: int, day: datetime.date) -> ValidationError:
    name = Organization.objects.get(pk=organization_id).name
    return ValidationError(
        _("%(name)s would hang under itself on %(date)s.")
        % {"name": name, "date": day_label(max(day, datetime.date(1900, 1, 1)))}
    )


def _rows(
    organization_id: int,
    window: tuple[datetime.date, datetime.date],
    links: dict[int, list[Link]],
    fixed: dict[int, list[Row]],
    above: frozenset[int],
) -> list[Row]:
    """Where `organization_id` hung during `window`, from the parent links of
    the organizations being rebuilt and the stored rows of the others."""
    low, high = window
    if organization_id in above:
        raise _cycle(organization_id, low)
    if organization_id not in links:
        return [
            (max(s, low), min(e, high), parent, path, depth)
            for s, e, parent, path, depth in fixed.get(organization_id, [])
            if max(s, low) < min(e, high)
        ]
    rows: list[Row] = []
    for start, end, parent in links[organization_id]:
        a, b = max(start, low), min(end, high)
        if a >= b:
            continue
        if parent is None:
            rows.append((a, b, None, f"/{organization_id}/", 0))
            continue
        for s, e, _grand, path, depth in _rows(
            parent, (a, b), links, fixed, above | {organization_id}
        ):
            rows.append((s, e, parent, f"{path}{organization_id}/", depth + 1))
    return rows


def _joined(rows: list[Row]) -> list[Row]:
    joined: list[Row] = []
    for row in sorted(rows):
        if joined and joined[-1][1] == row[0] and joined[-1][2:] == row[2:]:
            joined[-1] = (joined[-1][0], row[1], *row[2:])
        else:
            joined.append(row)
    return joined


def _descendants_ever(ids: Iterable[int]) -> set[int]:
    query = Q()
    for pk in ids:
        query |= Q(path__contains=f"/{pk}/")
    return set(
        TreePeriod.objects.filter(query).values_list("organization_id", flat=True)
    )


def rebuild(changed: dict[int, list[Link]]) -> None:
    """Store new parent links for the organizations in `changed` and rebuild the
    dated paths of everything that ever hung under them. Raises ValidationError
    when an organization would hang under itself on some day."""
    affected = _descendants_ever(changed) | set(changed)
    links = links_of(affected - set(changed))
    links.update(changed)
    outside = {p for own in links.values() for *_, p in own if p and p not in links}
    fixed: dict[int, list[Row]] = {}
    for period in TreePeriod.objects.filter(organization_id__in=outside):
        fixed.setdefault(period.organization_id, []).append(
            (
                *_span(period.start, period.end),
                period.parent_id,
                period.path,
                period.depth,
            )
        )
    whole = (SINCE_ALWAYS, FOR_NOW)
    new = {pk: _joined(_rows(pk, whole, links, fixed, frozenset())) for pk in links}
    TreePeriod.objects.filter(organization_id__in=affected).delete()
    TreePeriod.objects.bulk_create(
        TreePeriod(
            organization_id=pk,
            parent_id=parent,
            path=path,
            depth=depth,
            start=None if start == SINCE_ALWAYS else start,
            end=None if end == FOR_NOW else end,
        )
        for pk, rows in new.items()
        for start, end, parent, path, depth in rows
    )
    organizations = list(Organization.objects.filter(pk__in=affected))
    for organization in organizations:
        start, _end, parent, path, depth = new[organization.pk][-1]
        organization.parent_id, organization.path, organization.depth = (
            parent,
            path,
            depth,
        )
        organization.path_since = None if start == SINCE_ALWAYS else start
    Organization.objects.bulk_update(
        organizations, ["parent", "path", "depth", "path_since"]
    )


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
