"""Importing members from a spreadsheet: every row is checked with the same plain
functions the forms use before anything is written, and nothing is written
unless every row is valid. Rows match existing members by CCCD, then party card
number, then history number; a matched row updates profile fields only."""

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from organizations import clock
from organizations.bounds import check_day
from organizations.bulk import among
from organizations.models import Organization, User, Village
from organizations.selectors import Permission, organizations_with
from organizations.text import fold

from ..columns import COLUMNS, HEADERS, READ_ONLY_HEADERS, Column, choice_labels
from ..models import Ethnicity, Member
from ..services.profile import PROFILE_FIELDS, clean_profile
from ..tables import read_table

_HEADER_OF = {column.field: column.header for column in COLUMNS}
MATCH_KEYS = ("cccd", "card_number", "history_number")
Progress = Callable[[int], None]
# Rows between two progress reports of a background import.
PROGRESS_EVERY = 500


@dataclass
class ImportResult:
    headers: list[str]
    rows: list[list[str]]
    errors: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        return [
            _("Row %(row)s: %(message)s") % {"row": row, "message": message}
            for row, messages in sorted(self.errors.items())
            for message in messages
        ]


def _parse_date(text: str) -> datetime.date:
    day, _sep, rest = text.partition("/")
    month, _sep, year = rest.partition("/")
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(_("write the date as dd/mm/yyyy")) from None


# Columns whose text names a row of the registry.
LOOKED_UP = ("organization", "ethnicity", "village")


@functools.cache
def _choice_map(field: str) -> dict[str, str]:
    """Folded Vietnamese labels and stored values of a choice column, both accepted."""
    labels = choice_labels(field)
    return {fold(label): value for value, label in labels.items()} | {
        fold(value): value for value in labels
    }


def _convert(column: Column, text: str, lookups: dict[str, dict[str, Any]]) -> Any:
    if not text:
        return None if column.kind in (*LOOKED_UP, "date") else ""
    if column.kind == "date":
        day = _parse_date(text)
        check_day(column.field, day)
        return day
    if column.kind == "choice":
        accepted = _choice_map(column.field)
        folded = fold(text)
        if folded not in accepted:
            allowed = ", ".join(choice_labels(column.field).values())
            raise ValidationError(
                _("choose one of: %(allowed)s") % {"allowed": allowed}
            )
        return accepted[folded]
    if column.kind in LOOKED_UP:
        found = lookups[column.kind].get(fold(text))
        if found is None:
            raise ValidationError(_("not found in the registry or outside your scope"))
        return found
    field = Member._meta.get_field(column.field)
    if isinstance(field, models.CharField):
        field.run_validators(text)
    return text


class _Importer:
    def __init__(
        self, result: ImportResult, *, by: User, organization: Organization | None
    ):
        self.result, self.by = result, by
        # Read once: the time zone conversion is a cost when paid per row.
        self.today = clock.today()
        writable = organizations_with(by, Permission.EDIT_REGISTRY)
        if organization is not None:
            writable = writable.subtree_of(organization)
        self.organizations = {fold(o.code): o for o in writable}
        self.ethnicities = {fold(e.name): e for e in Ethnicity.objects.all()}
        self.index = {h: i for i, h in enumerate(result.headers)}
        self.lookups: dict[str, dict[str, Any]] = {
            "organization": self.organizations,
            "ethnicity": self.ethnicities,
            # Where members live is reference data: any village of the registry.
            "village": {
                fold(v.code): v for v in Village.objects.select_related("organization")
            },
        }
        # Each template column with its position in this file (past the end of
        # every row when the file lacks it) and a cache of converted texts.
        self.columns: list[tuple[Column, int, dict[str, Any]]] = [
            (column, self.index.get(column.header, 1 << 30), {}) for column in COLUMNS
        ]
        # Cells already reported as unreadable: not reported again as missing.
        self.unreadable: set[tuple[int, str]] = set()

    def error(self, row: int, header: str, message: str) -> None:
        self.result.errors[row].append(f"{header}: {message}")

    def values(self, number: int, cells: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        width = len(cells)
        for column, position, cache in self.columns:
            text = cells[position].strip() if position < width else ""
            # Most cells repeat (sex, ethnicity, codes, dates): convert each
            # distinct text once per file.
            if text in cache:
                values[column.field] = cache[text]
                continue
            try:
                value = _convert(column, text, self.lookups)
            except ValidationError as error:
                self.error(number, column.header, error.messages[0])
                self.unreadable.add((number, column.field))
                continue
            if column.kind != "text":
                cache[text] = value
            values[column.field] = value
        return values


def _existing(parsed: list[tuple[int, dict[str, Any]]]) -> dict[str, dict[str, Member]]:
    found: dict[str, dict[str, Member]] = {}
    for key in MATCH_KEYS:
        wanted = {values[key] for _n, values in parsed if values.get(key)}
        members = Member.objects.filter(**{f"{key}__in": among(wanted)}).select_related(
            "organization", "ethnicity", "village"
        )
        found[key] = {getattr(m, key): m for m in members}
    return found


def check_rows(
    filename: str,
    content: bytes,
    *,
    by: User,
    organization: Organization | None = None,
    progress: Progress | None = None,
) -> tuple[ImportResult, list[tuple[int, dict[str, Any], Member | None]]]:
    """Read and check every row; returns the result (with errors) and the plan.
    Progress runs from 0 to 50 while the rows are checked."""
    headers, rows = read_table(filename, content)
    result = ImportResult(headers=headers, rows=rows)
    missing = [h for h in ("Họ và tên", "Ngày sinh") if h not in headers]
    unknown = [
        h for h in headers if h and h not in HEADERS and h not in READ_ONLY_HEADERS
    ]
    for header in missing:
        result.errors[1].append(_("Missing column “%(name)s”.") % {"name": header})
    for header in unknown:
        result.errors[1].append(
            _("Unknown column “%(name)s”; use the template's columns.")
            % {"name": header}
        )
    if result.errors:
        return result, []
    importer = _Importer(result, by=by, organization=organization)
    parsed = [
        (number, importer.values(number, cells))
        for number, cells in enumerate(rows, start=2)
    ]
    existing = _existing(parsed)
    labels = {c.field: c.header for c in COLUMNS}
    seen: dict[tuple[str, str], int] = {}
    plan = []
    for number, values in parsed:
        match = next(
            (
                existing[k][values[k]]
                for k in MATCH_KEYS
                if values.get(k) and values[k] in existing[k]
            ),
            None,
        )
        for key in MATCH_KEYS:
            if values.get(key):
                other = seen.setdefault((key, values[key]), number)
                if other != number:
                    importer.error(
                        number,
                        labels[key],
                        _("the same number is on row %(row)s") % {"row": other},
                    )
                holder = existing[key].get(values[key])
                if holder is not None and match is not None and holder.pk != match.pk:
                    importer.error(number, labels[key], _("belongs to another member"))
        _check_row(importer, number, values, match)
        plan.append((number, values, match))
        if progress and number % PROGRESS_EVERY == 0:
            progress(number * 50 // (len(parsed) + 1))
    _check_possible_duplicates(importer, plan)
    return result, plan


def _check_row(
    importer: _Importer, number: int, values: dict[str, Any], match: Member | None
) -> None:
    header = _HEADER_OF
    if match is not None:
        if fold(match.organization.code) not in importer.organizations:
            importer.error(
                number, header["cccd"], _("belongs to a member outside your scope")
            )
            return
        if (
            values["organization"] is not None
            and values["organization"] != match.organization
        ):
            importer.error(
                number,
                header["organization"],
                _("a change of organization is a transfer: use the member's page"),
            )
        for name in (
            "status",
            "admission_decision_date",
            "ceremony_date",
            "official_date",
        ):
            if values.get(name) not in (None, "") and values[name] != getattr(
                match, name
            ):
                importer.error(
                    number,
                    header[name],
                    _(
                        "changes through the member's page (recognition, end of "
                        "membership), not by import"
                    ),
                )
        current = {f: getattr(match, f) for f in PROFILE_FIELDS}
        merged = {
            **current,
            **{
                f: v
                for f, v in values.items()
                if f in PROFILE_FIELDS and v not in (None, "")
            },
        }
    else:
        for name in (
            "organization",
            "full_name",
            "sex",
            "birth_date",
            "ethnicity",
            "admission_decision_date",
            "ceremony_date",
            "status",
        ):
            missing = values.get(name) in (None, "")
            if missing and (number, name) not in importer.unreadable:
                importer.error(number, header[name], _("required for a new member"))
        merged = {f: values.get(f) for f in PROFILE_FIELDS}
        if values.get("ceremony_date") and values.get("admission_decision_date"):
            if values["ceremony_date"] < values["admission_decision_date"]:
                importer.error(
                    number, header["ceremony_date"], _("before the admission decision")
                )
            if values["ceremony_date"] > importer.today:
                importer.error(number, header["ceremony_date"], _("in the future"))
        if values.get("status") == Member.Status.OFFICIAL and not values.get(
            "official_date"
        ):
            importer.error(
                number, header["official_date"], _("required for an official member")
            )
    if values.get("birth_date") and values["birth_date"] > importer.today:
        importer.error(number, header["birth_date"], _("in the future"))
    try:
        # The writer uses these cleaned values as they are: one check per row.
        values.update(clean_profile(merged))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                importer.error(number, header.get(name, name), message)


def _check_possible_duplicates(
    importer: _Importer, plan: list[tuple[int, dict[str, Any], Member | None]]
) -> None:
    new = [
        (n, v)
        for n, v, match in plan
        if match is None and v.get("full_name") and v.get("birth_date")
    ]
    if not new:
        return
    names = {v["full_name"] for _n, v in new}
    existing = {
        (m.full_name, m.birth_date, m.organization_id)
        for m in Member.objects.filter(
            full_name__in=among(names), end_date__isnull=True
        ).only("full_name", "birth_date", "organization_id")
    }
    for number, values in new:
        org = values.get("organization")
        if (
            org is not None
            and (values["full_name"], values["birth_date"], org.pk) in existing
        ):
            importer.error(
                number,
                "Họ và tên",
                _(
                    "possible duplicate: a member with this name and birth date is "
                    "already in %(org)s"
                )
                % {"org": org.name},
            )
