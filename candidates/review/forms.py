"""Forms of the monthly review: the meeting, attendance, an item's outcome and
the decision register."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations import clock
from organizations.bounds import BoundedForm
from organizations.forms import OrganizationChoiceField
from organizations.models import Organization, User

from ..forms import date_field
from ..models import AgendaItem, DecisionRegister

Outcome = AgendaItem.Outcome


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class MeetingForm(BoundedForm):
    committee = OrganizationChoiceField(
        label=_("Committee"), queryset=Organization.objects.none()
    )
    held_on = date_field(_("Meeting date"))
    place = forms.CharField(label=_("Place"), max_length=255)
    chair = UserChoiceField(
        label=_("Chair"), queryset=User.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, committees: Any, members: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees  # type: ignore[attr-defined]
        self.fields["chair"].queryset = members  # type: ignore[attr-defined]


class AttendanceForm(BoundedForm):
    present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    everyone = forms.BooleanField(label=_("Every member is present"), required=False)
    secretary = forms.ModelChoiceField(
        label=_("Secretary of the meeting (takes and signs the minutes)"),
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, members: list[User], takers: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, users in (("present", members), ("secretary", takers)):
            field = self.fields[name]
            field.queryset = User.objects.filter(  # type: ignore[attr-defined]
                pk__in=[u.pk for u in users]
            ).order_by("full_name", "username")
            field.label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("everyone"):
            data["present"] = self.fields["present"].queryset  # type: ignore[attr-defined]
        return data


def count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=999, initial=0)


class OutcomeForm(BoundedForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    votes_for = count_field(_("For"))
    votes_against = count_field(_("Against"))
    abstaining = count_field(_("Abstaining"))
    reason = forms.CharField(
        label=_("Reason (when deferred or rejected)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs_correction = forms.BooleanField(
        label=_("Deferred: the cell must correct the dossier"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterForm(BoundedForm):
    book = forms.ChoiceField(label=_("Book"), choices=DecisionRegister.Book.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=20,
        initial="QĐ/HU",
        help_text=_("For example QĐ/HU, TTr/BTCHU or BB/HU."),
    )
    start_number = forms.IntegerField(label=_("First number"), min_value=1, initial=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = clock.today().year


class ReserveForm(BoundedForm):
    dated = date_field(_("Decision dated"))
    subject = forms.CharField(label=_("About"), max_length=255)


class VoidForm(BoundedForm):
    reason = forms.CharField(label=_("Reason for voiding"), max_length=500)


class CorrectionForm(BoundedForm):
    votes_for = count_field(_("For"))
    votes_against = count_field(_("Against"))
    abstaining = count_field(_("Abstaining"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    why = forms.CharField(
        label=_("Why the record is corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
