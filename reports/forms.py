from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations import clock
from organizations.bounds import BoundedForm
from organizations.forms import OrganizationChoiceField, date_field
from organizations.models import Organization

from .statistics import Period


class StatisticsForm(BoundedForm):
    """Which figures: a year, one of its halves or two dates, for an
    organization the user may read (the district by default)."""

    SPANS = [
        ("year", _("The whole year")),
        ("1", _("First half (1 January to 30 June)")),
        ("2", _("Second half (1 July to 31 December)")),
        ("dates", _("Between two dates")),
    ]

    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=None,
    )
    year = forms.IntegerField(label=_("Year"))
    span = forms.ChoiceField(
        label=_("Period"), choices=SPANS, initial="year", required=False
    )
    first_day = date_field(_("From"), required=False)
    last_day = date_field(_("To"), required=False)

    def __init__(
        self, *args: Any, organizations: Any, default: Organization, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default = default
        field = self.fields["organization"]
        field.queryset = organizations.order_by("path")  # type: ignore[attr-defined]
        field.initial = default.pk
        self.fields["year"].initial = clock.today().year - 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["organization"] = data.get("organization") or self.default
        year, span = data.get("year"), data.get("span") or "year"
        if year is None or {"span", "first_day", "last_day"} & set(self.errors):
            return data
        if span == "dates":
            first, last = data.get("first_day"), data.get("last_day")
            if first is None or last is None:
                raise forms.ValidationError(_("Give both dates of the period."))
            if last < first:
                raise forms.ValidationError(_("The period ends before it begins."))
            period = Period(first, last)
        elif span == "year":
            period = Period.year(year)
        else:
            period = Period.half(year, int(span))
        today = clock.today()
        if period.first > today:
            raise forms.ValidationError(_("This period has not begun yet."))
        # Figures exist up to today: a period still running is counted so far.
        data["period"] = Period(period.first, min(period.last, today))
        return data


class FreezeForm(forms.Form):
    again = forms.BooleanField(
        label=_("Freeze again, replacing the figures frozen earlier"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for freezing again"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def statistics_form(
    data: Any, *, organizations: Any, default: Organization
) -> tuple[StatisticsForm, Organization, Period]:
    """The bound form with what it asks for; the defaults (last year, the
    user's top organization) when nothing or something wrong was sent."""
    form = StatisticsForm(data or None, organizations=organizations, default=default)
    if data and form.is_valid():
        return form, form.cleaned_data["organization"], form.cleaned_data["period"]
    year = clock.today().year - 1
    return form, default, Period.year(year)
