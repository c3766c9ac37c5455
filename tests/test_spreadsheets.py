"""The export helper every workbook goes through: cells, tables, totals and names."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from inspection import spreadsheets
from inspection.spreadsheets import Column
from inspection.text import natural_key


def _reloaded(book):
    return load_workbook(io.BytesIO(spreadsheets.to_bytes(book)))


@pytest.mark.parametrize("text", ["=1+1", "+33 28 123", "-2+3", "@SUM(A1)", "  =cmd", "\t=cmd", "\n+x"])
def test_text_a_spreadsheet_would_evaluate_is_stored_as_text(app, text):
    book = spreadsheets.new_workbook("t")
    spreadsheets.add_table(book, "t", ["Text"], [[text]])
    cell = _reloaded(book)["t"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_plain_text_numbers_and_dates_keep_their_type(app):
    book = spreadsheets.new_workbook("t")
    spreadsheets.add_table(book, "t", ["Text", "Number", "Day", Column("Month", spreadsheets.MONTH_FORMAT)],
                           [["Phòng Tổ chức", -3, date(2030, 4, 5), date(2030, 4, 1)]])
    a, b, c, d = _reloaded(book)["t"][2]
    assert (a.value, a.quotePrefix) == ("Phòng Tổ chức", False)
    assert (b.value, b.data_type) == (-3, "n")
    assert (c.value, c.number_format) == (datetime(2030, 4, 5), "dd/mm/yyyy")
    assert d.number_format == "mm/yyyy"


def test_characters_a_workbook_cannot_hold_are_dropped(app):
    book = spreadsheets.new_workbook("t")
    spreadsheets.add_table(book, "t", ["Text"], [["Dòng\x0bmột\x00"]])
    assert _reloaded(book)["t"]["A2"].value == "Dòngmột"


def test_totals_go_below_the_table_labelled(app):
    book = spreadsheets.new_workbook("t")
    spreadsheets.add_table(book, "t", ["Unit", "Open"], [["A", 1], ["B", 2]], ["", 3], "Tổng cộng")
    sheet = _reloaded(book)["t"]
    assert sheet.tables["T"].ref == "A1:B3"
    assert [c.value for c in sheet[5]] == ["Tổng cộng", 3] and sheet["A5"].font.b


def test_names_are_made_valid_and_unique(app):
    book = spreadsheets.new_workbook("t")
    for _ in range(2):
        spreadsheets.add_table(book, "Kết quả: 2030/31 [tạm] theo đơn vị và tiêu chí", ["Đơn vị"], [])
    sheet_names = _reloaded(book).sheetnames
    assert sheet_names == ["Kết quả 2030 31 tạm theo đơn vị", "Kết quả 2030 31 tạm theo đơn 2"]
    assert len(set(sheet_names)) == 2 and all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in sheet_names)
    tables = [t for ws in _reloaded(book).worksheets for t in ws.tables]
    assert len(set(tables)) == 2 and all(t.replace("_", "").isalnum() for t in tables)


def test_an_empty_table_keeps_one_empty_row_under_its_header(app):
    book = spreadsheets.new_workbook("t")
    spreadsheets.add_table(book, "t", ["A", "A"], [])
    sheet = _reloaded(book)["t"]
    assert sheet.tables["T"].ref == "A1:B2" and [c.value for c in sheet[1]] == ["A", "A (2)"]


def test_natural_order_counts_numbers():
    assert sorted(["A10", "A2", "a1", "B1", "A1b"], key=natural_key) == ["a1", "A1b", "A2", "A10", "B1"]
