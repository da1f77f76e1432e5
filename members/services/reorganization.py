"""Opening, closing, merging and moving organizations and granting the power
to admit (the 2020 commune merger, the 2025 reform), each from its date on,
with a dated event for every member concerned (DESIGN.md §3).

A merged organization becomes a closed node under the organization that
absorbed it: its history stays inside the absorber's subtree, its cells hang
under the absorber from the merger date, and the members kept directly on its
roll move to the absorber from that date. Figures as at an earlier date still
count them where they were.

A change recorded late is checked against what was recorded after its date:
what can follow it (members placed in the merged organization after the date,
cells opened under it) is carried along; what contradicts it (a transfer
letter naming it, a later move, a power granted to it) is refused, named.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.bounds import check_day
from organizations.models import Authority, Organization, TreePeriod, User
from organizations.selectors import Permission, can
from organizations.services import paths, tree
from organizations.text import day_label

from ..models import Member, MemberEvent, Placement, TemporaryTransfer, Transfer

# How many records in the way a refusal names before it says "and N more".
NAMED = 5


def _check(by: User, on: datetime.date, *organizations: Organization) -> None:
    check_day("changed_on", on)
    for organization in organizations:
        if not can(by, Permission.RECORD_COMMITTEE_DECISION, organization):
            raise PermissionDenied


def _named(lines: list[str]) -> list[str]:
    if len(lines) <= NAMED:
        return lines
    rest = len(lines) - NAMED
    return [*lines[:NAMED], _("and %(count)d more") % {"count": rest}]


def _placed_on(organizations: object, on: datetime.date) -> list[Member]:
    """Members in force on `on` in `organizations`, as they were that day."""
    return list(
        Member.objects.filter(
            pk__in=Placement.objects.on(on)
            .filter(organization__in=organizations)
            .values("member_id")
        )
    )


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


def _letters_after(organization: Organization, on: datetime.date) -> list[str]:
    """Transfer letters from or to `organization` dated after `on`: a letter
    names its organizations, so a merger cannot be slipped in before it."""
    touching = Q(from_organization=organization) | Q(to_organization=organization)
    lines = []
    for transfer in Transfer.objects.filter(
        touching, Q(introduced_on__gt=on) | Q(received_on__gt=on)
    ).select_related("member"):
        lines.append(
            _("the transfer of %(name)s introduced on %(date)s")
            % {"name": transfer.member, "date": day_label(transfer.introduced_on)}
        )
    for temporary in TemporaryTransfer.objects.filter(
        touching, start__gt=on
    ).select_related("member"):
        lines.append(
            _("the temporary transfer of %(name)s from %(date)s")
            % {"name": temporary.member, "date": day_label(temporary.start)}
        )
    return lines


def _closable(organization: Organization, on: datetime.date) -> list[str]:
    """Why `organization` cannot end on `on` (merged or closed): closed already,
    or not yet opened that day."""
    problems = []
    if organization.closed_on is not None:
        problems.append(_("%(name)s is already closed.") % {"name": organization.name})
    if organization.opened_on and organization.opened_on > on:
        problems.append(
            _("%(name)s opened only on %(date)s.")
            % {"name": organization.name, "date": day_label(organization.opened_on)}
        )
    return problems


def _merge_problems(
    source: Organization, into: Organization, on: datetime.date
) -> list[str]:
    problems = _closable(source, on)
    if into.path_on(on).startswith(source.path_on(on)) or into.path.startswith(
        source.path
    ):
        problems.append(_("An organization cannot be merged into its own subtree."))
    if not into.is_open_on(on):
        problems.append(
            _("%(name)s is not open on %(date)s.")
            % {"name": into.name, "date": day_label(on)}
        )
    later = tree.changes_after(source, on)
    later += [
        _("the power to admit granted on %(date)s") % {"date": day_label(p.start)}
        for p in source.authority_periods.filter(start__gt=on)
        if p.start
    ]
    later += _letters_after(source, on)
    if later:
        problems.append(
            _("Records of %(name)s after %(date)s stand in the way: %(records)s.")
            % {
                "name": source.name,
                "date": day_label(on),
                "records": "; ".join(_named(later)),
            }
        )
    return problems


def _refuse_contradictions(
    organization: Organization, ids: list[int], on: datetime.date
) -> None:
    """Raise, naming them, when the changed tree contradicts records of `ids`
    dated from `on` (the caller's transaction then undoes the change)."""
    later = tree.contradicted(ids, on)
    if later:
        raise ValidationError(
            _("Records of %(name)s after %(date)s stand in the way: %(records)s.")
            % {
                "name": organization.name,
                "date": day_label(on),
                "records": "; ".join(_named(later)),
            }
        )


def _carry_placements(
    source: Organization, into: Organization, on: datetime.date
) -> None:
    """Placements in `source` from `on` on continue in `into`: those that began
    later move whole, those running on that day are split at it."""
    later = Placement.objects.filter(organization=source, start__gte=on)
    moved = set(later.values_list("member_id", flat=True))
    later.update(organization=into)
    running = Placement.objects.filter(organization=source, start__lt=on).filter(
        Q(end__isnull=True) | Q(end__gt=on)
    )
    for placement in running:
        rest_until = placement.end
        placement.end = on
        placement.save(update_fields=["end"])
        Placement.objects.create(
            member_id=placement.member_id,
            organization=into,
            start=on,
            end=rest_until,
            decision_date=placement.decision_date,
            ceremony_date=placement.ceremony_date,
            official_date=placement.official_date,
        )
        moved.add(placement.member_id)
    Member.objects.filter(pk__in=moved, organization=source).update(organization=into)
    MemberEvent.objects.filter(organization=source, on__gte=on).update(
        organization=into
    )


@transaction.atomic
def merge_organization(
    source: Organization, *, into: Organization, on: datetime.date, by: User
) -> Organization:
    """Close `source` on `on` and merge it into `into`: from that day it and
    its cells hang under `into`, and its own members belong to `into`."""
    _check(by, on, source, into)
    source = Organization.objects.select_for_update().get(pk=source.pk)
    into = Organization.objects.get(pk=into.pk)
    problems = _merge_problems(source, into, on)
    if problems:
        raise ValidationError(problems)
    subtree = Organization.objects.subtree_of(source, on=on)
    members = _placed_on(subtree, on)
    ids = list(subtree.values_list("pk", flat=True))
    children = set(
        TreePeriod.objects.filter(parent=source).values_list(
            "organization_id", flat=True
        )
    )
    links = paths.links_of(children | {source.pk})
    changed = {source.pk: paths.relinked(links[source.pk], into.pk, on, paths.FOR_NOW)}
    for child in children:
        own = links[child]
        for start, end, parent in own:
            if parent == source.pk and end > on:
                own = paths.relinked(own, into.pk, max(start, on), end)
        changed[child] = own
    paths.rebuild(changed)
    _carry_placements(source, into, on)
    tree.carry_along(source, into, on, by)
    tree.close(source, on=on, by=by, merged_into=into)
    _refuse_contradictions(source, ids, on)
    note = _("%(source)s merged into %(into)s") % {
        "source": source.name,
        "into": into.name,
    }
    _log(members, on=on, by=by, note=note)
    source.refresh_from_db()
    return source


@transaction.atomic
def move_subtree(
    organization: Organization, *, new_parent: Organization, on: datetime.date, by: User
) -> Organization:
    """Re-hang an organization and everything under it from `on` (e.g. a
    commune committee placed directly under the province in 2025); its members
    stay where they are."""
    _check(by, on, organization, new_parent)
    moved = tree.move_organization(organization, new_parent=new_parent, on=on, by=by)
    subtree = Organization.objects.subtree_of(moved, on=on)
    _refuse_contradictions(moved, list(subtree.values_list("pk", flat=True)), on)
    note = _("%(name)s moved under %(parent)s") % {
        "name": organization.name,
        "parent": new_parent.name,
    }
    _log(_placed_on(subtree, on), on=on, by=by, note=note)
    return moved


@transaction.atomic
def close_organization(
    organization: Organization, *, on: datetime.date, by: User
) -> Organization:
    """Close an organization that no longer has members or open organizations
    under it from `on` (merge it instead to take them along)."""
    _check(by, on, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    problems = _closable(organization, on)
    subtree = Organization.objects.subtree_of(organization, on=on)
    children = [
        o.name
        for o in subtree.exclude(pk=organization.pk).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=on)
        )
    ]
    if children:
        problems.append(
            _("Organizations under it are still open: %(names)s.")
            % {"names": ", ".join(_named(children))}
        )
    staying = (
        Placement.objects.filter(organization__in=subtree)
        .filter(Q(end__isnull=True) | Q(end__gt=on))
        .select_related("member")
    )
    names = [str(p.member) for p in staying]
    if names:
        problems.append(
            _("Members are on its roll on or after %(date)s: %(names)s.")
            % {"date": day_label(on), "names": ", ".join(_named(names))}
        )
    if problems:
        raise ValidationError(problems)
    tree.close(organization, on=on, by=by)
    organization.refresh_from_db()
    return organization


@transaction.atomic
def open_organization(
    *,
    parent: Organization,
    code: str,
    name: str,
    kind: str,
    is_grassroots: bool,
    on: datetime.date,
    by: User,
    sector: str = "",
) -> Organization:
    _check(by, on, parent)
    return tree.create_organization(
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        is_grassroots=is_grassroots,
        opened_on=on,
        by=by,
    )


@transaction.atomic
def set_sector(organization: Organization, *, sector: str, by: User) -> None:
    """Where the organization works, for the statistics: a classification,
    not a change of the tree (a frozen year keeps the one it was counted
    by)."""
    if not can(by, Permission.RECORD_COMMITTEE_DECISION, organization):
        raise PermissionDenied
    if sector and sector not in Organization.Sector.values:
        raise ValidationError(_("Choose the sector from the list."))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    previous = organization.sector
    organization.sector = sector
    organization.save(update_fields=["sector"])
    record_audit(
        "organization.sector",
        organization,
        by=by,
        organization=organization,
        sector=sector,
        previous=previous,
    )


@transaction.atomic
def set_admission_authority(
    organization: Organization, *, holds: bool, on: datetime.date, by: User
) -> None:
    """Grant or end the power to decide admissions from `on`."""
    _check(by, on, organization)
    change = tree.grant_authority if holds else tree.end_authority
    change(organization, Authority.ADMISSION, on=on, by=by)
    below = Organization.objects.subtree_of(organization, on=on)
    _refuse_contradictions(organization, list(below.values_list("pk", flat=True)), on)
