"""Import files read as Excel and LibreOffice save them: every encoding, every delimiter."""

from __future__ import annotations

import codecs

import pytest

from inspection.import_files import UnreadableFile, read_table
from tests.encodings import cp1258

ROWS = [["mã", "tên", "người đứng đầu"], ["CCKL", "Chi cục Kiểm lâm", "Nguyễn Thị Hường"]]


def _text(delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"


@pytest.mark.parametrize(("content", "encoding"), [
    (codecs.BOM_UTF8 + _text().encode("utf-8"), "UTF-8"),  # Excel: CSV UTF-8 (Comma delimited)
    (_text(";").encode("utf-8"), "UTF-8"),  # LibreOffice, semicolons
    (_text("\t").encode("utf-16"), "UTF-16"),  # Excel: Unicode Text
    (cp1258(_text()), "Windows-1258"),  # Vietnamese Excel: CSV (Comma delimited)
])
def test_every_csv_excel_saves_is_read_in_nfc(app, content, encoding):
    with app.test_request_context():
        table = read_table("don-vi.csv", content)
    assert table.encoding == encoding
    assert table.rows == ROWS


def test_a_file_whose_encoding_cannot_be_told_is_refused_with_the_excel_menu(app):
    with app.test_request_context(), pytest.raises(UnreadableFile) as refused:
        read_table("don-vi.csv", bytes(range(256)) * 8)
    assert "CSV UTF-8 (Comma delimited) (*.csv)" in str(refused.value)


def test_a_workbook_that_is_not_one_is_refused(app):
    with app.test_request_context(), pytest.raises(UnreadableFile) as refused:
        read_table("don-vi.xlsx", "mã,tên\n".encode())
    assert "Excel Workbook (*.xlsx)" in str(refused.value)
