"""Reads of the schedule: what a user may see, always through the one rule of :mod:`inspection.security`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, extract, select
from sqlalchemy.orm import selectinload

from inspection.extensions import db
from inspection.security import inspections_seen_by
from models import Inspection, InspectionKind, InspectionMember, Programme, User


@dataclass(frozen=True)
class Filters:
    programme_id: int | None = None
    year: int | None = None
    month: int | None = None
    kind: InspectionKind | None = None
    unit_id: int | None = None


def visible_query(user: User, today: date, filters: Filters = Filters()) -> Select:
    """The inspections ``user`` may know exist, narrowed by ``filters``, in date order."""
    query = (
        select(Inspection)
        .where(inspections_seen_by(user, today))
        .options(
            selectinload(Inspection.unit),
            selectinload(Inspection.lead),
            selectinload(Inspection.members).selectinload(InspectionMember.inspector),
        )
        .order_by(Inspection.date, Inspection.slot, Inspection.id)
    )
    if filters.programme_id:
        query = query.where(Inspection.programme_id == filters.programme_id)
    if filters.year:
        query = query.where(extract("year", Inspection.date) == filters.year)
    if filters.month:
        query = query.where(extract("month", Inspection.date) == filters.month)
    if filters.kind:
        query = query.where(Inspection.kind == filters.kind)
    if filters.unit_id:
        query = query.where(Inspection.unit_id == filters.unit_id)
    return query


def visible_inspections(user: User, today: date, filters: Filters = Filters()) -> list[Inspection]:
    return list(db.session.scalars(visible_query(user, today, filters)))


def programmes_with_visible(user: User, today: date) -> list[Programme]:
    """The programmes in which the user sees at least one inspection (for the filter)."""
    ids = select(Inspection.programme_id).where(inspections_seen_by(user, today))
    return list(db.session.scalars(select(Programme).where(Programme.id.in_(ids)).order_by(Programme.year.desc())))


def user_by_calendar_token(token: str) -> User | None:
    if not token:
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token, User.active.is_(True)))
