"""Merging and moving organizations, for the organization committee's staff."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from organizations.http import AuthedRequest
from organizations.models import Organization
from organizations.selectors import Permission, get_organization_for, organizations_with

from .forms import ReorganizeForm
from .services.reorganization import merge_organization, move_subtree

ACTIONS: dict[str, tuple[Callable[..., Organization], str, StrOrPromise]] = {
    "merge": (
        merge_organization,
        "into",
        gettext_lazy("Merge into another organization"),
    ),
    "move": (
        move_subtree,
        "new_parent",
        gettext_lazy("Move under another organization"),
    ),
}


def reorganize(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    service, argument, title = ACTIONS[action]
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
            service(
                organization,
                **{argument: data["target"]},
                on=data["on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not change that organization."))
        else:
            messages.success(request, _("Recorded."))
            return redirect(reverse("reports:organization", args=[organization.pk]))
    context = {"organization": organization, "form": form, "title": title}
    return render(request, "members/reorganize.html", context)
