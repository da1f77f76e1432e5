"""The forms that put right a step recorded wrongly: each starts from what
was recorded and asks for the reason."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.bounds import bound_fields
from organizations.forms import date_field, use_day_input

from .dossier_checks import certificate_of, latest_vote
from .forms import (
    CandidateStepForm,
    CellVoteForm,
    CertificateForm,
    ConsentForm,
    GrassrootsVoteForm,
    NewMemberCertificateForm,
    SubcommitteeForm,
    change_reason,
)
from .models import Candidate, Introducer, Verification, Vote
from .services.details import DETAILS


def reason_field(example: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the correction"), max_length=255, help_text=example
    )


TALLY = ("held_on", "resolution_number", "present", "votes_for", "votes_against")


def _from_vote(form: CandidateStepForm, body: str, **more: str) -> None:
    """Start from the vote as recorded; `more` maps a field to the vote's
    attribute where their names differ."""
    vote = latest_vote(form.subject, body)
    if vote is not None and not form.is_bound:
        fields = {name: name for name in TALLY} | more
        form.initial.update({f: getattr(vote, a) for f, a in fields.items()})


def _from_certificate(form: CandidateStepForm) -> None:
    enrolment = certificate_of(form.subject)
    if enrolment is not None and not form.is_bound:
        form.initial.update(
            training_class=enrolment.training_class_id,
            certificate_number=enrolment.certificate_number,
            certificate_on=enrolment.certificate_on,
        )


class DetailsForm(CandidateStepForm):
    """The candidate's details as recorded; changing one needs a reason."""

    reason = change_reason(
        _("Reason, when changing a detail already recorded"),
        _("For example: the name was misspelt; checked against the CCCD."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.subject, Candidate)
        details = forms.models.fields_for_model(Candidate, fields=DETAILS)
        self.fields = {**details, "reason": self.fields["reason"]}
        bound_fields(self)
        use_day_input(self, "birth_date")
        self.fields["cccd"].widget.attrs["inputmode"] = "numeric"
        if not self.is_bound:
            self.initial.update(forms.models.model_to_dict(self.subject, DETAILS))


class CorrectVoteForm(CellVoteForm):
    """The cell's vote as recorded, to put right, with the reason."""

    reason = reason_field(
        _("For example: the meeting date was misread from the minutes.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _from_vote(self, Vote.Body.CELL)


class CorrectGrassrootsVoteForm(GrassrootsVoteForm):
    reason = reason_field(_("For example: a vote was counted twice."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _from_vote(self, Vote.Body.GRASSROOTS, committee_members="eligible")


class CorrectCertificateForm(CertificateForm):
    reason = reason_field(_("For example: the certificate number was mistyped."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _from_certificate(self)


class CorrectNewMemberCertificateForm(NewMemberCertificateForm):
    reason = reason_field(_("For example: the certificate number was mistyped."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _from_certificate(self)


class CorrectAnswerForm(CandidateStepForm):
    verification = forms.ModelChoiceField(
        label=_("Answer of"), queryset=Verification.objects.none()
    )
    answered_on = date_field(_("Answer dated"))
    conclusion = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = reason_field(_("For example: the answer's date was misread."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.subject, Candidate)
        answered = self.subject.verifications.filter(answered_on__isnull=False)
        self.fields["verification"].queryset = answered  # type: ignore[attr-defined]
        latest = answered.order_by("-answered_on", "-pk").first()
        if latest is not None and not self.is_bound:
            self.initial.update(
                verification=latest.pk,
                answered_on=latest.answered_on,
                conclusion=latest.conclusion,
            )


class CorrectRequestForm(CandidateStepForm):
    verification = forms.ModelChoiceField(
        label=_("Request for"), queryset=Verification.objects.none()
    )
    sent_to = forms.CharField(label=_("Request sent to"), max_length=255)
    sent_on = date_field(_("Request sent on"))
    reason = reason_field(_("For example: the request went to another commune."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.subject, Candidate)
        sent = self.subject.verifications.filter(sent_on__isnull=False)
        self.fields["verification"].queryset = sent  # type: ignore[attr-defined]
        latest = sent.order_by("-sent_on", "-pk").first()
        if latest is not None and not self.is_bound:
            self.initial.update(
                verification=latest.pk, sent_to=latest.sent_to, sent_on=latest.sent_on
            )


class CorrectSubcommitteeForm(SubcommitteeForm):
    reason = reason_field(_("For example: the appraisal's date was misread."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.subject, Candidate)
        if not self.is_bound:
            self.initial["on"] = self.subject.subcommittee_appraisal_on


class CorrectConsentForm(ConsentForm):
    reason = reason_field(_("For example: the consent's date was misread."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self.subject, Candidate)
        if not self.is_bound:
            self.initial["consent_on"] = self.subject.provincial_consent_on


class RemoveIntroducerForm(CandidateStepForm):
    introducer = forms.ModelChoiceField(
        label=_("Introducer"), queryset=Introducer.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("For example: recorded by mistake, or moved away before the vote."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["introducer"]
        field.queryset = self.subject.introducers.select_related("member")  # type: ignore[attr-defined,union-attr]
        field.label_from_instance = lambda i: i.member.full_name  # type: ignore[attr-defined]
