"""Every Excel workbook the service writes is made here, so that each one opens right in Excel,
LibreOffice and pandas.

A sheet is one header row, then the data, as an Excel table (filter buttons, banded rows) with
the header frozen; a title lives only in the sheet's and the table's names and the document
properties, so ``pandas.read_excel`` needs no ``skiprows``. Dates are real date cells shown
dd/mm/yyyy; widths fit the content; each sheet prints on A4 landscape, fitted to the page's
width, with the header row repeated on every page and "page x/y" in the footer. Totals go
below the table, labelled. Text is never taken for a formula (see :func:`write_cell`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from inspection.text import fold

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONTH_FORMAT = "mm/yyyy"
#: What a spreadsheet program reads as the start of a formula (or of a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@")
#: Characters a spreadsheet skips before looking for a formula.
_SKIPPED_BEFORE_FORMULA = " \t\r\n"
#: Column widths, in characters.
MIN_WIDTH, MAX_WIDTH, MAX_HEADER_WIDTH = 6, 60, 30
#: Excel's filter button covers the end of a header.
_FILTER_BUTTON = 3
_LINE_HEIGHT = 15
#: Characters Excel refuses in a sheet's name.
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class Column:
    """A column's header and, when the values' type does not say it, how to show them."""

    header: str
    number_format: str | None = None


def write_cell(cell: Cell, value: object, number_format: str | None = None) -> None:
    """The one way a value goes into a cell.

    Dates become date cells shown dd/mm/yyyy (with the time when there is one, in the user's
    time zone). Text that a spreadsheet would read as a formula — starting with ``= + - @``
    once leading spaces and tabs are skipped, e.g. an initiative titled ``=HYPERLINK(…)`` —
    is stored as text with Excel's quote prefix: shown as typed, never evaluated, not even
    after the cell is edited. Characters that are not allowed in a workbook are dropped.
    """
    value = _storable(value)
    cell.value = value
    if isinstance(value, str) and value.lstrip(_SKIPPED_BEFORE_FORMULA).startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT


def _storable(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return to_user_timezone(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def new_workbook(title: str) -> Workbook:
    """An empty workbook whose document title (File ▸ Properties) is ``title``."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    return book


def to_bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def add_table(book: Workbook, name: str, columns: Sequence[Column | str], rows: Iterable[Sequence],
              totals: Sequence | None = None, totals_label: str = "") -> Worksheet:
    """A sheet named ``name``: the header row, one row per item of ``rows``, as an Excel table.

    ``totals``, when given, is written one row below the table, in bold, with
    ``totals_label`` in its first cell (outside the table, so that sorting and filtering
    leave it in place).
    """
    columns = [c if isinstance(c, Column) else Column(c) for c in columns]
    sheet = book.create_sheet(_sheet_name(book, name))
    _write_header(sheet, columns)
    last = 1
    for last, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            write_cell(sheet.cell(row=last, column=index), value, column.number_format)
    _add_table(book, sheet, name, len(columns), max(last, 2))
    if totals is not None:
        _write_totals(sheet, columns, max(last, 2) + 2, totals, totals_label)
    _fit_widths(sheet, columns)
    _print_setup(sheet)
    return sheet


def _sheet_name(book: Workbook, name: str) -> str:
    base = " ".join(name.translate(_NOT_IN_SHEET_NAMES).split()).strip("'")[:31] or "Sheet"
    candidate, number = base, 2
    while candidate in book.sheetnames:
        suffix = f" {number}"
        candidate, number = base[: 31 - len(suffix)].rstrip() + suffix, number + 1
    return candidate


def _unique_headers(columns: Sequence[Column]) -> list[str]:
    """An Excel table needs distinct, non-empty text headers."""
    seen: set[str] = set()
    headers = []
    for index, column in enumerate(columns, start=1):
        header = str(_storable(column.header)).strip() or f"Column {index}"
        candidate, number = header, 2
        while candidate.casefold() in seen:
            candidate, number = f"{header} ({number})", number + 1
        seen.add(candidate.casefold())
        headers.append(candidate)
    return headers


def _write_header(sheet: Worksheet, columns: Sequence[Column]) -> None:
    for index, header in enumerate(_unique_headers(columns), start=1):
        cell = sheet.cell(row=1, column=index)
        write_cell(cell, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"


def _table_name(book: Workbook, name: str) -> str:
    """Table names are letters, digits and underscores, start with a letter and are unique."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", fold(name).title().replace(" ", "")) or "Table"
    base = base if base[0].isalpha() else f"T_{base}"
    taken = {t for ws in book.worksheets for t in ws.tables}
    candidate, number = base[:200], 2
    while candidate in taken:
        candidate, number = f"{base[:200]}_{number}", number + 1
    return candidate


def _add_table(book: Workbook, sheet: Worksheet, name: str, width: int, last_row: int) -> None:
    """A table needs a data row: an empty list keeps one empty row under the header."""
    table = Table(displayName=_table_name(book, name), ref=f"A1:{get_column_letter(width)}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)


def _write_totals(sheet: Worksheet, columns: Sequence[Column], row: int, totals: Sequence, label: str) -> None:
    values = list(totals)
    values[0] = label if values[0] in (None, "") else values[0]
    for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        cell = sheet.cell(row=row, column=index)
        write_cell(cell, value, column.number_format)
        cell.font = Font(bold=True)


def _shown_length(cell: Cell) -> int:
    if cell.value is None:
        return 0
    if isinstance(cell.value, datetime):
        return len(DATETIME_FORMAT)
    if isinstance(cell.value, date):
        return len(cell.number_format or DATE_FORMAT)
    return max(len(line) for line in str(cell.value).splitlines() or [""])


def _fit_widths(sheet: Worksheet, columns: Sequence[Column]) -> None:
    """Each column as wide as its longest value (and header, up to a point); longer text wraps."""
    for index in range(1, len(columns) + 1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        content = max((_shown_length(c) for (c,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index)),
                      default=0)
        wanted = max(content, min(_shown_length(header) + _FILTER_BUTTON, MAX_HEADER_WIDTH))
        width = max(MIN_WIDTH, min(MAX_WIDTH, wanted + 1))
        sheet.column_dimensions[letter].width = width
        if content >= MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    lines = max(math.ceil((_shown_length(c) + _FILTER_BUTTON) / sheet.column_dimensions[c.column_letter].width)
                for c in sheet[1])
    sheet.row_dimensions[1].height = _LINE_HEIGHT * max(1, lines)


def _print_setup(sheet: Worksheet) -> None:
    """A4 landscape, as wide as the page, the header row on every page, page x/y below."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    sheet.oddHeader.center.text = "&A"
    sheet.oddFooter.center.text = "&P/&N"
