"""The statistics as files: JSON for operators, XLSX with one sheet per table,
and the PDF in the party document layout. Each reads the figures dict, live or
frozen, and its tables from `present`; Vietnamese whatever the asker's language."""

import io
import json
import re
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font

from organizations import clock
from organizations.models import Organization
from organizations.signers import department_signer

from ..documents.issuer import header
from ..documents.render import render_pdf
from .period import Period
from .present import present
from .tables import Section

SHEET_NAME_LIMIT = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def as_json(figures: dict[str, Any]) -> bytes:
    return json.dumps(figures, ensure_ascii=False, indent=2).encode()


def period_of(figures: dict[str, Any]) -> Period:
    return Period.from_json(figures["period"])


def _sections(figures: dict[str, Any]) -> list[Section]:
    with translation.override("vi"):
        return present(figures)


def _text(cell: Cell | MergedCell, value: str) -> None:
    """Text stays text in a spreadsheet, a name starting with "=" included."""
    cell.value = value
    cell.data_type = "s"


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_NAMES.sub(" ", title)[:SHEET_NAME_LIMIT].strip()
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def as_xlsx(figures: dict[str, Any], *, frozen: str = "") -> bytes:
    workbook = Workbook()
    about = workbook.worksheets[0]
    about.title = "Thông tin"
    with translation.override("vi"):
        period = period_of(figures)
        lines = [
            ("Tổ chức đảng", figures["scope"]["name"]),
            ("Kỳ báo cáo", period.label),
            ("Từ ngày", period.first),
            ("Đến ngày", period.last),
            ("Số liệu", frozen or "Tính tại thời điểm xuất"),
        ]
    for row, (label, value) in enumerate(lines, start=1):
        _text(about.cell(row, 1), label)
        cell = about.cell(row, 2)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value, cell.number_format = value, "DD/MM/YYYY"
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 60
    taken = {about.title.lower()}
    bold = Font(bold=True)
    for section in _sections(figures):
        for table in section.tables:
            sheet = workbook.create_sheet(_sheet_name(table.title, taken))
            headings = ["Chỉ tiêu", *table.headings] + (["%"] if table.total else [])
            for column, heading in enumerate(headings, start=1):
                cell = sheet.cell(1, column)
                _text(cell, str(heading))
                cell.font = bold
            for row, line in enumerate(table.rows, start=2):
                label = ("   " if line.part else "") + line.label
                _text(sheet.cell(row, 1), label)
                values = [line.value, *line.extra]
                if table.total:
                    values.append(line.share)
                for column, value in enumerate(values, start=2):
                    sheet.cell(row, column).value = value
            sheet.freeze_panes = "B2"
            sheet.auto_filter.ref = sheet.dimensions
            sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_pdf(figures: dict[str, Any], *, frozen: str = "") -> bytes:
    with translation.override("vi"):
        period = period_of(figures)
        scope = figures["scope"]["name"]
        root = Organization.objects.get(code=figures["scope"]["code"])
        context = {
            "scope": scope,
            "period": period,
            "frozen": frozen,
            "sections": _sections(figures),
            "header": header(root, clock.today()),
            "signer": department_signer(root, clock.today()),
        }
        return render_pdf("reports/pdf/statistics.html", context)
