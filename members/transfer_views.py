"""Transfers as both sides see them: the sender's scope and the receiver's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.http import AuthedRequest
from organizations.selectors import Permission, can

from .forms import ReceiveForm
from .models import Transfer
from .transfers import cancel_transfer, receive_transfer


def _transfer_for(request: AuthedRequest, pk: int) -> Transfer:
    transfers = Transfer.objects.visible_to(request.user).select_related(
        "member", "from_organization", "to_organization"
    )
    return get_object_or_404(transfers, pk=pk)


def transfer_list(request: AuthedRequest) -> HttpResponse:
    transfers = Transfer.objects.visible_to(request.user).select_related(
        "member", "from_organization", "to_organization"
    )
    context = {
        "waiting": transfers.open(),
        "finished": transfers.exclude(status=Transfer.Status.STARTED)[:50],
        "today": timezone.localdate(),
    }
    return render(request, "members/transfer_list.html", context)


def transfer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = _transfer_for(request, pk)
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
        # The receiving side sees a summary until it has received the member.
        "full_record": sender_side or transfer.status == Transfer.Status.RECEIVED,
        "can_receive": can_receive,
        "can_cancel": transfer.status == Transfer.Status.STARTED
        and can(request.user, Permission.EDIT_REGISTRY, transfer.from_organization),
        "form": ReceiveForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "members/transfer_detail.html", context)


@require_POST
def transfer_receive(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = _transfer_for(request, pk)
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
    transfer = _transfer_for(request, pk)
    if not can(request.user, Permission.EDIT_REGISTRY, transfer.from_organization):
        raise PermissionDenied
    try:
        cancel_transfer(transfer, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The transfer has been cancelled."))
    return redirect("members:transfer", pk=pk)
