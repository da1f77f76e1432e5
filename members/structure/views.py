"""The organization tree as its members fill it: the tree and an organization's
page with its member counts as at a date, and merging and moving
organizations, for the organization committee's staff (the writes are in
members/services/reorganization.py)."""

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from organizations.forms import as_at_from
from organizations.http import AuthedRequest
from organizations.models import (
    Organization,
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

from ..forms import ReorganizeForm
from ..selectors import member_counts_by_subtree
from ..services.reorganization import merge_organization, move_subtree
from .tree import build_tree

Reorganize = Callable[[Organization, Organization, datetime.date, User], object]
ACTIONS: dict[str, tuple[Reorganize, StrOrPromise]] = {
    "merge": (
        lambda source, target, on, by: merge_organization(
            source, into=target, on=on, by=by
        ),
        gettext_lazy("Merge into another organization"),
    ),
    "move": (
        lambda moved, target, on, by: move_subtree(
            moved, new_parent=target, on=on, by=by
        ),
        gettext_lazy("Move under another organization"),
    ),
}


def reorganize(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    service, title = ACTIONS[action]
    organization = get_organization_for(
        request.user, pk, permission=Permission.RECORD_COMMITTEE_DECISION
    )
    targets = organizations_with(
        request.user, Permission.RECORD_COMMITTEE_DECISION
    ).exclude(path__startswith=organization.path)
    form = ReorganizeForm(request.POST or None, organizations=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service(organization, data["target"], data["on"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not change that organization."))
        else:
            messages.success(request, _("Recorded."))
            return redirect(reverse("members:organization", args=[organization.pk]))
    context = {"organization": organization, "form": form, "title": title}
    return render(request, "members/structure/reorganize.html", context)


def organization_tree(request: AuthedRequest) -> HttpResponse:
    form, day = as_at_from(request.GET)
    organizations = list(visible_organizations(request.user))
    tree = build_tree(organizations, day)
    # Open the top of the user's own scope; deeper levels stay folded.
    open_depth = min((node.organization.depth for node in tree), default=0) + 1
    context = {"form": form, "as_at": day, "tree": tree, "open_depth": open_depth}
    return render(request, "members/structure/tree.html", context)


def organization_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk)
    form, day = as_at_from(request.GET)
    subtree = list(visible_organizations(request.user).subtree_of(organization))
    counts = member_counts_by_subtree(subtree, day)
    children = [(o, counts[o.pk]) for o in subtree if o.parent_id == organization.pk]
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
        "counts": counts[organization.pk],
        "children": children,
        "leaders": leaders,
        "former_leaders": former,
        "can_reorganize": organization.closed_on is None
        and can(request.user, Permission.RECORD_COMMITTEE_DECISION, organization),
    }
    return render(request, "members/structure/organization.html", context)
