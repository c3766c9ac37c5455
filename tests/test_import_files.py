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


def _workbook(rows: list[list[object]], padding_mb: int = 0) -> bytes:
    """An .xlsx of ``rows``, with an extra part of ``padding_mb`` MB of zeros (a few KB packed)."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if padding_mb:
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * padding_mb * 1024 * 1024)
    return buffer.getvalue()


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(app):
    bomb = _workbook(ROWS, padding_mb=60)
    assert len(bomb) < 200_000
    with app.test_request_context(), pytest.raises(UnreadableFile) as refused:
        read_table("don-vi.xlsx", bomb)
    assert str(refused.value).startswith("Tệp Excel này khi giải nén lớn hơn 50 MB")


@pytest.mark.parametrize("name", ["chi-so.csv", "chi-so.xlsx"])
def test_a_file_of_too_many_rows_is_refused_with_a_message(app, name):
    rows = [["mã", "năm", "tháng"]] + [["CCKL", 2026, 1]] * 10_001
    content = "\n".join(",".join(map(str, r)) for r in rows).encode() if name.endswith(".csv") else _workbook(rows)
    with app.test_request_context(), pytest.raises(UnreadableFile) as refused:
        read_table(name, content)
    assert str(refused.value) == "Tệp có hơn 10000 dòng: hãy chia thành nhiều tệp nhỏ hơn."
    with app.test_request_context():
        assert len(read_table(name, content[: len(content) // 2] if name.endswith(".csv") else
                              _workbook(rows[:10_001])).rows) <= 10_001
