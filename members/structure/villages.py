"""A commune's villages (thôn, bản, tổ dân phố): read by everyone who reads
the commune, kept by the organization committee's staff."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organizations.bounds import BoundedForm
from organizations.forms import date_field
from organizations.http import AuthedRequest
from organizations.selectors import (
    Permission,
    can,
    get_organization_for,
    get_village_for,
)
from organizations.services import villages as service

STAFF = Permission.RECORD_COMMITTEE_DECISION


class VillageForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)


class CloseVillageForm(BoundedForm):
    changed_on = date_field(gettext_lazy("Closed on"))


def _refused(request: AuthedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def villages(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk)
    editable = can(request.user, STAFF, organization)
    form = VillageForm(request.POST or None)
    if request.method == "POST":
        organization = get_organization_for(request.user, pk, permission=STAFF)
        if form.is_valid():
            try:
                service.add_village(organization, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, _("Recorded."))
                return redirect("members:villages", pk=organization.pk)
    context = {
        "organization": organization,
        "villages": organization.villages.order_by("closed_on", "name"),
        "form": form,
        "close_form": CloseVillageForm(),
        "editable": editable,
    }
    return render(request, "members/structure/villages.html", context)


@require_POST
def village_rename(request: AuthedRequest, pk: int) -> HttpResponse:
    village = get_village_for(request.user, pk, permission=STAFF)
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            service.rename_village(village, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Recorded."))
    else:
        _refused(request, ValidationError(_("Give the village's code and name.")))
    return redirect("members:villages", pk=village.organization_id)


@require_POST
def village_close(request: AuthedRequest, pk: int) -> HttpResponse:
    village = get_village_for(request.user, pk, permission=STAFF)
    form = CloseVillageForm(request.POST)
    if form.is_valid():
        try:
            service.close_village(
                village, on=form.cleaned_data["changed_on"], by=request.user
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Recorded."))
    else:
        _refused(request, ValidationError(list(form.errors["changed_on"])))
    return redirect("members:villages", pk=village.organization_id)
