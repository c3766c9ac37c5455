"""Writes an :class:`~models.AuditEntry` for every insert, update and delete of a record.

Hooked on the session's ``after_flush``: at that point primary keys are known and attribute
history still tells the old values. The rows are inserted through the flush's own connection,
so they commit or roll back with the change they describe.
"""

from __future__ import annotations

import contextvars
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from inspection.clock import utcnow
from models import AuditEntry, User

#: Who acts outside a request (CLI commands, background jobs): (user id, username).
_actor: contextvars.ContextVar[tuple[int | None, str] | None] = contextvars.ContextVar("audit_actor", default=None)

#: Columns never copied into the log.
SECRET_COLUMNS = {"password_hash", "calendar_token"}
SKIPPED_COLUMNS = {"updated_at", "version", "session_token"}


@contextmanager
def acting_as(user: User | None, name: str = "system") -> Iterator[None]:
    """Attribute changes made inside the block to ``user`` (or to ``name`` when there is none)."""
    token = _actor.set((user.id, user.username) if user else (None, name))
    try:
        yield
    finally:
        _actor.reset(token)


def _who() -> tuple[int | None, str]:
    forced = _actor.get()
    if forced is not None:
        return forced
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.username
    return None, "system"


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _columns(obj: Any) -> list:
    return [a for a in inspect(obj).mapper.column_attrs if a.key not in SKIPPED_COLUMNS]


def _shown(key: str, value: Any) -> Any:
    return "***" if key in SECRET_COLUMNS and value is not None else _plain(value)


def _snapshot(obj: Any) -> dict:
    return {a.key: _shown(a.key, getattr(obj, a.key)) for a in _columns(obj)}


def _changed_attrs(obj: Any) -> list:
    state = inspect(obj)
    return [a for a in _columns(obj) if state.attrs[a.key].history.has_changes()]


def _known_old_values(obj: Any, attrs: list) -> tuple[dict, list]:
    """The old values the attributes' history holds, and the attributes it holds none for (set
    while expired or never loaded: the database has their old value)."""
    state = inspect(obj)
    known, unknown = {}, []
    for attr in attrs:
        history = state.attrs[attr.key].history
        if history.deleted:
            known[attr.key] = history.deleted[0]
        else:
            unknown.append(attr)
    return known, unknown


def _read_stored_values(session: Session, mapper: Any, wanted: list[tuple[Any, list]], stored: dict) -> None:
    """Fill ``stored`` with the old values of the attributes the history lacks, read for all the
    objects of one class in one SELECT (never one per object)."""
    attrs = {a.key: a for _obj, unknown in wanted for a in unknown}
    columns = [a.columns[0] for a in attrs.values()]
    if len(mapper.primary_key) == 1:
        key = mapper.primary_key[0]
        ids = [inspect(obj).identity[0] for obj, _unknown in wanted]
        rows = session.connection().execute(select(key, *columns).where(key.in_(ids))).all()
        by_id = {row[0]: row[1:] for row in rows}
        for obj, unknown in wanted:
            row = by_id.get(inspect(obj).identity[0])
            if row is not None:
                values = dict(zip(attrs, row, strict=True))
                stored[id(obj)].update({a.key: values[a.key] for a in unknown})
        return
    for obj, unknown in wanted:  # a composite key: such tables are few and rarely edited
        where = [col == value for col, value in zip(mapper.primary_key, inspect(obj).identity, strict=True)]
        row = session.connection().execute(select(*[a.columns[0] for a in unknown]).where(*where)).one_or_none()
        if row is not None:
            stored[id(obj)].update({a.key: row[i] for i, a in enumerate(unknown)})


def _changes(obj: Any, stored: dict) -> tuple[dict, dict]:
    before, after = {}, {}
    for attr in _columns(obj):
        if attr.key not in stored:
            continue
        old, new = stored[attr.key], getattr(obj, attr.key)
        if old == new:
            continue
        before[attr.key], after[attr.key] = _shown(attr.key, old), _shown(attr.key, new)
    return before, after


def _audited(obj: Any) -> bool:
    return getattr(obj, "__audit__", True) and hasattr(obj, "__tablename__")


def _entity_id(obj: Any) -> str:
    """The primary key as text; read from the columns, as a new row has no identity key yet in after_flush."""
    values = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in values if v is not None)


def _entries(session: Session) -> list[dict]:
    user_id, username = _who()
    rows = []

    def add(action: str, obj: Any, before: dict | None, after: dict | None) -> None:
        rows.append(
            dict(
                user_id=user_id,
                username=username,
                action=action,
                entity=obj.__tablename__,
                entity_id=_entity_id(obj),
                before=before,
                after=after,
                note="",
            )
        )

    for obj in filter(_audited, session.new):
        add("create", obj, None, _snapshot(obj))
    stored = session.info.pop("audit_stored", {})
    for obj in filter(_audited, session.dirty):
        if id(obj) in stored:
            before, after = _changes(obj, stored[id(obj)])
            if after:
                add("update", obj, before, after)
    for obj in filter(_audited, session.deleted):
        add("delete", obj, _snapshot(obj), None)
    return rows


def _after_flush(session: Session, _flush_context) -> None:
    rows = _entries(session)
    if rows:
        session.connection().execute(insert(AuditEntry), [dict(r, at=utcnow()) for r in rows])


def _before_flush(session: Session, _flush_context, _instances) -> None:
    stored = session.info.setdefault("audit_stored", {})
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("the audit log is append-only")
    missing: dict[Any, list[tuple[Any, list]]] = {}
    for obj in filter(_audited, session.dirty):
        attrs = _changed_attrs(obj)
        if attrs and inspect(obj).identity is not None:
            stored[id(obj)], unknown = _known_old_values(obj, attrs)
            if unknown:
                missing.setdefault(inspect(obj).mapper, []).append((obj, unknown))
    for mapper, wanted in missing.items():
        _read_stored_values(session, mapper, wanted, stored)


def record_event(session: Session, action: str, obj: Any, note: str = "", **details: Any) -> None:
    """Log a domain event that is not a plain column change (a reveal, an approval, an import)."""
    user_id, username = _who()
    session.add(
        AuditEntry(
            user_id=user_id,
            username=username,
            action=action,
            entity=obj.__tablename__,
            entity_id=_entity_id(obj) or str(getattr(obj, "id", "")),
            after={k: _plain(v) for k, v in details.items()} or None,
            note=note,
        )
    )


def _forget(session: Session, *_args) -> None:
    session.info.pop("audit_stored", None)


def install() -> None:
    """Register the listeners once per process (they apply to every ORM session)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_soft_rollback", _forget)
