"""The organization tree as its members fill it: the tree and an organization's
page with its member counts as at a date on the tree as it stood, its dated
history, and the changes of the tree (open, close, merge, move, the power to
admit) for the organization committee's staff (the writes are in
members/services/reorganization.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from organizations.bounds import BoundedForm
from organizations.forms import as_at_from, days_read_back
from organizations.http import AuthedRequest
from organizations.models import (
    Organization,
    OrganizationEvent,
    Position,
    Role,
    RoleAssignment,
    User,
)
from organizations.selectors import (
    Permission,
    can,
    get_organization_for,
    organizations_with,
    visible_organizations,
)

from ..selectors import MemberCounts, member_counts_by_subtree
from ..services import reorganization
from .forms import (
    DatedChangeForm,
    OpenOrganizationForm,
    ReorganizeForm,
    SectorForm,
)
from .tree import build_tree


@dataclass(frozen=True)
class Change:
    """One change of the tree an organization's page offers: its form, the
    service that records it, and when it is offered."""

    title: StrOrPromise
    form: type[BoundedForm]
    record: Callable[[Organization, dict[str, Any], User], object]
    offered: Callable[[Organization], bool]


def _open(organization: Organization) -> bool:
    return organization.closed_on is None


CHANGES: dict[str, Change] = {
    "open": Change(
        gettext_lazy("Open an organization under it"),
        OpenOrganizationForm,
        lambda parent, data, by: reorganization.open_organization(
            parent=parent,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            is_grassroots=data["is_grassroots"],
            sector=data["sector"],
            on=data["changed_on"],
            by=by,
        ),
        _open,
    ),
    "sector": Change(
        gettext_lazy("Classify by sector"),
        SectorForm,
        lambda organization, data, by: reorganization.set_sector(
            organization, sector=data["sector"], by=by
        ),
        lambda o: o.is_grassroots,
    ),
    "merge": Change(
        gettext_lazy("Merge into another organization"),
        ReorganizeForm,
        lambda source, data, by: reorganization.merge_organization(
            source, into=data["target"], on=data["changed_on"], by=by
        ),
        _open,
    ),
    "move": Change(
        gettext_lazy("Move under another organization"),
        ReorganizeForm,
        lambda moved, data, by: reorganization.move_subtree(
            moved, new_parent=data["target"], on=data["changed_on"], by=by
        ),
        _open,
    ),
    "close": Change(
        gettext_lazy("Close the organization"),
        DatedChangeForm,
        lambda organization, data, by: reorganization.close_organization(
            organization, on=data["changed_on"], by=by
        ),
        _open,
    ),
    "grant": Change(
        gettext_lazy("Grant the power to admit"),
        DatedChangeForm,
        lambda organization, data, by: reorganization.set_admission_authority(
            organization, holds=True, on=data["changed_on"], by=by
        ),
        lambda o: _open(o) and not o.has_admission_authority,
    ),
    "end": Change(
        gettext_lazy("End the power to admit"),
        DatedChangeForm,
        lambda organization, data, by: reorganization.set_admission_authority(
            organization, holds=False, on=data["changed_on"], by=by
        ),
        lambda o: o.has_admission_authority,
    ),
}


def _form(
    change: Change, organization: Organization, request: AuthedRequest
) -> BoundedForm:
    data = request.POST or None
    if change.form is ReorganizeForm:
        targets = organizations_with(
            request.user, Permission.RECORD_COMMITTEE_DECISION
        ).exclude(path__startswith=organization.path)
        return ReorganizeForm(data, organizations=targets)
    if change.form is SectorForm:
        return SectorForm(data, initial={"sector": organization.sector})
    return change.form(data)


def reorganize(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    if action not in CHANGES:
        raise Http404
    change = CHANGES[action]
    organization = get_organization_for(
        request.user, pk, permission=Permission.RECORD_COMMITTEE_DECISION
    )
    if not change.offered(organization):
        raise Http404
    form = _form(change, organization, request)
    if request.method == "POST" and form.is_valid():
        try:
            change.record(organization, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not change that organization."))
        else:
            messages.success(request, f"{_('Recorded.')} {days_read_back(form)}")
            return redirect(reverse("members:organization", args=[organization.pk]))
    context = {
        "organization": organization,
        "form": form,
        "title": change.title,
        "action": action,
    }
    return render(request, "members/structure/reorganize.html", context)


def history_of(organization: Organization) -> QuerySet[OrganizationEvent]:
    """The organization's dated changes, and the organizations opened or moved
    under it."""
    arrivals = Q(
        other=organization,
        kind__in=[OrganizationEvent.Kind.OPENED, OrganizationEvent.Kind.MOVED],
    )
    return (
        OrganizationEvent.objects.filter(Q(organization=organization) | arrivals)
        .select_related("organization", "other")
        .order_by("-on", "-pk")
    )


def organization_tree(request: AuthedRequest) -> HttpResponse:
    form, day = as_at_from(request.GET)
    organizations = list(visible_organizations(request.user, on=day).as_at(day))
    tree = build_tree(organizations, day)
    # Open the top of the user's own scope; deeper levels stay folded.
    open_depth = min((node.organization.depth for node in tree), default=0) + 1
    context = {"form": form, "as_at": day, "tree": tree, "open_depth": open_depth}
    return render(request, "members/structure/tree.html", context)


def organization_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk)
    form, day = as_at_from(request.GET)
    subtree = list(
        visible_organizations(request.user, on=day)
        .subtree_of(organization, on=day)
        .as_at(day)
    )
    counts = member_counts_by_subtree(subtree, day)
    children = [
        (o, counts[o.pk])
        for o in subtree
        if o.then_parent == organization.pk  # type: ignore[attr-defined]
    ]
    secretaries = RoleAssignment.objects.filter(
        organization=organization,
        role=Role.SECRETARY,
        position__in=[Position.SECRETARY, Position.DEPUTY_SECRETARY],
    ).select_related("user")
    leaders = secretaries.active_on(day).order_by("-position", "started_on")
    former = secretaries.filter(ended_on__lte=day).order_by("-ended_on")
    context = {
        "organization": organization,
        "ancestors": visible_organizations(request.user)
        .filter(pk__in=organization.ancestor_ids[:-1])
        .order_by("depth"),
        "form": form,
        "as_at": day,
        "counts": counts.get(organization.pk, MemberCounts()),
        "children": children,
        "leaders": leaders,
        "former_leaders": former,
        "changes": [
            (slug, change.title)
            for slug, change in CHANGES.items()
            if change.offered(organization)
        ]
        if can(request.user, Permission.RECORD_COMMITTEE_DECISION, organization)
        else [],
        "history": history_of(organization),
    }
    return render(request, "members/structure/organization.html", context)
