"""The lifecycle actions offered on a member's page: for each, its form, the
permission it needs and the service call. One view serves them all."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organizations.models import User
from organizations.selectors import Permission

from .forms import (
    BadgeForm,
    CardForm,
    DisciplineForm,
    EndExemptionForm,
    EndMembershipForm,
    ExemptionForm,
    GuidanceForm,
    ImprovementForm,
    RatingForm,
    ReadmitForm,
    RecognizeForm,
    RecordClearedForm,
    SuspensionForm,
    TemporaryTransferForm,
    TransferForm,
)
from .models import (
    Exemption,
    Guidance,
    Member,
    Suspension,
    TemporaryTransfer,
    Transfer,
)
from .services import discipline, lifecycle, periods, temporary, transfers
from .services.badges import award_badge
from .services.cards import issue_card
from .services.discipline import Tally
from .services.readmission import readmit_member
from .services.recording import Decision


def _decision(data: dict[str, Any]) -> Decision:
    return Decision(data["decision_number"], data["decision_date"], data["decided_by"])


def _tally(data: dict[str, Any]) -> Tally | None:
    if data.get("entitled") is None or data.get("votes_for") is None:
        return None
    return Tally(data["entitled"], data["votes_for"])


def _optional_decision(data: dict[str, Any]) -> Decision | None:
    if not data.get("decision_number") and not data.get("decision_date"):
        return None
    if not data.get("decision_date"):
        raise forms.ValidationError(_("Enter the date of the decision."))
    return _decision(data)


def _end(member: Member, data: dict[str, Any], by: User) -> object:
    return lifecycle.end_membership(
        member,
        reason=data["reason"],
        on=data["on"],
        decision=_optional_decision(data),
        note=data["note"],
        bars=data["bars"],
        tally=_tally(data),
        by=by,
    )


@dataclass(frozen=True)
class Action:
    title: Promise
    form: type[forms.Form]
    permission: Permission
    run: Callable[[Member, dict[str, Any], User], object]
    # Whether the action applies to the member as they are now.
    offered: Callable[["Situation"], bool]


@dataclass(frozen=True)
class Situation:
    """What the offered actions depend on, read once for the member's page."""

    member: Member
    exemption: Exemption | None
    suspension: Suspension | None
    guidance: Guidance | None
    transfers: list[Transfer]
    away: list[TemporaryTransfer]

    @classmethod
    def of(cls, member: Member) -> "Situation":
        return cls(
            member,
            exemption=member.exemptions.filter(end__isnull=True).first(),
            suspension=member.suspensions.filter(end__isnull=True).first(),
            guidance=member.guidances.filter(end__isnull=True).first(),
            transfers=list(member.transfers.open().select_related("to_organization")),
            away=list(
                member.temporary_transfers.filter(
                    returned_on__isnull=True
                ).select_related("to_organization")
            ),
        )

    @property
    def exempt(self) -> bool:
        return self.exemption is not None

    @property
    def current(self) -> bool:
        return self.member.end_date is None

    def status_is(self, *statuses: str) -> bool:
        return self.member.status in statuses


ACTIONS: dict[str, Action] = {
    "recognize": Action(
        _("Recognize as official member"),
        RecognizeForm,
        Permission.RECORD_COMMITTEE_DECISION,
        lambda m, d, by: lifecycle.recognize_official(m, decision=_decision(d), by=by),
        lambda s: s.current and s.status_is(Member.Status.PROBATIONARY),
    ),
    "exempt": Action(
        _("Exempt from work and activities"),
        ExemptionForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: periods.start_exemption(
            m,
            start=d["start"],
            reason=d["reason"],
            ground=d["ground"],
            treatment_until=d["treatment_until"],
            medical_record=d["medical_record"],
            by=by,
        ),
        lambda s: s.current and not s.exempt,
    ),
    "end-exemption": Action(
        _("Return to activities"),
        EndExemptionForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: periods.end_exemption(m, on=d["on"], by=by),
        lambda s: s.current and s.exempt,
    ),
    "suspend": Action(
        _("Suspended, prosecuted or detained"),
        SuspensionForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: periods.start_suspension(
            m, kind=d["kind"], start=d["start"], reason=d["reason"], by=by
        ),
        lambda s: s.current and s.suspension is None,
    ),
    "end-suspension": Action(
        _("End of the suspension"),
        EndExemptionForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: periods.end_suspension(m, on=d["on"], by=by),
        lambda s: s.current and s.suspension is not None,
    ),
    "guidance": Action(
        _("Help a member who falls short"),
        GuidanceForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: periods.start_guidance(
            m, start=d["start"], reason=d["reason"], by=by
        ),
        lambda s: s.current and s.guidance is None,
    ),
    "improved": Action(
        _("Record the improvement"),
        ImprovementForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: periods.end_guidance(m, on=d["on"], by=by),
        lambda s: s.current and s.guidance is not None,
    ),
    "discipline": Action(
        _("Record discipline"),
        DisciplineForm,
        Permission.RECORD_COMMITTEE_DECISION,
        lambda m, d, by: discipline.discipline_member(
            m,
            level=d["level"],
            decision=_decision(d),
            tally=_tally(d),
            note=d["note"],
            by=by,
        ),
        lambda s: s.current,
    ),
    "rate": Action(
        _("Record the yearly rating"),
        RatingForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: lifecycle.rate_member(
            m, year=d["year"], level=d["level"], points=d["points"], by=by
        ),
        lambda s: s.current,
    ),
    "transfer": Action(
        _("Transfer to another organization"),
        TransferForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: transfers.start_transfer(
            m,
            to=d["to"],
            outside=d["outside"],
            on=d["on"],
            introduction_number=d["introduction_number"],
            note=d["note"],
            moved_on=d["moved_on"],
            late_reason=d["late_reason"],
            by=by,
        ),
        lambda s: s.current and not s.transfers,
    ),
    "temporary-transfer": Action(
        _("Temporary transfer"),
        TemporaryTransferForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: temporary.start_temporary_transfer(
            m,
            to=d["to"],
            outside=d["outside"],
            purpose=d["purpose"],
            start=d["on"],
            until=d["until"],
            introduction_number=d["introduction_number"],
            note=d["note"],
            by=by,
        ),
        lambda s: s.current and not s.away,
    ),
    "temporary-return": Action(
        _("Back from temporary transfer"),
        EndExemptionForm,
        Permission.EDIT_REGISTRY,
        lambda m, d, by: temporary.end_temporary_transfer(m, on=d["on"], by=by),
        lambda s: s.current and bool(s.away),
    ),
    "card": Action(
        _("Issue a party card"),
        CardForm,
        Permission.RECORD_COMMITTEE_DECISION,
        lambda m, d, by: issue_card(
            m,
            number=d["number"],
            issued_on=d["issued_on"],
            reason=d["reason"],
            by=by,
        ),
        lambda s: s.current and s.status_is(Member.Status.OFFICIAL),
    ),
    "badge": Action(
        _("Award a party badge"),
        BadgeForm,
        Permission.RECORD_COMMITTEE_DECISION,
        lambda m, d, by: award_badge(
            m,
            milestone=d["milestone"],
            awarded_on=d["awarded_on"],
            decision=_decision(d),
            early=d["early"],
            by=by,
        ),
        lambda s: s.current or s.status_is(Member.Status.DECEASED),
    ),
    "readmit": Action(
        _("Re-admit"),
        ReadmitForm,
        Permission.RECORD_COMMITTEE_DECISION,
        lambda m, d, by: readmit_member(
            m,
            decision=_decision(d),
            ceremony_date=d["ceremony_date"],
            organization=d["organization"],
            provincial_consent=d["provincial_consent"],
            family_hardship=d["family_hardship"],
            by=by,
        ),
        lambda s: (
            not s.current
            and s.status_is(
                Member.Status.REMOVED, Member.Status.EXPELLED, Member.Status.LEFT
            )
        ),
    ),
    "end": Action(
        _("End of membership"),
        EndMembershipForm,
        Permission.EDIT_REGISTRY,
        _end,
        lambda s: s.current,
    ),
    "record-cleared": Action(
        _("Criminal record cleared"),
        RecordClearedForm,
        Permission.RECORD_COMMITTEE_DECISION,
        lambda m, d, by: lifecycle.record_conviction_cleared(m, on=d["on"], by=by),
        lambda s: not s.current,
    ),
}
