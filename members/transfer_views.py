"""Transfers as both sides see them: the sender's scope and the receiver's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import clock
from organizations.http import AuthedRequest
from organizations.models import Organization
from organizations.selectors import (
    Permission,
    can,
    organizations_with,
    visible_organizations,
)

from .forms import ReceiveForm, TransferInForm
from .models import TemporaryTransfer, Transfer
from .selectors import get_transfer_for, visible_members
from .services.profile import PROFILE_FIELDS
from .services.recording import Decision
from .services.transfers import (
    HOLDING_KINDS,
    Admission,
    cancel_transfer,
    receive_from_outside,
    receive_transfer,
)


def transfer_list(request: AuthedRequest) -> HttpResponse:
    transfers = Transfer.objects.visible_to(request.user).select_related(
        "member", "from_organization", "to_organization"
    )
    today = clock.today()
    visible = set(visible_organizations(request.user).values_list("pk", flat=True))
    away = (
        TemporaryTransfer.objects.visible_to(request.user)
        .away_on(today)
        .select_related("member", "from_organization", "to_organization")
    )
    context = {
        "waiting": transfers.open(),
        "finished": transfers.exclude(status=Transfer.Status.STARTED)[:50],
        # The host sees who takes part in its activities, not their record.
        "away": [(t, t.from_organization_id in visible) for t in away],
        "can_take_in": _receivers(request).exists(),
        "today": today,
    }
    return render(request, "members/transfer_list.html", context)


def transfer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for(request.user, pk)
    sender_side = can(request.user, Permission.READ, transfer.from_organization)
    receiver = transfer.to_organization
    can_receive = transfer.status == Transfer.Status.STARTED and (
        can(request.user, Permission.EDIT_REGISTRY, receiver)
        if receiver
        else can(
            request.user,
            Permission.RECORD_COMMITTEE_DECISION,
            transfer.from_organization,
        )
    )
    context = {
        "transfer": transfer,
        # The receiving side sees a summary until it has received the member;
        # the sending side, once they have been received elsewhere.
        "full_record": visible_members(request.user)
        .filter(pk=transfer.member_id)
        .exists(),
        "sender_side": sender_side,
        "can_receive": can_receive,
        "can_cancel": transfer.status == Transfer.Status.STARTED
        and can(request.user, Permission.EDIT_REGISTRY, transfer.from_organization),
        "can_print": can(
            request.user, Permission.EDIT_REGISTRY, transfer.from_organization
        ),
        "form": ReceiveForm(initial={"on": clock.today()}),
    }
    return render(request, "members/transfer_detail.html", context)


@require_POST
def transfer_receive(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for(request.user, pk)
    form = ReceiveForm(request.POST)
    if form.is_valid():
        try:
            receive_transfer(transfer, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The member has been received."))
            if transfer.to_organization:
                return redirect(transfer.member)
    else:
        messages.error(request, _("Enter the date of receipt."))
    return redirect("members:transfer", pk=pk)


@require_POST
def transfer_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = get_transfer_for(request.user, pk)
    if not can(request.user, Permission.EDIT_REGISTRY, transfer.from_organization):
        raise PermissionDenied
    try:
        cancel_transfer(transfer, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The transfer has been cancelled."))
    return redirect("members:transfer", pk=pk)


def _receivers(request: AuthedRequest) -> "QuerySet[Organization]":
    return organizations_with(request.user, Permission.EDIT_REGISTRY).filter(
        closed_on__isnull=True, kind__in=HOLDING_KINDS
    )


def transfer_in(request: AuthedRequest) -> HttpResponse:
    """Receive a member introduced by a party organization outside the registry."""
    receivers = _receivers(request).order_by("path")
    if not receivers.exists():
        raise PermissionDenied
    form = TransferInForm(request.POST or None, organizations=receivers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        admission = Admission(
            Decision(
                data["decision_number"], data["decision_date"], data["decided_by"]
            ),
            data["ceremony_date"],
            data["official_date"],
        )
        try:
            member = receive_from_outside(
                data["organization"],
                profile={f: data[f] for f in PROFILE_FIELDS},
                admission=admission,
                came_from=data["came_from"],
                introduction_number=data["introduction_number"],
                received_on=data["received_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member has been received."))
            return redirect(member)
    context = {"form": form, "title": _("Receive a member from outside the registry")}
    return render(request, "members/transfer_in.html", context)
