"""Official transfers (DOMAIN.md §5.1). The sender introduces the member; the
receiver (or org_staff) receives them, and only then does the member move:
until it is received the member belongs to, and is counted by, the sender.
Deadlines are working days from the rule table and calendar."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.calendar import add_months, add_working_days, working_days_between
from organizations.models import Organization, User
from organizations.rules import rule_in_force, rule_value
from organizations.selectors import Permission, can
from organizations.text import day_label

from ..models import Member, MemberEvent, Placement, Transfer
from .profile import create_member
from .recording import (
    Decision,
    check_day,
    lock_member,
    record_event,
    require_current,
)

Kind = MemberEvent.Kind
# Organizations whose members are kept on their own rolls (not upper committees).
HOLDING_KINDS = (
    Organization.Kind.COMMUNE_COMMITTEE,
    Organization.Kind.GRASSROOTS_COMMITTEE,
    Organization.Kind.GRASSROOTS_CELL,
    Organization.Kind.SUB_COMMITTEE,
    Organization.Kind.SUBORDINATE_CELL,
)


@dataclass(frozen=True)
class Admission:
    """The membership dates a member brings from elsewhere, as on their papers."""

    decision: Decision
    ceremony_date: datetime.date
    official_date: datetime.date | None = None

    def problems(self, received_on: datetime.date) -> list[str]:
        problems = []
        if self.ceremony_date < self.decision.date:
            problems.append(
                _("The ceremony cannot come before the admission decision.")
            )
        if self.ceremony_date > received_on:
            problems.append(_("The ceremony must come before the date of receipt."))
        if self.official_date:
            months = int(rule_value("member.probation_months", self.ceremony_date))
            if self.official_date < add_months(self.ceremony_date, months):
                problems.append(
                    _(
                        "The official date cannot come before the end of the "
                        "%(months)s months of probation."
                    )
                    % {"months": months}
                )
            if self.official_date > received_on:
                problems.append(
                    _("An official date after the receipt is recorded here later.")
                )
        return problems


def check_destination(
    member: Member, to: Organization | None, outside: str, on: datetime.date
) -> None:
    if (to is None) == (not outside.strip()):
        raise ValidationError(
            _("Choose the receiving organization, or name one outside the registry.")
        )
    if to is None:
        return
    errors = []
    if not to.is_open_on(on):
        errors.append(_("%(name)s is closed on that date.") % {"name": to.name})
    if to.kind not in HOLDING_KINDS:
        errors.append(
            _("Members are transferred to a party cell or grassroots organization.")
        )
    if to.pk == member.organization_id:
        errors.append(_("The member is already in %(name)s.") % {"name": to.name})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def start_transfer(
    member: Member,
    *,
    on: datetime.date,
    introduction_number: str,
    by: User,
    to: Organization | None = None,
    outside: str = "",
    note: str = "",
    moved_on: datetime.date | None = None,
    late_reason: str = "",
) -> Transfer:
    """Introduce the member to another organization. Within the registry the
    sender's secretary or org_staff may; to outside it, the organization
    committee that issues the introduction (org_staff). Started later than
    the rule's working days after the move (`moved_on`), it needs the reason
    that is reported (DOMAIN.md §5.1)."""
    permission = (
        Permission.EDIT_REGISTRY if to else Permission.RECORD_COMMITTEE_DECISION
    )
    member = lock_member(member, by, permission)
    require_current(member)
    check_day(on, member, _("The introduction date"))
    check_destination(member, to, outside, on)
    if member.transfers.open().exists():
        raise ValidationError(_("This member already has a transfer awaiting receipt."))
    if moved_on is not None:
        _check_started_in_time(moved_on, on, late_reason)
    days = int(rule_value("transfer.official_present_working_days", on))
    transfer = Transfer.objects.create(
        member=member,
        from_organization=member.organization,
        to_organization=to,
        to_outside=outside.strip(),
        introduced_on=on,
        moved_on=moved_on,
        late_reason=late_reason.strip(),
        introduction_number=introduction_number.strip(),
        present_by=add_working_days(on, days),
        note=note,
        started_by=by,
    )
    record_event(
        member,
        Kind.TRANSFER_STARTED,
        on=on,
        by=by,
        note=transfer.destination,
        transfer=transfer.pk,
    )
    return transfer


def _check_started_in_time(
    moved_on: datetime.date, on: datetime.date, late_reason: str
) -> None:
    if moved_on > on:
        raise ValidationError(_("The move comes before the introduction."))
    rule = rule_in_force("transfer.official_start_working_days", moved_on)
    late = working_days_between(moved_on, on) - int(rule.value)
    if late > 0 and not late_reason.strip():
        raise ValidationError(
            _(
                "Introduced %(late)s working days later than the %(days)s the rule "
                "allows after the move of %(moved)s (%(source)s): give the reason, "
                "which is reported."
            )
            % {
                "late": late,
                "days": rule.value,
                "moved": day_label(moved_on),
                "source": rule.source,
            }
        )


def _lock_transfer(transfer: Transfer) -> Transfer:
    locked = Transfer.objects.select_for_update(of=("self",)).select_related(
        "member", "to_organization", "from_organization"
    )
    transfer = locked.get(pk=transfer.pk)
    if transfer.status != Transfer.Status.STARTED:
        raise ValidationError(
            _("This transfer is already %(status)s.")
            % {"status": transfer.get_status_display().lower()}
        )
    return transfer


def _move_placement(member: Member, to: Organization, on: datetime.date) -> None:
    current = Placement.objects.select_for_update().get(member=member, end__isnull=True)
    if on < current.start:
        raise ValidationError(
            _("The member only joined this organization on a later date.")
        )
    current.end = on
    current.save(update_fields=["end"])
    Placement.objects.create(
        member=member,
        organization=to,
        start=on,
        decision_date=current.decision_date,
        ceremony_date=current.ceremony_date,
        official_date=current.official_date,
    )


@transaction.atomic
def receive_transfer(transfer: Transfer, *, on: datetime.date, by: User) -> Transfer:
    """The receiving organization takes the member in from `on`; a transfer out
    of the registry is closed by org_staff when the receipt is confirmed."""
    transfer = _lock_transfer(transfer)
    receiver = transfer.to_organization
    if receiver is not None:
        member = lock_member(transfer.member, by, Permission.EDIT_REGISTRY, on=receiver)
    else:
        member = lock_member(transfer.member, by, Permission.RECORD_COMMITTEE_DECISION)
    require_current(member)
    check_day(on, member, _("The date of receipt"))
    if on < transfer.introduced_on:
        raise ValidationError(
            _("A transfer cannot be received before the introduction.")
        )
    if receiver is not None:
        _move_placement(member, receiver, on)
        member.organization = receiver
        member.save(update_fields=["organization", "updated_at"])
        record_event(member, Kind.TRANSFER_RECEIVED, on=on, by=by, transfer=transfer.pk)
    else:
        Placement.objects.filter(member=member, end__isnull=True).update(end=on)
        member.status = member.end_reason = Member.Status.TRANSFERRED_OUT
        member.end_date = on
        member.save(update_fields=["status", "end_reason", "end_date", "updated_at"])
        record_event(
            member, Kind.TRANSFERRED_OUT, on=on, by=by, note=transfer.to_outside
        )
    transfer.status, transfer.received_on, transfer.finished_by = (
        Transfer.Status.RECEIVED,
        on,
        by,
    )
    transfer.save(update_fields=["status", "received_on", "finished_by", "updated_at"])
    return transfer


@transaction.atomic
def cancel_transfer(transfer: Transfer, *, by: User, note: str = "") -> Transfer:
    """The sender withdraws an introduction that was not received."""
    transfer = _lock_transfer(transfer)
    if not can(by, Permission.EDIT_REGISTRY, transfer.from_organization):
        raise PermissionDenied
    transfer.status, transfer.finished_by = Transfer.Status.CANCELLED, by
    transfer.note = "\n".join(filter(None, [transfer.note, note]))
    transfer.save(update_fields=["status", "finished_by", "note", "updated_at"])
    record_event(
        transfer.member,
        Kind.TRANSFER_CANCELLED,
        on=clock.today(),
        by=by,
        note=note,
        transfer=transfer.pk,
    )
    return transfer


@transaction.atomic
def receive_from_outside(
    organization: Organization,
    *,
    profile: dict[str, Any],
    admission: Admission,
    came_from: str,
    introduction_number: str,
    received_on: datetime.date,
    by: User,
) -> Member:
    """Take in a member introduced by a party organization outside the registry:
    the record is typed from the papers that come with them (2-HSĐV and the
    introduction letter); party age counts from their admission decision."""
    if not can(by, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    errors: list[str] = []
    if not came_from.strip():
        errors.append(_("Name the party organization the member comes from."))
    if (
        not organization.is_open_on(received_on)
        or organization.kind not in HOLDING_KINDS
    ):
        errors.append(
            _("Members are received by an open party cell or grassroots organization.")
        )
    if received_on > clock.today():
        errors.append(_("The date of receipt cannot be in the future."))
    errors += admission.problems(received_on)
    if errors:
        raise ValidationError(errors)
    member = create_member(
        organization,
        profile=profile,
        decision=admission.decision,
        ceremony_date=admission.ceremony_date,
        official_date=admission.official_date,
        by=by,
    )
    Placement.objects.create(
        member=member,
        organization=organization,
        start=received_on,
        decision_date=admission.decision.date,
        ceremony_date=admission.ceremony_date,
        official_date=admission.official_date,
    )
    record_event(
        member,
        Kind.TRANSFERRED_IN,
        on=received_on,
        by=by,
        note=came_from.strip(),
        introduction_number=introduction_number.strip(),
    )
    return member
