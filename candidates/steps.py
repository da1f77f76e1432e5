"""The page of each verb of the stage machine (pipeline.py): its form and how
the form's fields become the service's named arguments. Who may take a verb
and when it is offered are the stage machine's; one view serves every step
of both dossier paths."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from organizations.models import User

from . import correction_forms, forms, services
from .pipeline import ADMISSION, PROBATION, Dossier, Pipeline
from .services.details import DETAILS

Fields = dict[str, Any]


@dataclass(frozen=True)
class StepPage:
    form: type[forms.CandidateStepForm]
    call: Callable[[Any, Fields, User], object]


def _papers(dossier: Dossier, d: Fields, by: User) -> object:
    return services.record_papers(
        dossier,
        {name: day for name, day in d.items() if day and name != "reason"},
        reason=d["reason"],
        by=by,
    )


def _certificate(dossier: Dossier, d: Fields, by: User) -> object:
    return services.record_certificate(
        dossier,
        training_class=d["training_class"],
        certificate_number=d["certificate_number"],
        certificate_on=d["certificate_on"],
        by=by,
    )


def _vote(d: Fields) -> Fields:
    return {
        "held_on": d["held_on"],
        "resolution_number": d["resolution_number"],
        "present": d["present"],
        "votes_for": d["votes_for"],
        "votes_against": d["votes_against"],
        "exempt_present": d.get("exempt_present") or 0,
    }


def _cell_vote(dossier: Dossier, d: Fields, by: User) -> object:
    return services.record_cell_vote(dossier, by=by, **_vote(d))


def _correct_vote(dossier: Dossier, d: Fields, by: User) -> object:
    return services.correct_cell_vote(dossier, reason=d["reason"], by=by, **_vote(d))


def _committee_tally(d: Fields) -> Fields:
    return {
        "held_on": d["held_on"],
        "resolution_number": d["resolution_number"],
        "committee_members": d["committee_members"],
        "present": d["present"],
        "votes_for": d["votes_for"],
        "votes_against": d["votes_against"],
    }


def _grassroots_vote(dossier: Dossier, d: Fields, by: User) -> object:
    return services.record_grassroots_vote(dossier, by=by, **_committee_tally(d))


def _correct_grassroots_vote(dossier: Dossier, d: Fields, by: User) -> object:
    return services.correct_grassroots_vote(
        dossier, reason=d["reason"], by=by, **_committee_tally(d)
    )


def _correct_certificate(dossier: Dossier, d: Fields, by: User) -> object:
    return services.correct_certificate(
        dossier,
        training_class=d["training_class"],
        certificate_number=d["certificate_number"],
        certificate_on=d["certificate_on"],
        reason=d["reason"],
        by=by,
    )


SHARED: dict[str, StepPage] = {
    "mentor": StepPage(
        forms.MentorForm,
        lambda x, d, by: services.assign_mentor(x, d["mentor"], by=by),
    ),
    "cell-vote": StepPage(forms.CellVoteForm, _cell_vote),
    "correct-vote": StepPage(correction_forms.CorrectVoteForm, _correct_vote),
    "correct-grassroots-vote": StepPage(
        correction_forms.CorrectGrassrootsVoteForm, _correct_grassroots_vote
    ),
    "grassroots-vote": StepPage(forms.GrassrootsVoteForm, _grassroots_vote),
    "submit": StepPage(forms.ConfirmForm, lambda x, d, by: services.submit(x, by=by)),
    "return": StepPage(
        forms.ReturnForm,
        lambda x, d, by: services.return_for_correction(
            x, comments=d["comments"], by=by
        ),
    ),
    "appraise": StepPage(
        forms.AppraiseForm,
        lambda x, d, by: services.appraise(x, note=d["note"], by=by),
    ),
}

ADMISSION_PAGES: dict[str, StepPage] = {
    "details": StepPage(
        correction_forms.DetailsForm,
        lambda c, d, by: services.correct_details(
            c,
            details={name: d[name] for name in DETAILS},
            reason=d["reason"],
            by=by,
        ),
    ),
    "remove-introducer": StepPage(
        correction_forms.RemoveIntroducerForm,
        lambda x, d, by: services.remove_introducer(
            x, introducer=d["introducer"], reason=d["reason"], by=by
        ),
    ),
    **SHARED,
    "certificate": StepPage(forms.CertificateForm, _certificate),
    "correct-certificate": StepPage(
        correction_forms.CorrectCertificateForm, _correct_certificate
    ),
    "papers": StepPage(forms.PapersForm, _papers),
    "verification": StepPage(
        forms.VerificationForm,
        lambda c, d, by: services.add_verification(
            c,
            relation=d["relation"],
            person_name=d["person_name"],
            party_member=d["party_member"],
            sent_to=d["sent_to"],
            sent_on=d["sent_on"],
            by=by,
        ),
    ),
    "answer": StepPage(
        forms.AnswerForm,
        lambda c, d, by: services.answer_verification(
            d["verification"],
            answered_on=d["answered_on"],
            conclusion=d["conclusion"],
            by=by,
        ),
    ),
    "correct-answer": StepPage(
        correction_forms.CorrectAnswerForm,
        lambda c, d, by: services.correct_answer(
            d["verification"],
            answered_on=d["answered_on"],
            conclusion=d["conclusion"],
            reason=d["reason"],
            by=by,
        ),
    ),
    "correct-request": StepPage(
        correction_forms.CorrectRequestForm,
        lambda c, d, by: services.correct_request(
            d["verification"],
            sent_to=d["sent_to"],
            sent_on=d["sent_on"],
            reason=d["reason"],
            by=by,
        ),
    ),
    "correct-subcommittee": StepPage(
        correction_forms.CorrectSubcommitteeForm,
        lambda c, d, by: services.correct_subcommittee_appraisal(
            c, on=d["on"], reason=d["reason"], by=by
        ),
    ),
    "correct-consent": StepPage(
        correction_forms.CorrectConsentForm,
        lambda c, d, by: services.correct_consent(
            c, consent_on=d["consent_on"], reason=d["reason"], by=by
        ),
    ),
    "introducer": StepPage(
        forms.IntroducerForm,
        lambda c, d, by: services.add_introducer(
            c,
            member=d["member"],
            together_since=d["together_since"],
            letter_on=d["letter_on"],
            replacement=d["replacement"],
            by=by,
        ),
    ),
    "subcommittee": StepPage(
        forms.SubcommitteeForm,
        lambda c, d, by: services.record_subcommittee_appraisal(c, on=d["on"], by=by),
    ),
    "consent": StepPage(
        forms.ConsentForm,
        lambda c, d, by: services.record_provincial_consent(
            c, consent_on=d["consent_on"], by=by
        ),
    ),
    "extend": StepPage(
        forms.ExtensionForm,
        lambda c, d, by: services.extend_decision_deadline(
            c, reason=d["reason"], by=by
        ),
    ),
    "ceremony": StepPage(
        forms.CeremonyForm,
        lambda c, d, by: services.record_ceremony(
            c, held_on=d["held_on"], upper_consent=d["upper_consent"], by=by
        ),
    ),
    "pause": StepPage(
        forms.PauseForm,
        lambda c, d, by: services.pause(c, reason=d["reason"], note=d["note"], by=by),
    ),
    "withdraw": StepPage(
        forms.PauseForm,
        lambda c, d, by: services.withdraw(
            c, reason=d["reason"], note=d["note"], by=by
        ),
    ),
    "resume": StepPage(forms.ConfirmForm, lambda c, d, by: services.resume(c, by=by)),
}

PROBATION_PAGES: dict[str, StepPage] = {
    **SHARED,
    "certificate": StepPage(forms.NewMemberCertificateForm, _certificate),
    "correct-certificate": StepPage(
        correction_forms.CorrectNewMemberCertificateForm, _correct_certificate
    ),
    "papers": StepPage(forms.ProbationPapersForm, _papers),
}

PAGES: dict[str, dict[str, StepPage]] = {
    ADMISSION.name: ADMISSION_PAGES,
    PROBATION.name: PROBATION_PAGES,
}


def page_of(pipeline: Pipeline, slug: str) -> StepPage | None:
    return PAGES[pipeline.name].get(slug)
