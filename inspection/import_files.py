"""Reading the spreadsheets people import (units, monthly figures), one way for every import.

An import is an Excel workbook (.xlsx, its first sheet) or a CSV file as Excel and LibreOffice
save them. Vietnamese Excel's plain "CSV (Comma delimited)" is written in the Windows code page
1258, its "CSV UTF-8" in UTF-8 with a byte-order mark, its "Unicode Text" in UTF-16 with tabs:
all are recognised (charset-normalizer when there is no mark) and read as Unicode text in NFC.
A file whose encoding cannot be told is refused with the menu to choose in Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from inspection.text import clean

#: The extensions an import accepts, for the upload fields.
EXTENSIONS = ("xlsx", "csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = _l("Excel (.xlsx) or CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1258), with a header row.")
#: The encodings a CSV file without a byte-order mark may be in, as charset-normalizer names them.
_GUESSED = {"utf_16": "UTF-16", "cp1258": "Windows-1258"}
_DELIMITERS = (",", ";", "\t")
#: Larger files are refused before they are read: an import of more rows takes longer than a
#: request may, and a workbook that unpacks to more is a "zip bomb" (a few KB that unpack to GB).
MAX_ROWS = 10_000
#: Rows a preview lists (with every error, and the count of all rows): a province's file of
#: thousands of rows would be a page of megabytes.
PREVIEW_ROWS = 200
MAX_COLUMNS = 100
MAX_XLSX_UNPACKED_MB = 50


class UnreadableFile(ValueError):
    """The file is not a spreadsheet the imports can read; the message says what to do."""


class ImportRefused(ValueError):
    """A previewed file that no longer passes its checks when it is applied: nothing is imported."""


def refused_on_second_check() -> ImportRefused:
    return ImportRefused(_("The file no longer passes the checks (the stored data changed since the preview): "
                           "nothing was imported. Upload it again to see why."))


@dataclass
class Table:
    """The rows of a file, cells as the file has them (text cleaned, numbers and dates as such)."""

    rows: list[list[object]]
    #: How a CSV file's text was read ("UTF-8", "UTF-16", "Windows-1258"); None for a workbook.
    encoding: str | None = None


def _is_csv(filename: str) -> bool:
    return filename.lower().endswith(".csv")


def content_type(filename: str) -> str:
    """The type an accepted upload is stored as, told by its name (its content is read next)."""
    return "text/csv" if _is_csv(filename) else XLSX


def read_table(filename: str, content: bytes) -> Table:
    if _is_csv(filename):
        return _read_csv(content)
    return _read_xlsx(content)


def _save_as_hint() -> str:
    return _("In Excel choose File ▸ Save As and, as “Save as type”, “CSV UTF-8 (Comma delimited) (*.csv)” or "
             "“Excel Workbook (*.xlsx)”; in LibreOffice choose File ▸ Save As, “Text CSV”, character set "
             "“Unicode (UTF-8)”. Then upload the file again.")


def decode(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "UTF-8"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content, cp_isolation=list(_GUESSED)).best()
    if best is None:
        raise UnreadableFile(_("The text encoding of this CSV file cannot be recognised.") + " " + _save_as_hint())
    return str(best), _GUESSED[best.encoding]


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first_line.count)


def _too_many_rows() -> UnreadableFile:
    return UnreadableFile(_("The file has more than %(rows)d rows: split it into smaller files.", rows=MAX_ROWS))


def _limited(rows: Iterable) -> Iterator:
    """The rows, refusing the file at row MAX_ROWS + 1 (header included) without reading on."""
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise _too_many_rows()
        yield row


def _read_csv(content: bytes) -> Table:
    text, encoding = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = [[clean(cell) for cell in row[:MAX_COLUMNS]] for row in _limited(reader)]
    except csv.Error as error:
        raise UnreadableFile(_("The CSV file cannot be read: %(problem)s.", problem=error) + " " + _save_as_hint()) \
            from error
    return Table(rows, encoding)


def _unpacked_size(content: bytes) -> int:
    """What the workbook's parts add up to once unpacked (0 for a file that is no zip archive:
    openpyxl refuses it next)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0


def _read_xlsx(content: bytes) -> Table:
    if _unpacked_size(content) > MAX_XLSX_UNPACKED_MB * 1024 * 1024:
        raise UnreadableFile(_("This workbook unpacks to more than %(mb)d MB: keep only the sheet to import, "
                               "with at most %(rows)d rows.", mb=MAX_XLSX_UNPACKED_MB, rows=MAX_ROWS))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a file that is not a workbook
        raise UnreadableFile(_("This is not an Excel workbook (.xlsx).") + " " + _save_as_hint()) from error
    try:
        sheet = book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        rows = [[clean(cell) if isinstance(cell, str) else cell for cell in row] for row in _limited(sheet)]
    finally:
        book.close()
    return Table(rows)
