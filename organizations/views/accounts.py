"""Account management by the organization committee (DESIGN.md §2)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import AccountCreateForm, EndRoleForm, HandOverForm
from ..http import AuthedRequest
from ..models import RoleAssignment
from ..selectors import (
    Permission,
    can_manage_account,
    get_account_for,
    get_role_assignment_for,
    organizations_with,
    visible_accounts,
    visible_organizations,
)
from ..services import accounts as services


def _require_manager(request: AuthedRequest) -> None:
    if not organizations_with(request.user, Permission.MANAGE_ACCOUNTS).exists():
        raise PermissionDenied


def _show_password(
    request: AuthedRequest, username: str, password: str
) -> HttpResponse:
    # Shown once, never stored in clear: the page is the only place it appears.
    context = {"username": username, "password": password}
    return render(request, "organizations/account_password.html", context)


def _assignments_in_scope(request: AuthedRequest) -> QuerySet[RoleAssignment]:
    # An account may also hold roles elsewhere: only those in scope are shown.
    return RoleAssignment.objects.filter(
        organization__in=visible_organizations(request.user)
    ).select_related("organization", "granted_by")


def account_list(request: AuthedRequest) -> HttpResponse:
    accounts = (
        visible_accounts(request.user)
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=_assignments_in_scope(request),
                to_attr="shown_roles",
            )
        )
        .order_by("username")
    )
    can_create = organizations_with(request.user, Permission.MANAGE_ACCOUNTS).exists()
    context = {"accounts": accounts, "can_create": can_create}
    return render(request, "organizations/account_list.html", context)


def account_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    organizations = organizations_with(request.user, Permission.MANAGE_ACCOUNTS)
    form = AccountCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.create_account(
                **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _show_password(request, user.username, password)
    return render(request, "organizations/account_form.html", {"form": form})


def account_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account_for(request.user, pk)
    context = {
        "account": account,
        "assignments": _assignments_in_scope(request).filter(user=account),
        "can_manage": can_manage_account(request.user, account),
    }
    return render(request, "organizations/account_detail.html", context)


@require_POST
def account_set_active(request: AuthedRequest, pk: int, active: bool) -> HttpResponse:
    account = get_account_for(request.user, pk, write=True)
    services.set_account_active(account, active=active, by=request.user)
    if active:
        messages.success(request, _("The account has been enabled."))
    else:
        messages.success(request, _("The account has been disabled."))
    return redirect("organizations:account", pk=pk)


@require_POST
def account_reset_password(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_account_for(request.user, pk, write=True)
    password = services.reset_password(account, by=request.user)
    return _show_password(request, account.username, password)


def role_hand_over(request: AuthedRequest, pk: int, role_pk: int) -> HttpResponse:
    assignment = get_role_assignment_for(request.user, pk, role_pk)
    form = HandOverForm(request.POST or None, accounts=visible_accounts(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["successor"]:
                services.hand_over_role(
                    assignment,
                    successor=data["successor"],
                    on=data["on"],
                    by=request.user,
                )
            else:
                user, password = services.hand_over_role_to_new_account(
                    assignment,
                    username=data["new_username"],
                    full_name=data["new_full_name"],
                    on=data["on"],
                    by=request.user,
                )
                return _show_password(request, user.username, password)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role has been handed over."))
            return redirect("organizations:account", pk=pk)
    context = {"form": form, "assignment": assignment}
    return render(request, "organizations/role_hand_over.html", context)


def role_end(request: AuthedRequest, pk: int, role_pk: int) -> HttpResponse:
    assignment = get_role_assignment_for(request.user, pk, role_pk)
    form = EndRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_role(
                assignment, ended_on=form.cleaned_data["ended_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role has been ended."))
            return redirect("organizations:account", pk=pk)
    context = {"form": form, "assignment": assignment}
    return render(request, "organizations/role_end.html", context)
