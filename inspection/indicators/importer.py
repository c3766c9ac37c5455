"""Reading (and writing the template of) the Excel file of monthly figures for all units.

The first row holds the headers: unit code, year, month, then the figures. A header may be the
Vietnamese or the English label, or the column's field name; case and diacritics are ignored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select

from inspection.extensions import db
from inspection.indicators.fields import ALL_FIELDS, FLAG_FIELDS, LABELS, figure_errors
from inspection.text import clean, fold_label
from models import Unit

KEY_LABELS = {"unit_code": _l("Unit code"), "year": _l("Year"), "month": _l("Month")}
COLUMNS = ("unit_code", "year", "month", *ALL_FIELDS)
_TRUE = {"1", "x", "yes", "y", "true", "co", "da"}
_FALSE = {"", "0", "no", "n", "false", "khong", "chua"}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    row: int
    unit: Unit
    year: int
    month: int
    figures: dict[str, object]


@dataclass
class ParsedFile:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _label(column: str) -> object:
    return KEY_LABELS.get(column) or LABELS[column]


def _header_aliases() -> dict[str, str]:
    aliases = {}
    for column in COLUMNS:
        aliases[fold_label(column)] = column
        for locale in ("vi", "en"):
            with force_locale(locale):
                aliases[fold_label(str(_label(column)))] = column
    return aliases


def template_workbook() -> bytes:
    """An empty import file with the headers in the current language and one example row."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Service indicators")
    sheet.append([str(_label(c)) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _whole_number(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return {0: False, 1: True}.get(value)
    text = fold_label(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


class _Reader:
    def __init__(self, headers: list[object]) -> None:
        aliases = _header_aliases()
        self.positions: dict[str, int] = {}
        self.errors: list[RowError] = []
        for index, header in enumerate(headers):
            column = aliases.get(fold_label(header))
            if column is not None and column not in self.positions:
                self.positions[column] = index
            elif fold_label(header):
                self.errors.append(RowError(1, str(header), _("Unknown column.")))
        for column in ("unit_code", "year", "month"):
            if column not in self.positions:
                self.errors.append(RowError(1, str(_label(column)), _("This column is missing.")))
        self.units = {fold_label(u.code): u for u in db.session.scalars(select(Unit))}
        self.seen: dict[tuple[int, int, int], int] = {}

    def cell(self, values: tuple, column: str) -> object:
        index = self.positions.get(column)
        return values[index] if index is not None and index < len(values) else None

    def read(self, number: int, values: tuple, result: ParsedFile) -> None:
        errors: list[RowError] = []

        def refuse(column: str, message: str) -> None:
            errors.append(RowError(number, str(_label(column)), message))

        unit = self.units.get(fold_label(self.cell(values, "unit_code")))
        if unit is None:
            refuse("unit_code", _("No unit has the code “%(code)s”.", code=self.cell(values, "unit_code") or ""))
        year = _whole_number(self.cell(values, "year"))
        if year is None or not 2000 <= year <= 2100:
            refuse("year", _("Enter a year between 2000 and 2100."))
        month = _whole_number(self.cell(values, "month"))
        if month is None or not 1 <= month <= 12:
            refuse("month", _("Enter a month from 1 to 12."))
        figures = self._figures(values, refuse)
        for name, message in figure_errors(figures).items():
            refuse(name, message)
        if not errors and unit is not None:
            key = (unit.id, year, month)
            if key in self.seen:
                refuse("month", _("Same unit and month as row %(row)s.", row=self.seen[key]))
            self.seen[key] = number
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(ImportRow(number, unit, year, month, figures))

    def _figures(self, values: tuple, refuse) -> dict[str, object]:
        figures: dict[str, object] = {}
        for name in ALL_FIELDS:
            raw = self.cell(values, name)
            value = _yes_no(raw) if name in FLAG_FIELDS else _whole_number(raw)
            if value is None:
                refuse(name, _("Enter yes or no.") if name in FLAG_FIELDS else _("Enter a whole number."))
            figures[name] = value
        return figures


def _cleaned(value: object) -> object:
    """Text cells in NFC without control characters (:func:`inspection.text.clean`)."""
    return clean(value) if isinstance(value, str) else value


def parse(data: bytes) -> ParsedFile:
    """Every row of the file checked; a file with any error is to be imported not at all."""
    result = ParsedFile()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        result.errors.append(RowError(0, "", _("This is not an Excel (.xlsx) file.")))
        return result
    rows = (tuple(_cleaned(v) for v in row) for row in book.active.iter_rows(values_only=True))
    reader = _Reader(list(next(rows, ())))
    result.errors.extend(reader.errors)
    if reader.errors:
        return result
    for number, values in enumerate(rows, start=2):
        if any(v is not None and str(v).strip() for v in values):
            reader.read(number, values, result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("The file has no rows of figures.")))
    return result
