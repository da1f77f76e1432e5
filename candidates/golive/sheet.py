"""What the going-live sheets share: columns with their kinds, each cell read
or reported by row and column, the importer's scope. The run itself, every
row through the registry's services in one transaction kept only when every
row passed, is candidates/services/golive.py."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from members.models import Member
from members.tables import read_table
from organizations import clock
from organizations.bounds import check_day, check_number
from organizations.forms import DATE_FORMATS, INVALID_DAY, typed_day
from organizations.models import Organization, User
from organizations.selectors import Permission, organizations_with
from organizations.text import fold

Values = dict[str, Any]


def vietnamese(
    choices: type[models.Choices], among: list[Any] | None = None
) -> Callable[[], dict[str, str]]:
    """A choice column's accepted texts: the labels as the forms show them in
    Vietnamese (files travel between offices whatever language a screen is
    in), of every choice or of those `among`."""

    def accepted() -> dict[str, str]:
        with translation.override("vi"):
            return {
                str(label): value
                for value, label in choices.choices
                if value and (among is None or value in among)
            }

    return accepted


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its Vietnamese header, the key its value goes
    under, how its text is read, and what the documentation says of it."""

    header: str
    key: str
    kind: str = "text"  # text, date, number, choice or yes_no
    required: bool = False
    # The accepted values of a choice column: label → stored value.
    choices: Callable[[], dict[str, str]] | None = None
    max_length: int = 150
    help: str | Promise = ""
    # What an empty cell stands for.
    default: Any = None


class CellError(Exception):
    """A row refused because of its values: each (column header, message)."""

    def __init__(self, header: str, message: str, *more: tuple[str, str]) -> None:
        super().__init__(message)
        self.cells = [(header, message), *more]


@dataclass
class Run:
    """One import's reading of the registry: who imports, where they may
    (the organizations where they appraise: the organization committee's
    staff), and what the rows made so far."""

    by: User
    organizations: dict[str, Organization] = field(default_factory=dict)
    made: dict[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.scope = organizations_with(self.by, Permission.APPRAISE)
        self.organizations = {fold(o.code): o for o in self.scope}

    def organization(self, values: Values, column: Column) -> Organization:
        found = self.organizations.get(fold(values[column.key]))
        if found is None:
            raise CellError(
                column.header, _("not found in the registry or outside your scope")
            )
        return found

    def member(self, text: str, column: Column) -> Member:
        """A member by party card number, history number or CCCD, in scope."""
        found = list(
            Member.objects.filter(
                Q(card_number=text) | Q(history_number=text) | Q(cccd=text),
                organization__in=self.scope,
            )
            .select_related("organization")
            .order_by("pk")[:2]
        )
        if not found:
            raise CellError(
                column.header, _("not found in the registry or outside your scope")
            )
        if len(found) > 1:
            raise CellError(
                column.header,
                _("names more than one member: use the party card number"),
            )
        return found[0]


@dataclass(frozen=True)
class Sheet:
    """A going-live sheet: its columns and what one checked row does."""

    slug: str
    title: str | Promise
    columns: tuple[Column, ...]
    # Takes one row through the services; returns how it went ("created",
    # "updated" or "unchanged").
    apply: Callable[[Values, Run], str]
    template_name: str

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def date_headers(self) -> frozenset[str]:
        return frozenset(c.header for c in self.columns if c.kind == "date")


@dataclass
class SheetResult:
    headers: list[str]
    rows: list[list[str]]
    errors: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, header: str, message: str) -> None:
        line = f"{header}: {message}" if header else message
        if line not in self.errors[row]:
            self.errors[row].append(line)

    def error_lines(self) -> list[str]:
        return [
            _("Row %(row)s: %(message)s") % {"row": row, "message": message}
            for row, messages in sorted(self.errors.items())
            for message in messages
        ]


YES = {"co", "x", "yes", "1"}
NO = {"khong", "no", "0", ""}


def read_day(text: str) -> datetime.date:
    """A day as the forms read it (typed_day): 1/12/2026, 01.12.2026,
    1-12-2026, 01122026 or 2026-12-01."""
    field = forms.DateField(input_formats=DATE_FORMATS)
    field.error_messages["invalid"] = INVALID_DAY
    try:
        day = field.to_python(typed_day(text))
    except forms.ValidationError as error:
        raise ValidationError(str(INVALID_DAY)) from error
    if day is None:
        raise ValidationError(str(INVALID_DAY))
    return day


def convert(column: Column, text: str, accepted: dict[str, str] | None = None) -> Any:
    """The cell's value, or ValidationError with what is wrong with it; a
    choice column's `accepted` texts are read once per file."""
    if not text:
        if column.required:
            raise ValidationError(_("required"))
        return False if column.kind == "yes_no" else column.default
    if column.kind == "date":
        day = read_day(text)
        check_day(column.key, day)
        return day
    if column.kind == "number":
        try:
            number = int(text)
        except ValueError:
            raise ValidationError(_("write a whole number")) from None
        check_number(column.key, number)
        return number
    if column.kind == "choice":
        assert accepted is not None
        folded = {fold(label): value for label, value in accepted.items()}
        if fold(text) not in folded:
            raise ValidationError(
                _("choose one of: %(allowed)s") % {"allowed": ", ".join(accepted)}
            )
        return folded[fold(text)]
    if column.kind == "yes_no":
        if fold(text) in YES:
            return True
        if fold(text) in NO:
            return False
        raise ValidationError(_("write Có or Không"))
    if len(text) > column.max_length:
        raise ValidationError(
            _("at most %(count)s characters") % {"count": column.max_length}
        )
    return text


def read_rows(
    sheet: Sheet, filename: str, content: bytes
) -> tuple[SheetResult, list[tuple[int, Values]]]:
    """The file's rows with each cell read, or the result holding what
    cannot be read (by row and column). Raises TableError for a file that
    is not a table at all."""
    headers, rows = read_table(filename, content)
    result = SheetResult(headers=headers, rows=rows)
    known = set(sheet.headers)
    for column in sheet.columns:
        if column.required and column.header not in headers:
            result.error(
                1, "", _("Missing column “%(name)s”.") % {"name": column.header}
            )
    for header in headers:
        if header and header not in known:
            result.error(
                1,
                "",
                _("Unknown column “%(name)s”; use the template's columns.")
                % {"name": header},
            )
    if not result.ok:
        return result, []
    index = {header: position for position, header in enumerate(headers)}
    accepted = {c.key: c.choices() for c in sheet.columns if c.choices is not None}
    parsed: list[tuple[int, Values]] = []
    for number, cells in enumerate(rows, start=2):
        values: Values = {}
        for column in sheet.columns:
            position = index.get(column.header)
            text = (
                cells[position].strip()
                if position is not None and position < len(cells)
                else ""
            )
            try:
                values[column.key] = convert(column, text, accepted.get(column.key))
            except ValidationError as error:
                result.error(number, column.header, error.messages[0])
        parsed.append((number, values))
    return result, parsed


def on_day(day: datetime.date, column: Column) -> Any:
    """Run a step as of the day the sheet gives for it: the registry then
    judges it, and dates it, as if it had been recorded that day."""
    if day > clock.today():
        raise CellError(column.header, _("in the future"))
    return clock.as_of(day)
