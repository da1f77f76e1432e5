"""The tree's dated paths (DESIGN.md §3): each organization's parent links
over time are the facts; the materialised path of every period, and the
current `parent`, `path`, `depth` and `path_since` on the row, are rebuilt
from them for the organizations a change touches. Only organizations.services
calls this module."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _

from ..models import Organization, TreePeriod
from ..text import day_label

# Open ends of a period, so spans compare as plain dates.
SINCE_ALWAYS, FOR_NOW = datetime.date.min, datetime.date.max


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
