"""The audit log page in words: field names, statuses, dates, people, units and file names as
people know them, instead of the columns and codes the log stores."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import Boolean, Date, DateTime, Enum, select

from inspection.i18n import day_text
from inspection.labels import audit_field, label
from inspection.security import seed_hidden
from models import AuditEntry, Inspector, StoredFile, Unit, User, db

#: Records a foreign key names by what people call them: table → (model, column shown).
NAMED = {
    "stored_files": (StoredFile, StoredFile.original_name),
    "units": (Unit, Unit.name),
    "users": (User, User.full_name),
    "inspectors": (Inspector, Inspector.full_name),
}


@dataclass(frozen=True)
class Row:
    field: str
    before: str
    after: str


@cache
def _column_types() -> dict[tuple[str, str], object]:
    """(table, column) → the column's enum class, the table its foreign key points at, or its type."""
    kinds: dict[tuple[str, str], object] = {}
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table.name
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            foreign = next(iter(column.foreign_keys), None)
            if foreign is not None:
                kinds[table, attr.key] = foreign.column.table.name
            elif isinstance(column.type, Enum) and column.type.enum_class is not None:
                kinds[table, attr.key] = column.type.enum_class
            elif isinstance(column.type, Boolean | DateTime | Date):
                kinds[table, attr.key] = type(column.type)
    return kinds


def _names(entries: list[AuditEntry]) -> dict[str, dict[str, str]]:
    """The names of every record the entries point at, one query per kind of record."""
    wanted: dict[str, set[int]] = defaultdict(set)
    types = _column_types()
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            for key, value in values.items():
                target = types.get((entry.entity, key))
                if target in NAMED and isinstance(value, int):
                    wanted[target].add(value)
    names: dict[str, dict[str, str]] = {}
    for target, ids in wanted.items():
        model, column = NAMED[target]
        query = select(model.id, column).where(model.id.in_(ids))
        names[target] = {str(i): name for i, name in db.session.execute(query)}
    return names


def _shown(entity: str, key: str, value: object, names: dict[str, dict[str, str]]) -> str:
    if value is None:
        return ""
    kind = _column_types().get((entity, key))
    if isinstance(value, bool) or kind is Boolean:
        return _("Yes") if value else _("No")
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return label(kind(value))
        except ValueError:
            return str(value)
    if kind in NAMED:
        return names.get(kind, {}).get(str(value)) or f"#{value}"
    if isinstance(kind, str):
        return f"#{value}"
    if kind is DateTime and isinstance(value, str):
        return day_text(datetime.fromisoformat(value), with_time=True)
    if kind is Date and isinstance(value, str):
        return day_text(date.fromisoformat(value))
    return str(value)


def rows(entries: list[AuditEntry], reader: User) -> dict[int, list[Row]]:
    """Entry id → its (field, before, after) rows, ready to show to ``reader`` (the draw code only
    to those who may see it)."""
    names = _names(entries)
    shown = {}
    for entry in entries:
        before, after = seed_hidden(entry.before or {}, reader), seed_hidden(entry.after or {}, reader)
        keys = list(before) + [k for k in after if k not in before]
        shown[entry.id] = [Row(audit_field(key), _shown(entry.entity, key, before.get(key), names),
                               _shown(entry.entity, key, after.get(key), names)) for key in keys]
    return shown
