from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from candidates.targets import target_summary
from members.due import probation_due_count
from members.selectors import member_counts_by_subtree
from organizations import clock
from organizations.http import AuthedRequest
from organizations.models import Position, Role, RoleAssignment
from organizations.selectors import (
    Permission,
    can,
    get_organization_for,
    scope_roots,
    visible_organizations,
)
from organizations.services.notifications import mark_read, unread_for

from .due import due_items
from .forms import as_at_from
from .selectors import dashboard_figures
from .tree import build_tree


def dashboard(request: AuthedRequest) -> HttpResponse:
    form, day = as_at_from(request.GET)
    roots = scope_roots(request.user)
    context = {
        "form": form,
        "as_at": day,
        "roots": roots,
        "figures": dashboard_figures(request.user, day) if roots else None,
        "probation_due": probation_due_count(request.user) if roots else 0,
        "due": due_items(request.user, clock.today()) if roots else [],
        "notifications": unread_for(request.user),
        "targets": target_summary(request.user, clock.today().year) if roots else None,
    }
    return render(request, "reports/dashboard.html", context)


@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    mark_read(request.user)
    return redirect("reports:dashboard")


def organization_tree(request: AuthedRequest) -> HttpResponse:
    form, day = as_at_from(request.GET)
    organizations = list(visible_organizations(request.user))
    tree = build_tree(organizations, day)
    # Open the top of the user's own scope; deeper levels stay folded.
    open_depth = min((node.organization.depth for node in tree), default=0) + 1
    context = {"form": form, "as_at": day, "tree": tree, "open_depth": open_depth}
    return render(request, "reports/organization_tree.html", context)


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
    return render(request, "reports/organization_detail.html", context)
