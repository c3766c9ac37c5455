"""Importing units from a spreadsheet: read, check every row, then create or update by code.

An update changes only what the file says: an empty cell keeps the stored value unless the
person asked for empty cells to clear it. Rows coded like the template's example (VD-01) are
skipped, so that the template uploaded unchanged changes nothing.

The uploaded file is kept as the admin's preview (:mod:`inspection.uploads`) between the preview
and the confirmation; the confirmation reads and checks it again, so what is imported is always
what the server itself read and checked, never rows sent back by the browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from inspection import spreadsheets
from inspection.audit import record_event
from inspection.import_files import Table, UnreadableFile, read_table, refused_on_second_check
from inspection.labels import LABELS, label
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
#: Codes of the template's example rows: never a real unit's (the unit form refuses them).
EXAMPLE_CODE = re.compile(r"^VD-\d+$", re.IGNORECASE)
#: How the preview names each field.
FIELD_LABELS = {"code": _l("Code"), "name": _l("Name"), "kind": _l("Kind"), "parent": _l("Parent unit"),
                "head_name": _l("Head of unit"), "address": _l("Address"), "area": _l("Area"), "active": _l("Active")}
#: Fields an empty cell leaves as stored (unless asked to clear): the others are required.
OPTIONAL = ("parent", "head_name", "address", "area", "active")


@dataclass
class Change:
    """One field an update changes, as the preview shows it."""

    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[self.field])


@dataclass
class Row:
    line: int
    values: dict[str, str]
    #: "create" or "update" (a unit with this code exists).
    action: str = "create"
    #: For an update: what it changes (nothing when the file repeats the stored unit).
    changes: list[Change] = field(default_factory=list)


@dataclass
class ImportCheck:
    rows: list[Row] = field(default_factory=list)
    #: (line, column header as written in the file or "", message)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    #: (line, code) of the template's example rows, left out.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: How a CSV file's text was read ("Windows-1258" …); None for a workbook.
    encoding: str | None = None
    #: Whether empty cells clear stored values (asked for on upload).
    clear_blanks: bool = False

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


def check_file(filename: str, content: bytes, clear_blanks: bool = False) -> ImportCheck:
    """Read and check an uploaded file; an unreadable one is one error on line 1."""
    try:
        table = read_table(filename, content)
    except UnreadableFile as error:
        return ImportCheck(errors=[(1, "", str(error))])
    return check_table(table, clear_blanks)


# Checking ------------------------------------------------------------------------------------


def _field_for(header: str) -> str | None:
    folded = fold_label(header)
    return next((name for name, words in HEADERS.items() if folded in words), None)


def _kind(value: str) -> UnitKind | None:
    return _kinds_by_word(str(get_locale())).get(fold_label(value))


@cache
def _kinds_by_word(locale: str) -> dict[str, UnitKind]:
    """Every spelling of each kind, folded: its stored value, its words and its label in
    ``locale`` (worked out once, not for each cell of a file of thousands of rows)."""
    found: dict[str, UnitKind] = {}
    for kind, words in KIND_WORDS.items():
        for word in (fold_label(kind.value), *words, fold_label(str(LABELS[UnitKind][kind]))):
            found.setdefault(word, kind)
    return found


def _active(value: str) -> bool | None:
    folded = fold_label(value)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


class _Checker:
    def __init__(self, table: Table, clear_blanks: bool) -> None:
        self.result = ImportCheck(encoding=table.encoding, clear_blanks=clear_blanks)
        self.header_of: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        self.table = [[_cell(v) for v in row] for row in table.rows]

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
            self.error(2, "", _("The file has no unit rows under its header (example rows VD-… do not count)."))
        self._check_codes_and_parents()
        self._compare_with_stored()
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
        if EXAMPLE_CODE.match(values["code"]):
            self.result.skipped.append((line, values["code"]))
            return
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


    def _compare_with_stored(self) -> None:
        updates = [row for row in self.result.rows if row.action == "update"]
        if not updates:
            return
        stored = {u.code.upper(): u for u in db.session.scalars(select(Unit).where(
            Unit.code.in_([row.values["code"] for row in updates])))}
        for row in updates:
            unit = stored.get(row.values["code"].upper())
            if unit is not None:
                row.changes = changes(unit, row.values, self.result.clear_blanks)


def _shown(name: str, value: object) -> str:
    if name == "kind":
        return str(label(value)) if value else ""
    if name == "active":
        return _("Yes") if value else _("No")
    return "" if value is None else str(value)


def _stored(unit: Unit) -> dict[str, object]:
    return {"name": unit.name, "kind": unit.kind, "parent": unit.parent.code if unit.parent else "",
            "head_name": unit.head_name or "", "address": unit.address or "", "area": unit.area or "",
            "active": unit.active}


def _value(name: str, raw: str) -> object:
    """A cell's value as stored: a kind, a yes/no (empty: active), or the text."""
    if name == "kind":
        return _kind(raw)
    if name == "active":
        return _active(raw) if raw else True
    return raw


def _wanted(unit: Unit, values: dict[str, str], clear_blanks: bool) -> dict[str, object]:
    """What each field of ``unit`` becomes: the file's value, or the stored one for an empty
    optional cell (and a column the file does not have) unless ``clear_blanks``."""
    wanted = _stored(unit)
    for name, raw in values.items():
        if name in wanted and (raw or clear_blanks or name not in OPTIONAL):
            wanted[name] = _value(name, raw)
    return wanted


def _same(name: str, old: object, new: object) -> bool:
    return str(old).upper() == str(new).upper() if name == "parent" else old == new


def changes(unit: Unit, values: dict[str, str], clear_blanks: bool) -> list[Change]:
    """The fields an update of ``unit`` with a file's ``values`` changes, old → new."""
    current, wanted = _stored(unit), _wanted(unit, values, clear_blanks)
    return [Change(name, _shown(name, current[name]), _shown(name, wanted[name]))
            for name in current if not _same(name, current[name], wanted[name])]


def _stored_parents() -> list[tuple[str, str | None]]:
    """(code, parent code) of every stored unit."""
    parent = aliased(Unit)
    return list(db.session.execute(select(Unit.code, parent.code).outerjoin(parent, Unit.parent_id == parent.id)))


def check_table(table: Table, clear_blanks: bool = False) -> ImportCheck:
    """Every problem of the table, each with its line number and column."""
    return _Checker(table, clear_blanks).run()


# Applying ------------------------------------------------------------------------------------


def apply_import(check: ImportCheck, source: str) -> tuple[int, int]:
    """Create or update every row of a clean check; returns (created, updated). An update keeps
    what an empty cell would clear, unless the check was made with ``clear_blanks``."""
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
        _fill(unit, row.values, check.clear_blanks)
    db.session.flush()
    for row in check.rows:
        unit = by_code[row.values["code"].upper()]
        if "parent" not in row.values or (not row.values["parent"] and not check.clear_blanks):
            continue
        parent_code = row.values["parent"].upper()
        unit.parent = by_code[parent_code] if parent_code else None
    for row in check.rows:
        record_event(db.session, "import", by_code[row.values["code"].upper()],
                     note=_("line %(line)d of %(file)s", line=row.line, file=source))
    return created, updated


def apply_file(name: str, content: bytes, clear_blanks: bool) -> tuple[int, int]:
    """Check a previewed file again and import it; refused (nothing imported) if it no longer passes."""
    check = check_file(name, content, clear_blanks)
    if not check.ok:
        raise refused_on_second_check()
    return apply_import(check, name)


def done_message(created: int, updated: int) -> str:
    return _("Import done: %(created)d units created, %(updated)d updated.", created=created, updated=updated)


def _fill(unit: Unit, values: dict[str, str], clear_blanks: bool) -> None:
    wanted = _wanted(unit, values, clear_blanks)
    unit.name, unit.kind, unit.active = wanted["name"], wanted["kind"], wanted["active"]
    for name in ("head_name", "address", "area"):
        setattr(unit, name, wanted[name])


# The template ----------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """An .xlsx with the expected header row, one example row (coded VD-01: skipped on import)
    and the accepted kinds."""
    book = spreadsheets.new_workbook(_("Units"))
    example = ["VD-01", _("Example unit (this row is skipped on import)"), "phòng", "", "Nguyễn Văn A",
               _("1 Example Street"), "Quận 1", "1"]
    spreadsheets.add_table(book, "units", TEMPLATE_HEADERS, [example])
    spreadsheets.add_table(book, "kinds", ["loại", "kind"],
                           [[_vietnamese_kind(words[0]), kind.value] for kind, words in KIND_WORDS.items()])
    return spreadsheets.to_bytes(book)


def _vietnamese_kind(folded: str) -> str:
    return {"phong": "phòng", "chi cuc": "chi cục", "trung tam": "trung tâm", "tram": "trạm", "hat": "hạt",
            "khac": "khác"}.get(folded, folded)
