"""Forms of the lifecycle actions on a member's page and the profile."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from organizations import clock
from organizations.bounds import BoundedForm
from organizations.forms import date_field, points_field, use_day_input
from organizations.models import Authority, Organization, Village
from organizations.rules import rule_value

from ..models import (
    Badge,
    DisciplineLevel,
    Exemption,
    Member,
    PartyCard,
    Rating,
    ReadmissionBar,
    Suspension,
)
from ..services.profile import PROFILE_FIELDS
from ..services.transfers import HOLDING_KINDS


class DecisionForm(BoundedForm):
    """A committee decision as issued: what org_staff type from the paper."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=40)
    decision_date = date_field(_("Decision date"))
    decided_by = forms.CharField(label=_("Issued by"), max_length=150, required=False)


class RecognizeForm(DecisionForm):
    pass


class TallyFields(forms.Form):
    """The vote of the body that decided a discipline."""

    entitled = forms.IntegerField(
        label=_("Members entitled to vote"),
        min_value=1,
        required=False,
        help_text=_(
            "At the meeting that decided; needed for discipline and expulsion."
        ),
    )
    votes_for = forms.IntegerField(label=_("Voted for"), min_value=0, required=False)


class EndMembershipForm(BoundedForm, TallyFields):
    field_order = [
        "reason",
        "on",
        "decision_number",
        "decision_date",
        "decided_by",
        "entitled",
        "votes_for",
    ]

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (Member.Status.DECEASED, _("Died")),
            (Member.Status.REMOVED, _("Removal of name (xóa tên)")),
            (Member.Status.EXPELLED, _("Expulsion (khai trừ)")),
            (Member.Status.LEFT, _("Left the Party at own request")),
        ],
    )
    on = date_field(_("Date"))
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=40,
        required=False,
        help_text=_("Required for removal, expulsion and leaving."),
    )
    decision_date = date_field(_("Decision date"), required=False)
    decided_by = forms.CharField(label=_("Issued by"), max_length=150, required=False)
    bars = forms.MultipleChoiceField(
        label=_("What the decision found"),
        choices=ReadmissionBar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kept for a later re-admission: some of these bar it for ever, a "
            "less serious crime makes it wait."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExemptionForm(BoundedForm):
    start = date_field(_("Exempt from"))
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=Exemption.Ground.choices,
        initial=Exemption.Ground.OTHER,
        widget=forms.RadioSelect,
    )
    treatment_until = date_field(
        _("Treatment expected until"),
        required=False,
        help_text=_("For weakness, unless there is a medical record."),
    )
    medical_record = forms.BooleanField(label=_("Has a medical record"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("E.g. old age, illness needing long treatment, working far away."),
    )


class SuspensionForm(BoundedForm):
    kind = forms.ChoiceField(label=_("Subject to"), choices=Suspension.Kind.choices)
    start = date_field(_("From"))
    reason = forms.CharField(
        label=_("Decision or notice"),
        max_length=255,
        help_text=_("E.g. the inspection committee's decision, the police notice."),
    )


class GuidanceForm(BoundedForm):
    start = date_field(_("Helping since"))
    reason = forms.CharField(
        label=_("Where the member falls short"),
        max_length=255,
        help_text=_("As the cell's meeting concluded, e.g. does not carry out tasks."),
    )


class ImprovementForm(BoundedForm):
    on = date_field(_("Improvement recorded on"))


class EndExemptionForm(BoundedForm):
    on = date_field(_("Back to activities on"))


class RecordClearedForm(BoundedForm):
    on = date_field(_("Criminal record cleared on"))


class DisciplineForm(DecisionForm, TallyFields):
    field_order = [
        "decision_number",
        "decision_date",
        "decided_by",
        "level",
        "entitled",
        "votes_for",
    ]

    level = forms.ChoiceField(
        label=_("Form of discipline"), choices=DisciplineLevel.choices
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(BoundedForm):
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    points = points_field(
        label=_("Points"), help_text=_("Where the cell scored on the 100-point scale.")
    )
    level = forms.ChoiceField(
        label=_("Rating"),
        choices=[("", _("As the points give")), *Rating.Level.choices],
        required=False,
    )


class MemberProfileForm(BoundedForm):
    """Every correctable profile field, built from the model; the checks that
    need more than one field (CCCD against birth date and sex, uniqueness) are
    the service's, so a bulk import applies the same ones."""

    def __init__(self, *args: Any, near: Iterable[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Member,
                fields=PROFILE_FIELDS,
            )
        )
        use_day_input(self, "birth_date", "youth_union_date")
        # The open villages of the communes under the district of the
        # member's organization (`near`: the one, or those a transfer may go
        # to), not a province's list thousands long; the village on the record
        # stays offered, closed or elsewhere.
        today = clock.today()
        communes = Organization.objects.ids_under(_districts(near, today), on=today)
        villages = Village.objects.select_related("organization")
        self.fields["village"].queryset = villages.filter(  # type: ignore[attr-defined]
            Q(closed_on__isnull=True, organization__in=communes)
            | Q(pk=self.initial.get("village"))
        )


def _districts(organizations: Iterable[Organization], day: Any) -> list[str]:
    """The paths of the committees holding admission authority above the
    topmost of `organizations` (the district, for a commune's cell)."""
    tops: list[Organization] = []
    for organization in sorted(organizations, key=lambda o: o.depth):
        if not any(organization.path.startswith(top.path) for top in tops):
            tops.append(organization)
    return [
        (top.nearest_holding(Authority.ADMISSION, on=day) or top).path for top in tops
    ]


class ReadmitForm(DecisionForm):
    ceremony_date = date_field(_("Ceremony (entry date)"))
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


class PhotoForm(BoundedForm):
    photo = forms.FileField(
        label=_("Photo (JPEG, PNG or HEIC, up to 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment"}
        ),
    )


class CardForm(BoundedForm):
    number = forms.CharField(label=_("New card number"), max_length=20)
    issued_on = date_field(_("Issued on"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in PartyCard.Reason.choices if c[0] != "earlier"],
    )


class BadgeForm(DecisionForm):
    milestone = forms.TypedChoiceField(label=_("Badge"), coerce=int)
    awarded_on = date_field(_("Presented on"))
    early = forms.ChoiceField(
        label=_("Early or posthumous"), choices=Badge.Early.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        milestones = rule_value("badge.milestones_years", clock.today())
        self.fields["milestone"].choices = [  # type: ignore[attr-defined]
            (years, _("%(years)s years of party age") % {"years": years})
            for years in milestones
        ]


class RatingSheetForm(BoundedForm):
    """One rating per member of an organization for a year."""

    def __init__(
        self, *args: Any, members: list[Member], disabled: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        unrated = _("— not rated, or as the points give —")
        choices = [("", unrated), *Rating.Level.choices]
        for member in members:
            self.fields[f"level_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=choices,
                required=False,
                disabled=disabled,
            )
            self.fields[f"points_{member.pk}"] = points_field(
                label=_("Points of %(name)s") % {"name": member.full_name},
                disabled=disabled,
            )
        self.initial = {
            f"{field}_{pk}": value
            for pk, (level, points) in self.initial.items()
            for field, value in (("level", level), ("points", points))
        }

    def _by_member(self, prefix: str) -> dict[int, Any]:
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }

    def levels(self) -> dict[int, str]:
        return self._by_member("level_")

    def points(self) -> dict[int, Decimal | None]:
        return self._by_member("points_")
