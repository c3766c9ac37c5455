"""What every Excel file the service hands out must satisfy, read back as Excel, LibreOffice and
pandas read it. Each export's test passes its download through :func:`opened`."""

from __future__ import annotations

import io
import re
from datetime import datetime

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Text that should have been a date cell: 05/04/2030, 04/2030, 2030-04-05.
DATE_AS_TEXT = re.compile(r"^(\d{1,2}/)?\d{1,2}/\d{4}$|^\d{4}-\d{2}-\d{2}")
FORMULA_STARTS = ("=", "+", "-", "@")


def opened(response) -> Workbook:
    """The download as a workbook, after checking every sheet of it (see the check_* functions)."""
    assert response.status_code == 200
    assert response.mimetype == XLSX
    book = load_workbook(io.BytesIO(response.data))
    assert book.properties.title, "the document has a title in its properties"
    for sheet in book.worksheets:
        check_sheet(sheet)
    return book


def check_sheet(sheet) -> None:
    data_end = check_table(sheet)
    check_print_setup(sheet)
    check_cells(sheet)
    check_widths(sheet, data_end)


def check_table(sheet) -> int:
    """One header row in row 1 (no title above it), the data as one Excel table starting at A1,
    the header frozen; returns the table's last row."""
    assert len(sheet.tables) == 1, f"{sheet.title}: one Excel table"
    table = next(iter(sheet.tables.values()))
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    assert (min_col, min_row) == (1, 1), f"{sheet.title}: the table starts at A1"
    headers = [c.value for c in sheet[1]][:max_col]
    assert all(isinstance(h, str) and h.strip() for h in headers), f"{sheet.title}: every header is text"
    assert len(set(headers)) == len(headers), f"{sheet.title}: headers are distinct"
    assert max_col == sheet.max_column, f"{sheet.title}: the table covers every column"
    assert all(c.font.b for c in sheet[1]), f"{sheet.title}: headers in bold"
    assert sheet.freeze_panes == "A2", f"{sheet.title}: the header row is frozen"
    below = [r for r in sheet.iter_rows(min_row=max_row + 1, values_only=True) if any(v is not None for v in r)]
    assert len(below) <= 1, f"{sheet.title}: at most a totals row below the table"
    if below:
        assert isinstance(below[0][0], str) and below[0][0], f"{sheet.title}: the totals row is labelled"
        assert all(c.font.b for c in sheet[sheet.max_row] if c.value is not None), f"{sheet.title}: totals in bold"
    return max_row


def check_print_setup(sheet) -> None:
    """A4 landscape, fitted to the page's width, the header row repeated on every page."""
    setup = sheet.page_setup
    assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), f"{sheet.title}: A4"
    assert setup.orientation == "landscape", f"{sheet.title}: landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, f"{sheet.title}: fit to page"
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), f"{sheet.title}: one page wide"
    assert sheet.print_title_rows in ("1:1", "$1:$1"), f"{sheet.title}: header row repeated"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text, "page x/y"


def check_cells(sheet) -> None:
    """Dates are date cells shown dd/mm/yyyy (or mm/yyyy); no formula anywhere; text that a
    spreadsheet would read as a formula carries the quote prefix."""
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: no formula"
            if isinstance(cell.value, datetime):
                assert cell.number_format in ("dd/mm/yyyy", "mm/yyyy", "dd/mm/yyyy hh:mm"), cell.coordinate
            if isinstance(cell.value, str):
                assert not DATE_AS_TEXT.match(cell.value), f"{sheet.title}!{cell.coordinate}: date stored as text"
                if cell.value.lstrip(" \t\r\n").startswith(FORMULA_STARTS):
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}: formula-like text kept as text"


def check_widths(sheet, data_end: int) -> None:
    """Every column wide enough for its values (long text wraps) and most of its header."""
    for index in range(1, sheet.max_column + 1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        cells = [c for (c,) in sheet.iter_rows(min_row=2, max_row=data_end, min_col=index, max_col=index)]
        longest = max((len(c.number_format) if isinstance(c.value, datetime) else len(str(c.value))
                       for c in cells if c.value is not None), default=0)
        header = len(str(sheet.cell(row=1, column=index).value))
        assert width >= min(longest, 60), f"{sheet.title} column {index}: {width} < {longest}"
        assert width >= min(header, 30) or sheet.row_dimensions[1].height > 15, f"{sheet.title} column {index} header"
