"""The member list's filters."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from organizations.bounds import BoundedForm
from organizations.forms import date_field, indented_name
from organizations.models import Organization
from organizations.selectors import visible_organizations

from ..models import (
    Ethnicity,
    Member,
    MemberQuerySet,
    Religion,
    TheoryLevel,
)
from ..search import AGE_BANDS, PARTY_AGE_BANDS
from ..selectors import listed_members


def _blank(label: Any, choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _bands(keys: Any) -> list[tuple[str, str]]:
    """ "-30" → "≤ 30", "31-40" → "31–40", "61-" → "≥ 61"."""

    def label(key: str) -> str:
        if key.startswith("-"):
            return f"≤ {key[1:]}"
        if key.endswith("-"):
            return f"≥ {key[:-1]}"
        return key.replace("-", "–")

    return [(key, label(key)) for key in keys]


class MemberFilterForm(BoundedForm):
    """The member list's filters (GET). Every field is optional."""

    q = forms.CharField(
        label=_("Name, CCCD or card number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("The whole scope"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_blank(
            _("Current members"),
            [
                (Member.Status.PROBATIONARY, Member.Status.PROBATIONARY.label),
                (Member.Status.OFFICIAL, Member.Status.OFFICIAL.label),
            ],
        ),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=_blank(_("Any"), Member.Sex.choices)
    )
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnicity"),
        queryset=Ethnicity.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    age = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=_blank(_("Any"), _bands(AGE_BANDS)),
    )
    education = forms.ChoiceField(
        label=_("General education"),
        required=False,
        choices=_blank(
            _("Any"),
            [
                ("primary", _("Primary")),
                ("lower_secondary", _("Lower secondary")),
                ("upper_secondary", _("Upper secondary")),
            ],
        ),
    )
    political_theory = forms.ChoiceField(
        label=_("Political theory"),
        required=False,
        choices=_blank(_("Any"), TheoryLevel.choices),
    )
    party_age = forms.ChoiceField(
        label=_("Party age (years)"),
        required=False,
        choices=_blank(_("Any"), _bands(PARTY_AGE_BANDS)),
    )
    religion = forms.ChoiceField(
        label=_("Religion"), required=False, choices=_blank(_("Any"), Religion.choices)
    )
    as_at = date_field(
        _("As at"),
        required=False,
        help_text=_(
            "Members on that day, each in the organization they belonged to then."
        ),
    )
    exempt = forms.ChoiceField(
        label=_("Exempt from activities"),
        required=False,
        choices=_blank(_("Any"), [("yes", _("Exempt")), ("no", _("Not exempt"))]),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations  # type: ignore[attr-defined]
        # Offer grassroots organizations and the committees above them (a cell's
        # list is one link away from its page): a province has thousands of cells.
        chosen = str(self.data.get("organization", "")) if self.is_bound else ""
        shown = organizations.filter(
            Q(is_grassroots=True)
            | ~Q(
                kind__in=[
                    Organization.Kind.SUBORDINATE_CELL,
                    Organization.Kind.SUB_COMMITTEE,
                ]
            )
            | Q(pk=int(chosen) if chosen.isdigit() else None)
        ).order_by("path")
        field.widget.choices = [
            ("", field.empty_label),  # type: ignore[attr-defined]
            *((o.pk, indented_name(o)) for o in shown.only("pk", "name", "depth")),
        ]


def filter_members(
    user: Any, params: Mapping[str, str]
) -> tuple[MemberFilterForm, MemberQuerySet]:
    """The filter form bound to `params` and the members it lists, the same for
    the list page and the exports. An organization outside the user's scope is
    a 404; any other filter that cannot be used (a search of over 100 letters,
    a NUL byte, an unknown choice) lists nobody, never the whole scope, and the
    form says why."""
    form = MemberFilterForm(params or None, organizations=visible_organizations(user))
    if not form.is_bound:
        return form, listed_members(user, {})
    if form.is_valid():
        return form, listed_members(user, form.cleaned_data)
    if "organization" in form.errors:
        raise Http404
    return form, Member.objects.none()
