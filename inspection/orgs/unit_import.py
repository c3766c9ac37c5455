"""Importing units from a spreadsheet: read, check every row, then create or update by code.

The uploaded file is kept as the admin's preview (:mod:`inspection.uploads`) between the preview
and the confirmation; the confirmation reads and checks it again, so what is imported is always
what the server itself read and checked, never rows sent back by the browser.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import aliased

from inspection.audit import record_event
from inspection.labels import LABELS
from inspection.text import clean, fold_label
from models import Unit, UnitKind, db

#: Field → header names accepted (compared folded: lower case, no diacritics).
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("code", "ma", "ma don vi"),
    "name": ("name", "ten", "ten don vi"),
    "kind": ("kind", "loai"),
    "parent": ("parent", "parent code", "don vi cap tren", "ma don vi cap tren"),
    "head_name": ("head", "head name", "nguoi dung dau"),
    "address": ("address", "dia chi"),
    "area": ("area", "dia ban"),
    "active": ("active", "hoat dong"),
}
REQUIRED = ("code", "name", "kind")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Header row of the downloadable template, in field order.
TEMPLATE_HEADERS = ("mã", "tên", "loại", "đơn vị cấp trên", "người đứng đầu", "địa chỉ", "địa bàn", "hoạt động")
#: How a message names a column the file does not have.
DEFAULT_HEADER = dict(zip(HEADERS, TEMPLATE_HEADERS, strict=True))
#: Kind spellings accepted besides the stored value: the Vietnamese words and the English labels.
KIND_WORDS = {
    UnitKind.DIVISION: ("phong", "division"),
    UnitKind.BOARD: ("ban", "board"),
    UnitKind.SUB_DEPARTMENT: ("chi cuc", "sub-department", "sub department"),
    UnitKind.CENTRE: ("trung tam", "centre", "center"),
    UnitKind.STATION: ("tram", "station"),
    UnitKind.RANGER_POST: ("hat", "hat kiem lam", "ranger post"),
    UnitKind.OTHER: ("khac", "other"),
}
TRUE_WORDS = {"1", "x", "true", "yes", "y", "co", "active", "hoat dong"}
FALSE_WORDS = {"0", "false", "no", "n", "khong", "inactive", "ngung hoat dong"}


class UnreadableFile(ValueError):
    """The file is not a spreadsheet we can read."""


@dataclass
class Row:
    line: int
    values: dict[str, str]
    #: "create" or "update" (a unit with this code exists).
    action: str = "create"


@dataclass
class ImportCheck:
    rows: list[Row] = field(default_factory=list)
    #: (line, column header as written in the file or "", message)
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# Reading -------------------------------------------------------------------------------------


def _cell(value) -> str:
    """A cell as text: NFC, no control characters, no surrounding spaces (:func:`inspection.text.clean`)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("The CSV file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise UnreadableFile(_("The Excel file cannot be read. Check that it is an .xlsx file.")) from error
    try:
        return [[_cell(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _is_csv(filename: str) -> bool:
    return filename.lower().endswith(".csv")


def content_type(filename: str) -> str:
    return "text/csv" if _is_csv(filename) else XLSX


def read_table(filename: str, content: bytes) -> list[list[str]]:
    if _is_csv(filename):
        return _read_csv(content)
    return _read_xlsx(content)


# Checking ------------------------------------------------------------------------------------


def _field_for(header: str) -> str | None:
    folded = fold_label(header)
    return next((name for name, words in HEADERS.items() if folded in words), None)


def _kind(value: str) -> UnitKind | None:
    folded = fold_label(value)
    for kind, words in KIND_WORDS.items():
        if folded in (fold_label(kind.value), *words) or folded == fold_label(str(LABELS[UnitKind][kind])):
            return kind
    return None


def _active(value: str) -> bool | None:
    folded = fold_label(value)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


class _Checker:
    def __init__(self, table: list[list[str]]) -> None:
        self.result = ImportCheck()
        self.header_of: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        self.table = table

    def error(self, line: int, name: str, message: str) -> None:
        self.result.errors.append((line, self.header_of.get(name) or DEFAULT_HEADER.get(name, name), message))

    def run(self) -> ImportCheck:
        if not self.table:
            self.error(1, "", _("The file is empty."))
            return self.result
        self._read_header(self.table[0])
        if self.result.errors:
            return self.result
        for line, cells in enumerate(self.table[1:], start=2):
            if any(cells):
                self._check_row(line, cells)
        if not self.result.rows and not self.result.errors:
            self.error(2, "", _("The file has no unit rows under its header."))
        self._check_codes_and_parents()
        self.result.errors.sort(key=lambda error: error[0])
        return self.result

    def _read_header(self, header: list[str]) -> None:
        for index, text in enumerate(header):
            name = _field_for(text)
            if name and name not in self.columns:
                self.columns[name], self.header_of[name] = index, text
            elif text:
                self.error(1, text, _("Unknown column. Expected: %(columns)s.", columns=", ".join(TEMPLATE_HEADERS)))
        for name in REQUIRED:
            if name not in self.columns:
                self.error(1, name, _("This column is missing."))

    def _check_row(self, line: int, cells: list[str]) -> None:
        values = {name: cells[i] if i < len(cells) else "" for name, i in self.columns.items()}
        for name in REQUIRED:
            if not values[name]:
                self.error(line, name, _("This value is required."))
        if values["kind"] and _kind(values["kind"]) is None:
            self.error(line, "kind", _("Unknown kind “%(value)s”.", value=values["kind"]))
        if values.get("active") and _active(values["active"]) is None:
            self.error(line, "active", _("“%(value)s” is not a yes/no value (use 1 or 0).", value=values["active"]))
        limits = {"code": 32, "name": 300, "head_name": 200, "address": 300, "area": 100, "parent": 32}
        for name, limit in limits.items():
            if len(values.get(name, "")) > limit:
                self.error(line, name, _("At most %(count)d characters.", count=limit))
        self.result.rows.append(Row(line, values))

    def _check_codes_and_parents(self) -> None:
        existing = {code.upper(): parent for code, parent in _stored_parents()}
        seen: dict[str, int] = {}
        for row in self.result.rows:
            key = row.values["code"].upper()
            if not key:
                continue
            if key in seen:
                self.error(row.line, "code", _("Code “%(code)s” already appears on line %(line)d.",
                                                code=row.values["code"], line=seen[key]))
            seen.setdefault(key, row.line)
            row.action = "update" if key in existing else "create"
        parents = dict(existing)
        parents.update({r.values["code"].upper(): r.values.get("parent", "").upper() or None for r in self.result.rows})
        for row in self.result.rows:
            self._check_parent(row, parents)

    def _check_parent(self, row: Row, parents: dict[str, str | None]) -> None:
        parent = row.values.get("parent", "").upper()
        if not parent:
            return
        if parent not in parents:
            self.error(row.line, "parent", _("No unit has the code “%(code)s”.", code=row.values["parent"]))
            return
        code, visited = row.values["code"].upper(), set()
        while parent and parent not in visited:
            if parent == code:
                self.error(row.line, "parent", _("A unit cannot be placed under itself or one of its own sub-units."))
                return
            visited.add(parent)
            parent = parents.get(parent)


def _stored_parents() -> list[tuple[str, str | None]]:
    """(code, parent code) of every stored unit."""
    parent = aliased(Unit)
    return list(db.session.execute(select(Unit.code, parent.code).outerjoin(parent, Unit.parent_id == parent.id)))


def check_table(table: list[list[str]]) -> ImportCheck:
    """Every problem of the table, each with its line number and column."""
    return _Checker(table).run()


# Applying ------------------------------------------------------------------------------------


def apply_import(check: ImportCheck, source: str) -> tuple[int, int]:
    """Create or update every row of a clean check; returns (created, updated)."""
    by_code = {u.code.upper(): u for u in db.session.scalars(select(Unit))}
    created = updated = 0
    for row in check.rows:
        unit = by_code.get(row.values["code"].upper())
        if unit is None:
            unit = Unit(code=row.values["code"], active=True)
            db.session.add(unit)
            by_code[unit.code.upper()] = unit
            created += 1
        else:
            updated += 1
        _fill(unit, row.values)
    db.session.flush()
    for row in check.rows:
        unit = by_code[row.values["code"].upper()]
        parent_code = row.values.get("parent", "").upper()
        unit.parent = by_code[parent_code] if parent_code else None
        record_event(db.session, "import", unit, note=_("line %(line)d of %(file)s", line=row.line, file=source))
    return created, updated


def _fill(unit: Unit, values: dict[str, str]) -> None:
    unit.name, unit.kind = values["name"], _kind(values["kind"])
    for name in ("head_name", "address", "area"):
        if name in values:
            setattr(unit, name, values[name])
    if values.get("active"):
        unit.active = _active(values["active"])


# The template ----------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """An .xlsx with the expected header row, one example row and the accepted kinds."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "units"
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append(["CCKL", "Chi cục Kiểm lâm", "chi cục", "", "Nguyễn Văn A", "", "Quận 3", "1"])
    for column, width in zip("ABCDEFGH", (12, 45, 12, 16, 24, 30, 14, 10), strict=True):
        sheet.column_dimensions[column].width = width
    kinds = workbook.create_sheet("kinds")
    kinds.append(["loại", "kind"])
    for kind, words in KIND_WORDS.items():
        kinds.append([_vietnamese_kind(words[0]), kind.value])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _vietnamese_kind(folded: str) -> str:
    return {"phong": "phòng", "chi cuc": "chi cục", "trung tam": "trung tâm", "tram": "trạm", "hat": "hạt",
            "khac": "khác"}.get(folded, folded)
