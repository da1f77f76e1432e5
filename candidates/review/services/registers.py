"""Each committee's yearly register of decision numbers. A number is taken
under a lock on the register row, so two requests never get the same one, and
it is never reused: it stays used, reserved or voided, all audited."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.models import Organization, User
from organizations.selectors import Permission, can
from organizations.text import day_label

from ...models import DecisionNumber, DecisionRegister
from ...rules import Blocked, Problem


def _require_staff(committee: Organization, by: User) -> None:
    if not can(by, Permission.RECORD_COMMITTEE_DECISION, committee):
        raise PermissionDenied


def issuing_body(committee: Organization) -> str:
    """The body named on the committee's decisions."""
    return _("Standing Committee of %(committee)s") % {"committee": committee.name}


Book = DecisionRegister.Book


def find_register(
    committee: Organization, year: int, book: str = Book.DECISIONS
) -> DecisionRegister | None:
    return DecisionRegister.objects.filter(
        committee=committee, year=year, book=book
    ).first()


@transaction.atomic
def open_register(
    committee: Organization,
    *,
    year: int,
    symbol: str,
    start_number: int,
    by: User,
    book: str = Book.DECISIONS,
) -> DecisionRegister:
    """Open one of the committee's books for a year, starting where its paper
    book stands (numbers given on paper earlier in the year)."""
    _require_staff(committee, by)
    problems = []
    if not symbol.strip():
        problems.append(
            Problem(_("Give the book's symbol, e.g. QĐ/HU, TTr/BTCHU or BB/HU."))
        )
    if start_number < 1:
        problems.append(Problem(_("Numbers start at 1 or above.")))
    if problems:
        raise Blocked(problems)
    try:
        with transaction.atomic():
            register = DecisionRegister.objects.create(
                committee=committee,
                book=book,
                year=year,
                symbol=symbol.strip(),
                start_number=start_number,
                next_number=start_number,
            )
    except IntegrityError:
        raise Blocked(
            [
                Problem(
                    _("The book of %(book)s for %(year)s is already open.")
                    % {"book": Book(book).label, "year": year}
                )
            ]
        ) from None
    record_audit(
        "register.open",
        register,
        by=by,
        organization=committee,
        year=year,
        book=book,
        symbol=register.symbol,
        start=start_number,
    )
    return register


def take_number(
    register: DecisionRegister,
    *,
    kind: str,
    dated: datetime.date,
    subject: str,
    by: User,
    state: str = DecisionNumber.State.USED,
) -> DecisionNumber:
    """The register's next number; call inside the transaction that uses it."""
    register = DecisionRegister.objects.select_for_update().get(pk=register.pk)
    if dated.year != register.year:
        raise Blocked(
            [
                Problem(
                    _("A decision dated %(date)s belongs to the register of %(year)s.")
                    % {"date": day_label(dated), "year": dated.year}
                )
            ]
        )
    number = DecisionNumber.objects.create(
        register=register,
        number=register.next_number,
        state=state,
        kind=kind,
        dated=dated,
        subject=subject,
        recorded_by=by,
    )
    register.next_number += 1
    register.save(update_fields=["next_number"])
    record_audit(
        f"number.{state}",
        number,
        by=by,
        organization=register.committee,
        label=number.label,
        subject=subject,
    )
    return number


@transaction.atomic
def reserve_number(
    register: DecisionRegister, *, dated: datetime.date, subject: str, by: User
) -> DecisionNumber:
    """Take a number for a decision the committee issues outside the registry."""
    _require_staff(register.committee, by)
    if not subject.strip():
        raise Blocked([Problem(_("Say what the decision is about."))])
    return take_number(
        register,
        kind=DecisionNumber.Kind.OTHER,
        dated=dated,
        subject=subject.strip(),
        by=by,
        state=DecisionNumber.State.RESERVED,
    )


@transaction.atomic
def void_number(number: DecisionNumber, *, reason: str, by: User) -> DecisionNumber:
    """Void a reserved number, or one used in error; it is never given again.
    A number carried by a meeting's decision is changed by a correction."""
    _require_staff(number.register.committee, by)
    number = DecisionNumber.objects.select_for_update().get(pk=number.pk)
    problems = []
    if number.state == DecisionNumber.State.VOIDED:
        problems.append(Problem(_("This number is already voided.")))
    if hasattr(number, "agenda_item"):
        problems.append(
            Problem(
                _(
                    "This number carries a decision of a review meeting; "
                    "correct the meeting instead."
                )
            )
        )
    if not reason.strip():
        problems.append(Problem(_("Give the reason for voiding the number.")))
    if problems:
        raise Blocked(problems)
    before = number.state
    number.state, number.reason = DecisionNumber.State.VOIDED, reason.strip()
    number.save(update_fields=["state", "reason"])
    record_audit(
        "number.voided",
        number,
        by=by,
        organization=number.register.committee,
        label=number.label,
        was=before,
        reason=number.reason,
    )
    return number
