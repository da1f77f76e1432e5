"""Re-admission (kết nạp lại, DOMAIN.md §1.16): the same member row opens a new
membership period with a new decision and a new probation (DESIGN.md §4)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.calendar import add_months
from organizations.models import Organization, User
from organizations.rules import rule_in_force, rule_value
from organizations.selectors import Permission
from organizations.text import day_label

from ..models import Member, MemberEvent, ReadmissionBar
from .recording import Decision, lock_member, write_admission

# Endings after which the Party may admit the person again.
_READMITTABLE = (Member.Status.REMOVED, Member.Status.EXPELLED, Member.Status.LEFT)
_ENDING_EVENTS = (
    MemberEvent.Kind.REMOVED,
    MemberEvent.Kind.EXPELLED,
    MemberEvent.Kind.LEFT,
)


def readmission_problems(
    member: Member,
    *,
    decided_on: datetime.date,
    provincial_consent: bool,
    family_hardship: bool = False,
) -> list[str]:
    """Every rule the re-admission breaks, in Vietnamese (empty when allowed)."""
    problems = []
    if member.end_date is None or member.status not in _READMITTABLE:
        return [
            _(
                "Only a former member whose name was removed, who was expelled or "
                "who left can be re-admitted."
            )
        ]
    problems += _bar_problems(member, decided_on, family_hardship)
    # The rule in force when the committee decides, counted from the day they left.
    wait = int(rule_value("candidate.readmission_wait_months", decided_on))
    earliest = add_months(member.end_date, wait)
    if decided_on < earliest:
        problems.append(
            _(
                "Re-admission needs %(months)s months since leaving: "
                "not before %(date)s."
            )
            % {"months": wait, "date": day_label(earliest)}
        )
    allowed = int(rule_value("candidate.readmission_max_times", decided_on))
    if member.events.filter(kind=MemberEvent.Kind.READMITTED).count() >= allowed:
        problems.append(_("This person has already been re-admitted once."))
    if not provincial_consent:
        problems.append(
            _(
                "Re-admission needs the written consent of the provincial "
                "Standing Committee."
            )
        )
    return problems


def _bar_problems(
    member: Member, decided_on: datetime.date, family_hardship: bool
) -> list[str]:
    """What the ending recorded that bars a re-admission under the rule in
    force when it is decided, each with the rule's source; a less serious
    crime waits from the day the record was cleared."""
    version = rule_in_force("candidate.readmission_bars", decided_on)
    barred = set(version.value)
    ending = (
        member.events.filter(kind__in=_ENDING_EVENTS).order_by("-on", "-pk").first()
    )
    found = set(ending.data.get("bars", [])) if ending else set()
    problems = [
        _("%(bar)s: never re-admitted (%(source)s).")
        % {"bar": ReadmissionBar(bar).label, "source": version.source}
        for bar in ReadmissionBar.values
        if bar in found and bar in barred
    ]
    if (
        member.status == Member.Status.LEFT
        and "left_on_request" in barred
        and not family_hardship
    ):
        problems.append(
            _(
                "A person who left the Party at their own request is not "
                "re-admitted, except for extremely difficult family circumstances "
                "(%(source)s)."
            )
            % {"source": version.source}
        )
    if ending and ReadmissionBar.LESS_SERIOUS_CRIME in found:
        problems += _conviction_problems(member, decided_on, ending.on)
    return problems


def _conviction_problems(
    member: Member, decided_on: datetime.date, ended: datetime.date
) -> list[str]:
    key = "candidate.readmission_after_conviction_months"
    months = int(rule_value(key, decided_on))
    cleared = (
        member.events.filter(kind=MemberEvent.Kind.RECORD_CLEARED, on__gte=ended)
        .order_by("-on")
        .first()
    )
    if cleared is None:
        return [
            _(
                "Convicted of a less serious crime: re-admission waits %(months)s "
                "months from the day the criminal record was cleared; record "
                "that day first."
            )
            % {"months": months}
        ]
    earliest = add_months(cleared.on, months)
    if decided_on < earliest:
        return [
            _(
                "Convicted of a less serious crime: re-admission waits %(months)s "
                "months after the record was cleared, not before %(date)s."
            )
            % {"months": months, "date": day_label(earliest)}
        ]
    return []


@transaction.atomic
def readmit_member(
    member: Member,
    *,
    decision: Decision,
    ceremony_date: datetime.date,
    organization: Organization,
    provincial_consent: bool,
    by: User,
    family_hardship: bool = False,
) -> Member:
    """Type in a re-admission decided on paper: org_staff's to record."""
    member = lock_member(
        member, by, Permission.RECORD_COMMITTEE_DECISION, on=organization
    )
    return _readmit(
        member,
        decision=decision,
        ceremony_date=ceremony_date,
        organization=organization,
        provincial_consent=provincial_consent,
        family_hardship=family_hardship,
        by=by,
    )


@transaction.atomic
def readmit_at_ceremony(
    member: Member,
    *,
    decision: Decision,
    ceremony_date: datetime.date,
    organization: Organization,
    provincial_consent: bool,
    by: User,
) -> Member:
    """The cell records the ceremony after a re-admission the registry's
    review decided, as it records a first admission's (admit_member)."""
    member = lock_member(member, by, Permission.EDIT_REGISTRY, on=organization)
    return _readmit(
        member,
        decision=decision,
        ceremony_date=ceremony_date,
        organization=organization,
        provincial_consent=provincial_consent,
        family_hardship=False,
        by=by,
    )


def _readmit(
    member: Member,
    *,
    decision: Decision,
    ceremony_date: datetime.date,
    organization: Organization,
    provincial_consent: bool,
    family_hardship: bool,
    by: User,
) -> Member:
    """Open a new membership period: probationary again from the ceremony."""
    problems = readmission_problems(
        member,
        decided_on=decision.date,
        provincial_consent=provincial_consent,
        family_hardship=family_hardship,
    )
    if ceremony_date < decision.date:
        problems.append(_("The ceremony cannot come before the decision."))
    if problems:
        raise ValidationError(problems)
    # Party age does not grow while outside the Party (DOMAIN.md §1.15); the
    # checks above made sure the membership had ended.
    left_on = member.end_date or decision.date
    member.party_age_from += decision.date - left_on
    member.status, member.end_date, member.end_reason = (
        Member.Status.PROBATIONARY,
        None,
        "",
    )
    member.admission_decision_date, member.ceremony_date = decision.date, ceremony_date
    member.admission_decision_number, member.admission_issuing_body = (
        decision.number,
        decision.body,
    )
    member.official_date, member.organization = None, organization
    member.save()
    write_admission(member, by=by, kind=MemberEvent.Kind.READMITTED)
    return member
