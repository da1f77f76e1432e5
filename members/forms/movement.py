"""Forms for moving members: transfers, temporary transfers, members from
outside the registry."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.bounds import BoundedForm
from organizations.forms import (
    OrganizationChoiceField,
    date_field,
    qualified_name,
)
from organizations.models import Organization

from ..models import (
    TemporaryTransfer,
)
from ..services.transfers import HOLDING_KINDS
from .lifecycle import MemberProfileForm


class TransferForm(BoundedForm):
    to = forms.ModelChoiceField(
        label=_("Receiving organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Any party cell or grassroots organization in the registry."),
    )
    outside = forms.CharField(
        label=_("Or an organization outside the registry"),
        max_length=255,
        required=False,
    )
    on = date_field(_("Introduced on"))
    introduction_number = forms.CharField(
        label=_("Introduction letter number"), max_length=40
    )
    moved_on = date_field(
        _("Moved on"),
        required=False,
        help_text=_(
            "The day the decision that moves the member took effect, or the day "
            "of the move: the introduction is due within the rule's working days."
        ),
    )
    late_reason = forms.CharField(
        label=_("Reason for starting late"), max_length=255, required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Organization names are not private: a sender may name any receiver.
        field = self.fields["to"]
        field.queryset = (  # type: ignore[attr-defined]
            Organization.objects.filter(closed_on__isnull=True, kind__in=HOLDING_KINDS)
            .select_related("parent")
            .order_by("path")
        )
        # Village cells share names across communes: name the parent too.
        field.label_from_instance = qualified_name  # type: ignore[attr-defined]


class ReceiveForm(BoundedForm):
    on = date_field(_("Received on"))


class TemporaryTransferForm(TransferForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=TemporaryTransfer.Purpose.choices
    )
    until = date_field(_("Planned return"))
    field_order = ["to", "outside", "purpose", "on", "until", "introduction_number"]


class TransferInForm(MemberProfileForm):
    """A member arriving from a party organization outside the registry: the
    profile from their 2-HSĐV and the dates of their membership."""

    organization = OrganizationChoiceField(
        label=_("Receiving organization"), queryset=Organization.objects.none()
    )
    came_from = forms.CharField(
        label=_("Comes from (party organization outside the registry)"),
        max_length=255,
    )
    introduction_number = forms.CharField(
        label=_("Introduction letter number"), max_length=40
    )
    received_on = date_field(_("Received on"))
    decision_number = forms.CharField(
        label=_("Admission decision number"), max_length=40, required=False
    )
    decision_date = date_field(_("Admission decision date"))
    decided_by = forms.CharField(
        label=_("Admission decided by"), max_length=150, required=False
    )
    ceremony_date = date_field(_("Ceremony (entry date)"))
    official_date = date_field(
        _("Official member since"),
        required=False,
        help_text=_("Leave empty for a probationary member."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, near=organizations, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations  # type: ignore[attr-defined]
