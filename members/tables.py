"""Reading and writing member spreadsheets (CSV and XLSX) with the shared columns."""

import csv
import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from organizations.text import day_label

from .columns import COLUMNS, ERROR_HEADER, HEADERS, display
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
    for member in members:
        yield [display(column, member) for column in COLUMNS]


def write_csv(rows: Iterable[list[str]], headers: Iterable[str] = HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([neutral_csv(cell) for cell in row] for row in rows)
    # The BOM makes Excel open the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def write_xlsx(rows: Iterable[list[str]], headers: Iterable[str] = HEADERS) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đảng viên")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """A cell that holds text as text whatever it starts with: openpyxl would
    write a text starting with "=" as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def error_copy(
    headers: list[str], rows: list[list[str]], errors: dict[int, list[str]]
) -> bytes:
    """The uploaded sheet with an error column, for correcting and importing again."""
    marked = [
        [*row, "; ".join(errors.get(index, []))]
        for index, row in enumerate(rows, start=2)
    ]
    return write_xlsx(marked, [*headers, ERROR_HEADER])
