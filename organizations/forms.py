import datetime
import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from organizations import clock

from .bounds import BoundedForm
from .models import Organization, Position, Role, User
from .selectors import GRANTABLE_ROLES
from .text import day_in_words

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_POSITIONS = {
    Role.SECRETARY: {Position.SECRETARY, Position.DEPUTY_SECRETARY},
    Role.VIEWER: {Position.HEAD, Position.DEPUTY_HEAD, Position.MEMBER, Position.STAFF},
}


# Dates as Vietnamese write them, whatever the browser's language (its own
# date input shows mm/dd/yyyy in English, and 01/12 was saved as 12 January):
# dd/mm/yyyy typed, ISO from links and the calendar.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
_TYPED_DAY = re.compile(r"(\d{1,2})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{4})")
INVALID_DAY = _("Enter the date as day/month/year, for example 01/12/2026.")


def typed_day(text: str) -> str:
    """What a person typed, as dd/mm/yyyy where it is a day written the
    Vietnamese way: 1/12/2026, 01.12.2026, 1-12-2026, or 01122026 from a
    phone's number keys (which have no slash). Anything else is left for the
    field to refuse."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:2]}/{text[2:4]}/{text[4:]}"
    match = _TYPED_DAY.fullmatch(text)
    if match:
        day, month, year = match.groups()
        return f"{int(day):02d}/{int(month):02d}/{year}"
    return text


class DayInput(forms.DateInput):
    """A text field for dd/mm/yyyy with the number keys on a phone, the day
    read back in words beside it (static/js/dates.js updates it as one
    types) and a calendar button as a help."""

    input_type = "text"
    template_name = "widgets/day.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "inputmode": "numeric",
                "placeholder": _("dd/mm/yyyy"),
                "autocomplete": "off",
                "maxlength": "10",
                "class": "day",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        return typed_day(value) if isinstance(value, str) else value

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        try:
            day = forms.DateField(input_formats=DATE_FORMATS).to_python(
                typed_day(value) if isinstance(value, str) else value
            )
        except forms.ValidationError:
            day = None
        context["widget"]["words"] = day_in_words(day) if day else ""
        return context


def use_day_input(form: forms.BaseForm, *names: str) -> None:
    """Make a model form's date fields read dates as date_field() does."""
    for name in names:
        field = form.fields[name]
        field.widget = DayInput()
        field.input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        field.error_messages["invalid"] = INVALID_DAY


def days_read_back(form: forms.BaseForm) -> str:
    """The dates a saved form took or changed, each in words, for the
    message after saving: a day and month swapped on the way in show there."""
    return " ".join(
        _("%(field)s: %(day)s.")
        % {"field": form.fields[name].label, "day": day_in_words(value)}
        for name, value in form.cleaned_data.items()
        if name in form.changed_data
        and isinstance(form.fields[name].widget, DayInput)
        and isinstance(value, datetime.date)
    )


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DayInput(),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": INVALID_DAY},
        **kwargs,
    )


def points_field(**kwargs: Any) -> forms.DecimalField:
    """Points on the 100-point quality scale (366-QĐ/TW), one decimal, typed
    as Vietnamese write it ("92,5") on a phone's number keys."""
    return forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=100,
        required=False,
        localize=True,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "size": 5, "placeholder": _("Points")}
        ),
        **kwargs,
    )


def clean_username(value: str) -> str:
    username = value.strip().lower()
    if not _USERNAME.match(username):
        raise forms.ValidationError(
            _(
                "3–40 characters: unaccented lower-case letters, digits, dot, dash "
                "or underscore."
            )
        )
    return username


def check_position(role: str, position: str) -> None:
    if position not in _POSITIONS.get(Role(role), set(Position)):
        raise forms.ValidationError(
            {"position": _("This position does not go with the chosen role.")}
        )


def indented_name(organization: Organization) -> str:
    """The name indented by depth, so a flat dropdown still reads as the tree."""
    return f"{'· ' * organization.depth}{organization.name}"


def qualified_name(organization: Organization) -> str:
    """The name with its parent's: "Chi bộ thôn Cốc Pài — Đảng bộ xã Nậm Dịch"."""
    parent = organization.parent
    return f"{organization.name} — {parent.name}" if parent else organization.name


class OrganizationChoiceField(forms.ModelChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return indented_name(obj)


class AccountCreateForm(BoundedForm):
    username = forms.CharField(label=_("Username"), max_length=40)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in GRANTABLE_ROLES]
    )
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    started_on = date_field(_("From"))

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("started_on", clock.today())
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations.order_by("path")  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        return clean_username(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("role") and data.get("position"):
            check_position(data["role"], data["position"])
        return data


class HandOverForm(BoundedForm):
    on = date_field(_("Hand over on"))
    successor = forms.ModelChoiceField(
        label=_("Successor with an account"),
        queryset=User.objects.none(),
        required=False,
    )
    new_username = forms.CharField(
        label=_("Or a new account: username"), required=False
    )
    new_full_name = forms.CharField(
        label=_("Full name of the new account"), required=False
    )

    def __init__(self, *args: Any, accounts: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", clock.today())
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = accounts.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "username"
        )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        has_existing = bool(data.get("successor"))
        has_new = bool(data.get("new_username"))
        if has_existing == has_new:
            raise forms.ValidationError(
                _(
                    "Choose a successor who has an account, or give a new account, "
                    "not both."
                )
            )
        if has_new:
            data["new_username"] = clean_username(data["new_username"])
            if not data.get("new_full_name"):
                self.add_error("new_full_name", _("Enter the successor's full name."))
        return data


class EndRoleForm(BoundedForm):
    ended_on = date_field(_("Ends on"))


class OwnPasswordForm(BoundedForm):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        old: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("The current password is not correct."))
        return old

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2 and new1 != new2:
            self.add_error("new_password2", _("The two new passwords differ."))
        elif new1 and new1 == data.get("old_password"):
            self.add_error(
                "new_password1", _("Choose a password different from the old one.")
            )
        elif new1:
            try:
                password_validation.validate_password(new1, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class AsAtForm(BoundedForm):
    as_at = date_field(_("As at"), required=False)

    def clean_as_at(self) -> datetime.date:
        # Bounded by the table: from 1900 to today (organizations/bounds.py).
        day: datetime.date | None = self.cleaned_data.get("as_at")
        return clock.today() if day is None else day


def as_at_from(data: QueryDict) -> tuple[AsAtForm, datetime.date]:
    """Bind the ?as_at= parameter; an invalid value falls back to today with the
    form's error shown."""
    today = clock.today()
    if not data.get("as_at"):
        return AsAtForm(initial={"as_at": today}), today
    form = AsAtForm(data)
    day = form.cleaned_data["as_at"] if form.is_valid() else today
    return form, day
