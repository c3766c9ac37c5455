"""The writes of the admin pages. Each operation checks the domain rules, changes the session and
leaves the commit to the caller; a broken rule raises :class:`~inspection.forms.FieldError`
(shown beside its field), :class:`Refused` (shown as a message) or a stale form's
:class:`~inspection.concurrency.Conflict`."""

from __future__ import annotations

from datetime import date

import holidays as holiday_calendars
from flask_babel import gettext as _
from sqlalchemy import func, select

from inspection import uploads
from inspection.auth.passwords import password_problem
from inspection.concurrency import check_version
from inspection.forms import FieldError
from models import (
    AuditEntry,
    Holiday,
    Inspector,
    InspectorConflict,
    InspectorLeave,
    Role,
    Unit,
    UnitBlackout,
    UnitKind,
    User,
    db,
)


class Refused(ValueError):
    """An action the rules do not allow (deleting a record still in use ...)."""


def references(record) -> int:
    """How many rows still point at ``record`` through a foreign key that would block deleting it.

    Rows that go with the record (ON DELETE CASCADE) or let go of it (SET NULL) do not count,
    except in the audit log: it is append-only, so a person who acted stays in it."""
    total = 0
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not record.__table__:
                continue
            if fk.ondelete in ("CASCADE", "SET NULL") and table.name != AuditEntry.__tablename__:
                continue
            total += db.session.scalar(select(func.count()).select_from(table).where(fk.parent == record.id))
    return total


def delete_unused(record) -> None:
    if references(record):
        raise Refused(_("This record is still used by other records, so it cannot be deleted. "
                        "Deactivate it instead."))
    db.session.delete(record)


# Users ---------------------------------------------------------------------------------------


def _other_active_admins(user: User) -> int:
    query = select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active.is_(True))
    if user.id is not None:
        query = query.where(User.id != user.id)
    return db.session.scalar(query)


def _check_admin_kept(user: User, role: Role, active: bool, acting: User) -> None:
    if user.id is not None and user.id == acting.id:
        if not active:
            raise FieldError("active", _("You cannot deactivate your own account."))
        if role != user.role:
            raise FieldError("role", _("You cannot change your own role."))
    was_admin = user.id is not None and user.role == Role.ADMIN and user.active
    if was_admin and (role != Role.ADMIN or not active) and not _other_active_admins(user):
        raise FieldError("role" if role != Role.ADMIN else "active",
                         _("This is the last active administrator: keep at least one."))


def _check_username(user: User, username: str) -> None:
    query = select(User.id).where(func.lower(User.username) == username.lower())
    if user.id is not None:
        query = query.where(User.id != user.id)
    if db.session.scalar(query) is not None:
        raise FieldError("username", _("This username is already taken."))


def _link_inspector(user: User, inspector_id: int | None) -> None:
    current = user.inspector
    if current is not None and current.id != inspector_id:
        current.user = None
        db.session.flush()  # free the unique login before another inspector takes it
    if inspector_id is not None and (current is None or current.id != inspector_id):
        inspector = db.session.get(Inspector, inspector_id)
        if inspector is None or inspector.user_id not in (None, user.id):
            raise FieldError("inspector_id", _("This inspector already has another login."))
        inspector.user = user


def save_user(user: User | None, acting: User, *, username: str, full_name: str, email: str | None,
              role: str, unit_id: int | None, inspector_id: int | None, active: bool,
              password: str | None, version: str | None = None) -> User:
    """Create (``user`` None) or update a user; the password is changed only when one is given."""
    user = user or User()
    check_version(user, version)
    role = Role(role)
    username = username.strip()
    problem = password and password_problem(password, username, full_name, email)
    if problem:
        raise FieldError("password", problem)
    _check_username(user, username)
    if role == Role.UNIT and unit_id is None:
        raise FieldError("unit_id", _("A unit focal point must belong to a unit."))
    if inspector_id is not None and role != Role.INSPECTOR:
        raise FieldError("inspector_id", _("Only a user with the inspector role can be linked to an inspector."))
    if user.id is None and not password:
        raise FieldError("password", _("Set a password for the new user."))
    _check_admin_kept(user, role, active, acting)
    user.username, user.full_name, user.email = username, full_name.strip(), (email or "").strip() or None
    user.role, user.unit_id, user.active = role, unit_id, active
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _link_inspector(user, inspector_id if role == Role.INSPECTOR else None)
    return user


def delete_user(user: User, acting: User) -> None:
    if user.id == acting.id:
        raise Refused(_("You cannot delete your own account."))
    if user.role == Role.ADMIN and user.active and not _other_active_admins(user):
        raise Refused(_("This is the last active administrator: keep at least one."))
    uploads.discard_previews_of(user)
    delete_unused(user)


# Units ---------------------------------------------------------------------------------------


def descendant_ids(unit_id: int) -> set[int]:
    """Ids of the units below ``unit_id`` in the hierarchy, at any depth."""
    children: dict[int, list[int]] = {}
    for child_id, parent_id in db.session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(child_id)
    found: set[int] = set()
    stack = list(children.get(unit_id, []))
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def unit_code_taken(code: str, except_id: int | None = None) -> bool:
    query = select(Unit.id).where(func.upper(Unit.code) == code.upper())
    if except_id is not None:
        query = query.where(Unit.id != except_id)
    return db.session.scalar(query) is not None


def save_unit(unit: Unit | None, *, code: str, name: str, kind: str, parent_id: int | None, head_name: str,
              address: str, area: str, active: bool, version: str | None = None) -> Unit:
    unit = unit or Unit()
    check_version(unit, version)
    code = code.strip()
    if unit_code_taken(code, unit.id):
        raise FieldError("code", _("Another unit already has this code."))
    if unit.id is not None and parent_id is not None and (parent_id == unit.id or parent_id in descendant_ids(unit.id)):
        raise FieldError("parent_id", _("A unit cannot be placed under itself or one of its own sub-units."))
    unit.code, unit.name, unit.kind = code, name.strip(), UnitKind(kind)
    unit.parent_id = parent_id
    unit.head_name, unit.address, unit.area = (head_name or "").strip(), (address or "").strip(), (area or "").strip()
    unit.active = active
    db.session.add(unit)
    return unit


# Inspectors ----------------------------------------------------------------------------------


def save_inspector(inspector: Inspector | None, *, full_name: str, user_id: int | None, home_unit_id: int | None,
                   can_lead: bool, max_per_week: int, active: bool, version: str | None = None) -> Inspector:
    inspector = inspector or Inspector()
    check_version(inspector, version)
    if user_id is not None:
        user = db.session.get(User, user_id)
        if user is None or user.role != Role.INSPECTOR:
            raise FieldError("user_id", _("Only a user with the inspector role can be linked to an inspector."))
        if user.inspector is not None and user.inspector is not inspector:
            raise FieldError("user_id", _("This login already belongs to another inspector."))
    inspector.full_name, inspector.user_id, inspector.home_unit_id = full_name.strip(), user_id, home_unit_id
    inspector.can_lead, inspector.max_per_week, inspector.active = can_lead, max_per_week, active
    db.session.add(inspector)
    return inspector


def _period(model, owner, field: str, message: str, start_date: date, end_date: date, note: str):
    """A new leave or blackout period of ``owner`` (None: the form chose nobody)."""
    if owner is None:
        raise FieldError(field, message)
    if end_date < start_date:
        raise FieldError("end_date", _("The end date cannot be before the start date."))
    return model(start_date=start_date, end_date=end_date, note=(note or "").strip())


def add_leave(*, inspector_id: int | None, start_date: date, end_date: date, note: str) -> InspectorLeave:
    """Record an inspector's leave (the audit log keeps who entered it)."""
    inspector = db.session.get(Inspector, inspector_id) if inspector_id is not None else None
    leave = _period(InspectorLeave, inspector, "inspector_id", _("Choose an inspector."), start_date, end_date, note)
    inspector.leaves.append(leave)
    db.session.flush()
    return leave


def add_blackout(*, unit_id: int | None, start_date: date, end_date: date, note: str) -> UnitBlackout:
    """Record days on which a unit cannot receive an inspection (audited like every change)."""
    unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    blackout = _period(UnitBlackout, unit, "unit_id", _("Choose a unit."), start_date, end_date, note)
    unit.blackouts.append(blackout)
    db.session.flush()
    return blackout


def add_conflict(inspector: Inspector, *, unit_id: int | None, reason: str) -> InspectorConflict:
    if unit_id is None or db.session.get(Unit, unit_id) is None:
        raise FieldError("unit_id", _("Choose a unit."))
    if any(c.unit_id == unit_id for c in inspector.conflicts):
        raise FieldError("unit_id", _("A conflict with this unit is already declared."))
    conflict = InspectorConflict(unit_id=unit_id, reason=reason.strip())
    inspector.conflicts.append(conflict)
    return conflict


# Holidays ------------------------------------------------------------------------------------


def save_holiday(holiday: Holiday | None, *, date: date, name: str) -> Holiday:
    holiday = holiday or Holiday()
    query = select(Holiday.id).where(Holiday.date == date)
    if holiday.id is not None:
        query = query.where(Holiday.id != holiday.id)
    if db.session.scalar(query) is not None:
        raise FieldError("date", _("This date is already a holiday."))
    holiday.date, holiday.name = date, name.strip()
    db.session.add(holiday)
    return holiday


def vietnam_holidays(year: int) -> dict[date, str]:
    """Vietnam's public holidays of ``year`` with their Vietnamese names."""
    return dict(holiday_calendars.country_holidays("VN", years=year, language="vi").items())


def fill_holidays(year: int) -> int:
    """Add the year's Vietnamese public holidays that are not there yet; returns how many were added."""
    known = set(db.session.scalars(select(Holiday.date).where(Holiday.date.between(date(year, 1, 1),
                                                                                   date(year, 12, 31)))))
    added = [Holiday(date=day, name=name) for day, name in sorted(vietnam_holidays(year).items()) if day not in known]
    db.session.add_all(added)
    return len(added)
