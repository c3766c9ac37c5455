"""Reading (and writing the template of) the file of monthly figures for all units.

An Excel workbook or a CSV file, read as every import reads them (:mod:`inspection.import_files`).
The first row holds the headers: unit code, year, month, then the figures. A header may be the
Vietnamese or the English label, or the column's field name; case and diacritics are ignored.
An empty figure cell is 0 in a new month and leaves a stored month's figure as it is, unless the
person asked for empty cells to clear stored values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspection import spreadsheets
from inspection.extensions import db
from inspection.import_files import UnreadableFile, read_table
from inspection.indicators.fields import ALL_FIELDS, FLAG_FIELDS, LABELS, figure_errors
from inspection.text import fold_label
from models import ServiceIndicator, Unit

KEY_LABELS = {"unit_code": _l("Unit code"), "year": _l("Year"), "month": _l("Month")}
COLUMNS = ("unit_code", "year", "month", *ALL_FIELDS)
_TRUE = {"1", "x", "yes", "y", "true", "co", "da"}
_FALSE = {"0", "no", "n", "false", "khong", "chua"}


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
    #: Every figure as it will be stored.
    figures: dict[str, object]
    #: Whether the unit already has this month (the row updates it).
    stored: bool = False
    #: For an update: the stored value of each figure the row changes.
    previous: dict[str, object] = field(default_factory=dict)
    #: The stored month the row updates (read with the whole year's, not one by one).
    record: ServiceIndicator | None = None


@dataclass
class ParsedFile:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: How a CSV file's text was read ("Windows-1258" …); None for a workbook.
    encoding: str | None = None
    #: Whether empty cells clear stored figures (asked for on upload).
    clear_blanks: bool = False


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
    """An empty import file with the headers in the current language."""
    book = spreadsheets.new_workbook(_("Service indicators"))
    spreadsheets.add_table(book, _("Service indicators"), [str(_label(c)) for c in COLUMNS], [])
    return spreadsheets.to_bytes(book)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _whole_number(value: object) -> int | None:
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
    def __init__(self, headers: list[object], clear_blanks: bool) -> None:
        self.clear_blanks = clear_blanks
        self.months: dict[int, dict[tuple[int, int], ServiceIndicator]] = {}
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
        year = None if _blank(self.cell(values, "year")) else _whole_number(self.cell(values, "year"))
        if year is None or not 2000 <= year <= 2100:
            refuse("year", _("Enter a year between 2000 and 2100."))
        month = None if _blank(self.cell(values, "month")) else _whole_number(self.cell(values, "month"))
        if month is None or not 1 <= month <= 12:
            refuse("month", _("Enter a month from 1 to 12."))
        given = self._figures(values, refuse)
        stored = self.stored(unit, year, month) if not errors else None
        figures = self._merged(given, stored)
        for name, message in figure_errors(figures).items():
            refuse(name, message)
        if not errors and unit is not None:
            key = (unit.id, year, month)
            if key in self.seen:
                refuse("month", _("Same unit and month as row %(row)s.", row=self.seen[key]))
            self.seen[key] = number
        if errors:
            result.errors.extend(errors)
            return
        previous = {n: getattr(stored, n) for n in ALL_FIELDS if getattr(stored, n) != figures[n]} if stored else {}
        result.rows.append(ImportRow(number, unit, year, month, figures, stored is not None, previous, stored))

    def stored(self, unit: Unit, year: int, month: int) -> ServiceIndicator | None:
        """The unit's stored month; each year's months are read once."""
        if year not in self.months:
            self.months[year] = {(m.unit_id, m.month): m for m in db.session.scalars(
                select(ServiceIndicator).where(ServiceIndicator.year == year))}
        return self.months[year].get((unit.id, month))

    def _merged(self, given: dict[str, object], stored: ServiceIndicator | None) -> dict[str, object]:
        """The figures to store: an empty cell keeps a stored month's figure (unless asked to
        clear it), and is 0 (no) otherwise."""
        keep = stored is not None and not self.clear_blanks
        return {name: (getattr(stored, name) if keep else (False if name in FLAG_FIELDS else 0))
                if value is None else value for name, value in given.items()}

    def _figures(self, values: tuple, refuse) -> dict[str, object]:
        """Each figure the row gives; None for an empty cell."""
        figures: dict[str, object] = {}
        for name in ALL_FIELDS:
            raw = self.cell(values, name)
            if _blank(raw):
                figures[name] = None
                continue
            value = _yes_no(raw) if name in FLAG_FIELDS else _whole_number(raw)
            if value is None:
                refuse(name, _("Enter yes or no.") if name in FLAG_FIELDS else _("Enter a whole number."))
            figures[name] = value
        return figures


def parse(filename: str, data: bytes, clear_blanks: bool = False) -> ParsedFile:
    """Every row of the file checked; a file with any error is to be imported not at all."""
    try:
        table = read_table(filename, data)
    except UnreadableFile as error:
        return ParsedFile(errors=[RowError(0, "", str(error))], clear_blanks=clear_blanks)
    result = ParsedFile(encoding=table.encoding, clear_blanks=clear_blanks)
    rows = iter(table.rows)
    reader = _Reader(list(next(rows, [])), clear_blanks)
    result.errors.extend(reader.errors)
    if reader.errors:
        return result
    for number, values in enumerate(rows, start=2):
        if any(not _blank(v) for v in values):
            reader.read(number, tuple(values), result)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("The file has no rows of figures.")))
    return result
