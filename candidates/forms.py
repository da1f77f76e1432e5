from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations import clock
from organizations.bounds import BoundedForm, bound_fields
from organizations.forms import OrganizationChoiceField, date_field, use_day_input
from organizations.models import Organization

from .electorate import electorate
from .models import (
    Candidate,
    DocumentKind,
    PauseReason,
    Recognition,
    TrainingClass,
    Verification,
)


def number_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CandidateForm(forms.ModelForm[Candidate]):
    organization = OrganizationChoiceField(
        label=_("Party cell"), queryset=Organization.objects.none()
    )

    class Meta:
        model = Candidate
        fields = [
            "organization",
            "full_name",
            "sex",
            "birth_date",
            "ethnicity",
            "cccd",
            "religion",
            "religious_role",
            "occupation",
            "occupation_group",
            "permanent_address",
            "general_education",
            "education_exception",
            "provincial_consent_on",
            "youth_union_member",
            "route",
            "introduced_by",
            "introduced_on",
        ]
        widgets = {
            "cccd": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, cells: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_fields(self)
        self.fields["organization"].queryset = cells  # type: ignore[attr-defined]
        use_day_input(self, "birth_date", "introduced_on", "provincial_consent_on")


class CandidateStepForm(BoundedForm):
    """A step's form for a candidate or a probation file; some need their
    subject to offer their choices."""

    def __init__(
        self, *args: Any, subject: Candidate | Recognition, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.subject = subject
        self.organization = subject.organization


def _officials_of(organization: Organization) -> Any:
    grassroots = organization.grassroots() or organization
    return Member.objects.filter(
        organization__path__startswith=grassroots.path,
        status=Member.Status.OFFICIAL,
        end_date__isnull=True,
    ).order_by("sort_key")


class MentorForm(CandidateStepForm):
    mentor = forms.ModelChoiceField(
        label=_("Official member who helps the candidate"),
        queryset=Member.objects.none(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = _officials_of(self.organization)  # type: ignore[attr-defined]


class CertificateForm(CandidateStepForm):
    training_class = forms.ModelChoiceField(
        label=_("Awareness class"),
        queryset=TrainingClass.objects.filter(kind=TrainingClass.Kind.AWARENESS),
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40)
    certificate_on = date_field(_("Certificate dated"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Certificates come from classes that have ended.
        self.fields["training_class"].queryset = TrainingClass.objects.filter(  # type: ignore[attr-defined]
            kind=TrainingClass.Kind.AWARENESS, ends_on__lte=clock.today()
        )


def change_reason(label: Any, example: Any) -> forms.CharField:
    """The reason asked when something already recorded is changed (the
    service asks for it only then)."""
    return forms.CharField(
        label=label, max_length=255, required=False, help_text=example
    )


class DatedPapersForm(CandidateStepForm):
    """The dates of the cell's signed papers, starting from those recorded;
    changing one needs a reason."""

    reason = change_reason(
        _("Reason, when changing a date already recorded"),
        _("For example: the date was misread from the signed paper."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                {
                    name: getattr(self.subject, name)
                    for name in self.fields
                    if name != "reason" and getattr(self.subject, name, None)
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(day for name, day in data.items() if name != "reason"):
            raise forms.ValidationError(_("Enter at least one date."))
        return data


class PapersForm(DatedPapersForm):
    applied_on = date_field(_("Application (1-KNĐ) dated"), required=False)
    history_on = date_field(_("Personal history (2-KNĐ) dated"), required=False)
    union_resolution_on = date_field(
        _("Youth Union or trade union resolution dated"), required=False
    )
    opinions_on = date_field(_("Summary of opinions (5-KNĐ) dated"), required=False)
    field_order = ["applied_on", "history_on", "union_resolution_on", "opinions_on"]


class VerificationForm(CandidateStepForm):
    relation = forms.ChoiceField(
        label=_("Person verified"), choices=Verification.Relation.choices
    )
    person_name = forms.CharField(label=_("Full name"), max_length=150)
    party_member = forms.BooleanField(
        label=_("A party member: no verification needed"), required=False
    )
    sent_to = forms.CharField(
        label=_("Request sent to"), max_length=255, required=False
    )
    sent_on = date_field(_("Request sent on"), required=False)


class AnswerForm(CandidateStepForm):
    verification = forms.ModelChoiceField(
        label=_("Request"), queryset=Verification.objects.none()
    )
    answered_on = date_field(_("Answer dated"))
    conclusion = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.subject, Candidate)
        self.fields["verification"].queryset = self.subject.verifications.filter(  # type: ignore[attr-defined]
            party_member=False, answered_on__isnull=True
        )


class IntroducerForm(CandidateStepForm):
    member = forms.ModelChoiceField(
        label=_("Introducing official member"), queryset=Member.objects.none()
    )
    together_since = date_field(_("Worked or lived together since"))
    letter_on = date_field(_("Introduction letter (3-KNĐ) dated"))
    replacement = forms.BooleanField(
        label=_("Replaces an introducer who moved away"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _officials_of(self.organization)  # type: ignore[attr-defined]


class CellVoteForm(CandidateStepForm):
    held_on = date_field(_("Cell meeting held on"))
    resolution_number = forms.CharField(
        label=_("Resolution (6-KNĐ) number"), max_length=40
    )
    present = number_field(_("Official members present"))
    exempt_present = forms.IntegerField(
        label=_("Of whom exempt from activities"), min_value=0, initial=0
    )
    votes_for = number_field(_("Votes for"))
    votes_against = number_field(_("Votes against"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voters = electorate(self.organization, clock.today())
        self.fields["present"].help_text = _(
            "Today the cell has %(eligible)s official members entitled to vote "
            "(%(away)s away on temporary transfer, %(suspended)s suspended, "
            "prosecuted or detained, %(exempt)s exempt, counted only when "
            "present); the registry counts them again on the meeting date."
        ) % {
            "eligible": voters.eligible(0),
            "away": voters.away,
            "suspended": voters.suspended,
            "exempt": voters.exempt,
        }


class SubcommitteeForm(CandidateStepForm):
    on = date_field(_("Sub-committee appraisal (7-KNĐ) dated"))


class GrassrootsVoteForm(CandidateStepForm):
    held_on = date_field(_("Committee meeting held on"))
    resolution_number = forms.CharField(
        label=_("Resolution (8-KNĐ) number"), max_length=40
    )
    committee_members = number_field(_("Members of the committee"))
    present = number_field(_("Present"))
    votes_for = number_field(_("Votes for"))
    votes_against = number_field(_("Votes against"))


class ConfirmForm(CandidateStepForm):
    pass


class ReturnForm(CandidateStepForm):
    comments = forms.CharField(
        label=_("What needs correcting"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AppraiseForm(CandidateStepForm):
    note = forms.CharField(
        label=_("Appraisal opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(CandidateStepForm):
    consent_on = date_field(_("Consent of the provincial Standing Committee dated"))


class ExtensionForm(CandidateStepForm):
    reason = forms.CharField(
        label=_("Why the committee needs more time"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CeremonyForm(CandidateStepForm):
    held_on = date_field(_("Ceremony held on"))
    upper_consent = forms.BooleanField(
        label=_("The committee above consented to a late ceremony"), required=False
    )


class PauseForm(CandidateStepForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=PauseReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class UploadForm(BoundedForm):
    kind = forms.ModelChoiceField(label=_("Form"), queryset=DocumentKind.objects.none())
    file = forms.FileField(
        label=_("Scan or photo"),
        # No "capture": the phone then offers its camera and its files, so a
        # PDF already on it can be picked too.
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
        help_text=_(
            "A PDF, or a photo (JPEG, PNG, HEIC): take one with the camera or "
            "pick a file already on the phone; at most 10 MB."
        ),
    )

    def __init__(self, *args: Any, gates: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = DocumentKind.objects.filter(  # type: ignore[attr-defined]
            gate__in=gates
        )


class TargetForm(BoundedForm):
    year = forms.IntegerField(label=_("Year"))
    target = forms.IntegerField(
        label=_("Members to admit"),
        error_messages={"required": _("Enter the number of members to admit.")},
    )


class NewMemberCertificateForm(CandidateStepForm):
    training_class = forms.ModelChoiceField(
        label=_("New-member class"), queryset=TrainingClass.objects.none()
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40)
    certificate_on = date_field(_("Certificate dated"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_class"].queryset = TrainingClass.objects.filter(  # type: ignore[attr-defined]
            kind=TrainingClass.Kind.NEW_MEMBER, ends_on__lte=clock.today()
        )


class ProbationPapersForm(DatedPapersForm):
    self_review_on = date_field(_("Self-review (10-KNĐ) dated"), required=False)
    remarks_on = date_field(_("Mentor's remarks (11-KNĐ) dated"), required=False)
    opinions_on = date_field(_("Summary of opinions (12-KNĐ) dated"), required=False)
    field_order = ["self_review_on", "remarks_on", "opinions_on"]
