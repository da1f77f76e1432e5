"""Forms of the tree's changes, each with the date it takes effect."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.bounds import BoundedForm
from organizations.forms import OrganizationChoiceField, date_field
from organizations.models import Organization

SECTORS = [("", _("— not classified —")), *Organization.Sector.choices]
SECTOR_HELP = _(
    "For a grassroots organization: where it works, as the statistics count."
)


class DatedChangeForm(BoundedForm):
    changed_on = date_field(_("From"))


class SectorForm(BoundedForm):
    sector = forms.ChoiceField(
        label=_("Sector"), choices=SECTORS, required=False, help_text=SECTOR_HELP
    )


class ReorganizeForm(DatedChangeForm):
    target = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    field_order = ["target", "changed_on"]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = organizations.filter(closed_on__isnull=True).order_by("path")  # type: ignore[attr-defined]


class OpenOrganizationForm(DatedChangeForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Unique in the registry, e.g. HSP-HT-05."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    is_grassroots = forms.BooleanField(
        label=_("grassroots organization (TCCSĐ)"), required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=SECTORS, required=False, help_text=SECTOR_HELP
    )
    field_order = ["name", "code", "kind", "is_grassroots", "sector", "changed_on"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if Organization.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("Another organization has this code."))
        return code
