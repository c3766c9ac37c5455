"""Reads of the admin pages: filtered lists and the choices of the forms' select fields."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import selectinload

from inspection import clock
from inspection.security import audit_entries_seen_by
from inspection.text import contains
from models import AuditEntry, Holiday, Inspector, InspectorLeave, Role, Unit, UnitBlackout, User, db

PER_PAGE = 25
AUDIT_PER_PAGE = 30


def unit_choices(exclude: set[int] = frozenset(), blank: bool = True) -> list[tuple[str, str]]:
    units = db.session.scalars(select(Unit).order_by(Unit.code))
    options = [(str(u.id), f"{u.code} — {u.name}") for u in units if u.id not in exclude]
    return [("", "—"), *options] if blank else options


def _active(*columns) -> Select:
    return select(*columns).where(Unit.active.is_(True)).order_by(Unit.code)


def active_units() -> list[Unit]:
    """The units inspections are planned for, by code."""
    return list(db.session.scalars(_active(Unit)))


def active_unit_names() -> list[Row]:
    """The active units' ``id``, ``code`` and ``name``, by code: for tables of every unit, without
    loading thousands of whole units."""
    return list(db.session.execute(_active(Unit.id, Unit.code, Unit.name)))


def active_unit_count() -> int:
    return db.session.scalar(select(func.count(Unit.id)).where(Unit.active.is_(True))) or 0


def areas() -> list[str]:
    return list(db.session.scalars(select(Unit.area).where(Unit.area != "").distinct().order_by(Unit.area)))


def free_inspector_choices(user: User | None) -> list[tuple[str, str]]:
    """Inspectors without a login, plus the one already linked to ``user``."""
    query = select(Inspector).order_by(Inspector.full_name)
    own = user.id if user is not None else None
    options = [(str(i.id), i.full_name) for i in db.session.scalars(query) if i.user_id in (None, own)]
    return [("", "—"), *options]


def free_inspector_user_choices(inspector: Inspector | None) -> list[tuple[str, str]]:
    """Users with the inspector role not linked to another inspector."""
    users = db.session.scalars(select(User).where(User.role == Role.INSPECTOR).order_by(User.username))
    options = [(str(u.id), f"{u.username} — {u.full_name}") for u in users
               if u.inspector is None or u.inspector is inspector]
    return [("", "—"), *options]


def users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def inspectors() -> list[Inspector]:
    return list(db.session.scalars(select(Inspector).order_by(Inspector.active.desc(), Inspector.full_name)))


def holidays_of(year: int) -> list[Holiday]:
    query = select(Holiday).where(Holiday.date.between(date(year, 1, 1), date(year, 12, 31))).order_by(Holiday.date)
    return list(db.session.scalars(query))


def holiday_names(days: Iterable[date]) -> dict[date, str]:
    """The public holidays among ``days``, with their names."""
    rows = db.session.execute(select(Holiday.date, Holiday.name).where(Holiday.date.in_(set(days))))
    return dict(rows.all())


def current_leaves(today: date) -> list[InspectorLeave]:
    """Leave periods not over yet, in date order."""
    query = (select(InspectorLeave).where(InspectorLeave.end_date >= today)
             .options(selectinload(InspectorLeave.inspector))
             .order_by(InspectorLeave.start_date, InspectorLeave.id))
    return list(db.session.scalars(query))


def current_blackouts(today: date) -> list[UnitBlackout]:
    """Units' blackout periods not over yet, in date order."""
    query = (select(UnitBlackout).where(UnitBlackout.end_date >= today)
             .options(selectinload(UnitBlackout.unit))
             .order_by(UnitBlackout.start_date, UnitBlackout.id))
    return list(db.session.scalars(query))


def inspector_choices() -> list[tuple[str, str]]:
    inspectors = db.session.scalars(select(Inspector).where(Inspector.active.is_(True)).order_by(Inspector.full_name))
    return [("", "—"), *((str(i.id), i.full_name) for i in inspectors)]


def units_query(q: str | None = "", kind: str | None = "", area: str | None = "", active: str | None = "") -> Select:
    query = select(Unit).order_by(Unit.code)
    if q and q.strip():
        needle = q.strip().lower()
        query = query.where(or_(*(contains(func.lower(column), needle) for column in (Unit.code, Unit.name,
                                                                                       Unit.head_name))))
    if kind:
        query = query.where(Unit.kind == kind)
    if area:
        query = query.where(Unit.area == area)
    if active in ("0", "1"):
        query = query.where(Unit.active.is_(active == "1"))
    return query


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.timezone())


def audit_query(reader: User, entity: str = "", entity_id: str = "", username: str = "", action: str = "",
                date_from: date | None = None, date_to: date | None = None) -> Select:
    """The entries ``reader`` may read (:func:`inspection.security.audit_entries_seen_by`), newest
    first; dates are whole local days."""
    query = (select(AuditEntry).where(audit_entries_seen_by(reader))
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    for column, value in ((AuditEntry.entity, entity), (AuditEntry.entity_id, (entity_id or "").strip()),
                          (AuditEntry.username, username), (AuditEntry.action, action)):
        if value:
            query = query.where(column == value)
    if date_from:
        query = query.where(AuditEntry.at >= _local_midnight_utc(date_from))
    if date_to:
        query = query.where(AuditEntry.at < _local_midnight_utc(date_to + timedelta(days=1)))
    return query


def audit_distinct(column, reader: User) -> list[str]:
    """The values ``column`` takes in the entries ``reader`` may read (the filter's choices)."""
    query = select(column).where(column != "", audit_entries_seen_by(reader)).distinct().order_by(column)
    return list(db.session.scalars(query))
