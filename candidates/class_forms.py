"""The training classes' forms: opening a class, enrolling candidates,
recording the results and certificates."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.bounds import BoundedForm
from organizations.forms import OrganizationChoiceField, date_field
from organizations.models import Organization

from .models import Candidate, ClassEnrolment, TrainingClass


class TrainingClassForm(BoundedForm):
    organizer = OrganizationChoiceField(
        label=_("Organized for"), queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingClass.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"))
    issuer = forms.CharField(
        label=_("Certificates issued by"),
        max_length=200,
        initial="Trung tâm Chính trị huyện",
    )

    def __init__(self, *args: Any, organizers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers  # type: ignore[attr-defined]


class EnrolForm(BoundedForm):
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates to enrol"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.full_name} — {c.organization.name}"
        )


class ResultsForm(BoundedForm):
    """A result, certificate number and date for every learner of a class."""

    def __init__(self, *args: Any, enrolments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            pk = enrolment.pk
            self.fields[f"result_{pk}"] = forms.ChoiceField(
                label=_("Result"),
                choices=ClassEnrolment.Result.choices,
                initial=enrolment.result,
            )
            self.fields[f"number_{pk}"] = forms.CharField(
                label=_("Certificate number"),
                max_length=40,
                required=False,
                initial=enrolment.certificate_number,
            )
            self.fields[f"date_{pk}"] = date_field(
                _("Certificate dated"), required=False, initial=enrolment.certificate_on
            )

    def row(self, enrolment: Any) -> tuple[Any, Any, Any]:
        pk = enrolment.pk
        return self[f"result_{pk}"], self[f"number_{pk}"], self[f"date_{pk}"]

    def results(self) -> dict[int, tuple[str, str, Any]]:
        data = self.cleaned_data
        return {
            e.pk: (data[f"result_{e.pk}"], data[f"number_{e.pk}"], data[f"date_{e.pk}"])
            for e in self.enrolments
        }
