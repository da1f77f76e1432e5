"""Reading and writing member spreadsheets (CSV and XLSX) with the shared columns."""

import csv
import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from organizations.text import day_label

from .columns import (
    COLUMNS,
    DATE_HEADERS,
    ERROR_HEADER,
    EXPORT_HEADERS,
    HEADERS,
    ORGANIZATION_NAME,
    display,
)
from .models import Member

# A spreadsheet reads a cell that starts with one of these as a formula
# (OWASP "CSV injection"): `=HYPERLINK(...)` in a name would run when opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral_csv(text: str) -> str:
    """CSV has no cell types: a leading apostrophe keeps the text text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _restored(text: str) -> str:
    """What neutral_csv wrote, read back as it was."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


class TableError(ValueError):
    """The file cannot be read as a member table at all."""


def read_table(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a CSV (UTF-8, comma or semicolon) or XLSX file, as text."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as exc:
            raise TableError("xlsx") from exc
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableError("encoding") from exc
        # Only the delimiter is guessed: the sniffer takes the apostrophes of
        # neutralized cells (or of a name like K'Bao) for quote marks.
        delimiter = (
            csv.Sniffer().sniff(text[:4096], delimiters=",;").delimiter
            if text.strip()
            else ","
        )
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise TableError("empty")
    headers = [cell.strip() for cell in rows[0]]
    return headers, [[_restored(cell.strip()) for cell in row] for row in rows[1:]]


def _cell_text(value: object) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return day_label(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def member_rows(members: Iterable[Member]) -> Iterable[list[str]]:
    """Each member's cells under EXPORT_HEADERS (write_export)."""
    for member in members:
        cells = [display(column, member) for column in COLUMNS]
        yield [cells[0], member.organization.name, *cells[1:]]


def write_csv(rows: Iterable[list[str]], headers: Iterable[str] = HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([neutral_csv(cell) for cell in row] for row in rows)
    # The BOM makes Excel open the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def write_xlsx(
    rows: Iterable[list[str]],
    headers: Iterable[str] = HEADERS,
    dates: frozenset[str] = DATE_HEADERS,
    title: str = "Đảng viên",
) -> bytes:
    """A sheet people can work in: the header bold, frozen and filtered, the
    columns as wide as their headers need, dates as dates (shown dd/mm/yyyy),
    every other cell text, never a formula. Written row by row: a province's
    list does not sit in memory."""
    headers = list(headers)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = WIDTHS.get(header, max(12, len(header) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, header, font=bold) for header in headers])
    is_date = [header in dates for header in headers]
    count = 0
    for row in rows:
        sheet.append(
            [
                _date_cell(sheet, value) if date else _text_cell(sheet, value)
                for value, date in zip(row, is_date, strict=False)
            ]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Widths in characters for the columns whose cells run longer than their
# header: names and addresses.
WIDTHS = {
    "Họ và tên": 28,
    ORGANIZATION_NAME: 36,
    "Nơi sinh": 30,
    "Quê quán": 30,
    "Nơi thường trú": 36,
    "Nơi tạm trú": 36,
    "Nghề nghiệp": 24,
}


def write_export(kind: str, rows: Iterable[list[str]]) -> bytes:
    """A member export: the import's columns with each organization's name."""
    if kind == "csv":
        return write_csv(rows, EXPORT_HEADERS)
    return write_xlsx(rows, EXPORT_HEADERS)


def _date_cell(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    # display() wrote dd/mm/yyyy; read by slicing, as strptime would cost
    # seconds over a province's list. A naive midnight: a calendar day.
    try:
        day = datetime.datetime(int(value[6:]), int(value[3:5]), int(value[:2]))  # noqa: DTZ001
    except ValueError:
        return _text_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=day)
    cell.number_format = "DD/MM/YYYY"
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, value: str, font: Font | None = None) -> Cell:
    """A cell that holds text as text whatever it starts with: openpyxl would
    write a text starting with "=" as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def error_copy(
    headers: list[str], rows: list[list[str]], errors: dict[int, list[str]]
) -> bytes:
    """The uploaded sheet with an error column, for correcting and importing again."""
    marked = [
        [*row, "; ".join(errors.get(index, []))]
        for index, row in enumerate(rows, start=2)
    ]
    # What was typed stays as typed, dates included, to be corrected.
    return write_xlsx(marked, [*headers, ERROR_HEADER], dates=frozenset())
