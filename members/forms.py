import codecs
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.forms import (
    OrganizationChoiceField,
    indented_name,
    qualified_name,
)
from organizations.models import Organization
from organizations.rules import rule_value

from .models import (
    Badge,
    DisciplineLevel,
    Ethnicity,
    Member,
    PartyCard,
    Rating,
    Religion,
    TemporaryTransfer,
    TheoryLevel,
)
from .search import AGE_BANDS, PARTY_AGE_BANDS
from .services import PROFILE_FIELDS
from .transfers import HOLDING_KINDS


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


class MemberFilterForm(forms.Form):
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


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DecisionForm(forms.Form):
    """A committee decision as issued: what org_staff type from the paper."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=40)
    decision_date = forms.DateField(
        label=_("Decision date"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    decided_by = forms.CharField(label=_("Issued by"), max_length=150, required=False)


class RecognizeForm(DecisionForm):
    pass


class EndMembershipForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (Member.Status.DECEASED, _("Died")),
            (Member.Status.REMOVED, _("Removal of name (xóa tên)")),
            (Member.Status.EXPELLED, _("Expulsion (khai trừ)")),
            (Member.Status.LEFT, _("Left the Party at own request")),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=_DATE, input_formats=_DATE_FORMATS)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=40,
        required=False,
        help_text=_("Required for removal, expulsion and leaving."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"),
        widget=_DATE,
        input_formats=_DATE_FORMATS,
        required=False,
    )
    decided_by = forms.CharField(label=_("Issued by"), max_length=150, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExemptionForm(forms.Form):
    start = forms.DateField(
        label=_("Exempt from"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("E.g. old age, illness needing long treatment, working far away."),
    )


class EndExemptionForm(forms.Form):
    on = forms.DateField(
        label=_("Back to activities on"), widget=_DATE, input_formats=_DATE_FORMATS
    )


class DisciplineForm(DecisionForm):
    level = forms.ChoiceField(
        label=_("Form of discipline"), choices=DisciplineLevel.choices
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    level = forms.ChoiceField(label=_("Rating"), choices=Rating.Level.choices)


class MemberProfileForm(forms.Form):
    """Every correctable profile field, built from the model; the checks that
    need more than one field (CCCD against birth date and sex, uniqueness) are
    the service's, so a bulk import applies the same ones."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Member,
                fields=PROFILE_FIELDS,
                widgets={"birth_date": _DATE, "youth_union_date": _DATE},
            )
        )
        for name in ("birth_date", "youth_union_date"):
            self.fields[name].input_formats = _DATE_FORMATS  # type: ignore[attr-defined]


class TransferForm(forms.Form):
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
    on = forms.DateField(
        label=_("Introduced on"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    introduction_number = forms.CharField(
        label=_("Introduction letter number"), max_length=40
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


class ReceiveForm(forms.Form):
    on = forms.DateField(
        label=_("Received on"), widget=_DATE, input_formats=_DATE_FORMATS
    )


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    dry_run = forms.BooleanField(label=_("Only check, do not import"), required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations.order_by("path")  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        """Checked by content, not by name alone: an XLSX is a zip archive, a CSV
        is UTF-8 text (a web page renamed .csv is refused)."""
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(4096)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if not head.startswith(b"PK\x03\x04"):
                raise forms.ValidationError(_("This is not an Excel (XLSX) file."))
        elif name.endswith(".csv"):
            _check_csv(head)
        else:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def _check_csv(head: bytes) -> None:
    markup = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if b"\x00" in head or markup.startswith((b"<!doctype", b"<html", b"<?xml")):
        raise forms.ValidationError(_("This is not a CSV text file."))
    try:
        # Incremental: a letter cut at the end of the first 4 KB is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _("Save the CSV file as UTF-8 so the Vietnamese letters survive.")
        ) from None


class ReorganizeForm(forms.Form):
    target = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    on = forms.DateField(label=_("From"), widget=_DATE, input_formats=_DATE_FORMATS)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = organizations.filter(closed_on__isnull=True).order_by("path")  # type: ignore[attr-defined]


class ReadmitForm(DecisionForm):
    ceremony_date = forms.DateField(
        label=_("Ceremony (entry date)"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.filter(
            closed_on__isnull=True, kind__in=HOLDING_KINDS
        ).order_by("path"),
    )
    provincial_consent = forms.BooleanField(
        label=_("The provincial Standing Committee has consented in writing"),
        required=False,
    )
    family_hardship = forms.BooleanField(
        label=_("Left for extremely difficult family circumstances"), required=False
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo (JPEG, PNG or HEIC, up to 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment"}
        ),
    )


class CardForm(forms.Form):
    number = forms.CharField(label=_("New card number"), max_length=20)
    issued_on = forms.DateField(
        label=_("Issued on"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in PartyCard.Reason.choices if c[0] != "earlier"],
    )


class BadgeForm(DecisionForm):
    milestone = forms.TypedChoiceField(label=_("Badge"), coerce=int)
    awarded_on = forms.DateField(
        label=_("Presented on"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    early = forms.ChoiceField(
        label=_("Early or posthumous"), choices=Badge.Early.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        milestones = rule_value("badge.milestones_years", timezone.localdate())
        self.fields["milestone"].choices = [  # type: ignore[attr-defined]
            (years, _("%(years)s years of party age") % {"years": years})
            for years in milestones
        ]


class TemporaryTransferForm(TransferForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=TemporaryTransfer.Purpose.choices
    )
    until = forms.DateField(
        label=_("Planned return"), widget=_DATE, input_formats=_DATE_FORMATS
    )
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
    received_on = forms.DateField(
        label=_("Received on"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    decision_number = forms.CharField(
        label=_("Admission decision number"), max_length=40, required=False
    )
    decision_date = forms.DateField(
        label=_("Admission decision date"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    decided_by = forms.CharField(
        label=_("Admission decided by"), max_length=150, required=False
    )
    ceremony_date = forms.DateField(
        label=_("Ceremony (entry date)"), widget=_DATE, input_formats=_DATE_FORMATS
    )
    official_date = forms.DateField(
        label=_("Official member since"),
        widget=_DATE,
        input_formats=_DATE_FORMATS,
        required=False,
        help_text=_("Leave empty for a probationary member."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations  # type: ignore[attr-defined]


class RatingSheetForm(forms.Form):
    """One rating per member of an organization for a year."""

    def __init__(
        self, *args: Any, members: list[Member], disabled: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not rated —")), *Rating.Level.choices]
        for member in members:
            self.fields[f"level_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=choices,
                required=False,
                disabled=disabled,
            )
        self.initial = {f"level_{pk}": level for pk, level in self.initial.items()}

    def levels(self) -> dict[int, str]:
        return {
            int(name.removeprefix("level_")): value
            for name, value in self.cleaned_data.items()
        }
