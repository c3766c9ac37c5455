"""Planned inspections that no longer hold: a team member on leave, the unit unavailable, or a
holiday on the inspection's day, entered after the plan was made.

Three queries whatever the number of inspections (one per cause), so the plan page and the
warning shown when leave is saved stay cheap as the organisation grows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import selectinload

from inspection.extensions import db
from models import (
    Holiday,
    Inspection,
    InspectionMember,
    InspectionStatus,
    Inspector,
    InspectorLeave,
    Unit,
    UnitBlackout,
)


class Cause(enum.StrEnum):
    """Why an inspection had to change (the groups of a re-plan's change list)."""

    LEAVE = "leave"
    BLACKOUT = "blackout"
    HOLIDAY = "holiday"
    BUDGET = "budget"
    REQUEST = "request"
    OTHER = "other"


@dataclass
class Clash:
    """A planned inspection and what it collides with: (cause, who or what, the period)."""

    inspection: Inspection
    reasons: list[tuple[Cause, str, date, date]] = field(default_factory=list)

    @property
    def causes(self) -> set[Cause]:
        return {cause for cause, *_ in self.reasons}


def _planned(since: date, programme_id: int | None) -> list:
    conditions = [Inspection.status == InspectionStatus.PLANNED, Inspection.date >= since]
    if programme_id is not None:
        conditions.append(Inspection.programme_id == programme_id)
    return conditions


def _leave_query(conditions: list, leave_ids: Iterable[int] | None) -> Select:
    query = (
        select(Inspection, Inspector.full_name, InspectorLeave.start_date, InspectorLeave.end_date)
        .join(InspectionMember, InspectionMember.inspection_id == Inspection.id)
        .join(Inspector, Inspector.id == InspectionMember.inspector_id)
        .join(InspectorLeave, and_(InspectorLeave.inspector_id == Inspector.id,
                                   Inspection.date.between(InspectorLeave.start_date, InspectorLeave.end_date)))
        .where(*conditions)
    )
    return query if leave_ids is None else query.where(InspectorLeave.id.in_(list(leave_ids)))


def _blackout_query(conditions: list, blackout_ids: Iterable[int] | None) -> Select:
    query = (
        select(Inspection, Unit.name, UnitBlackout.start_date, UnitBlackout.end_date)
        .join(Unit, Unit.id == Inspection.unit_id)
        .join(UnitBlackout, and_(UnitBlackout.unit_id == Inspection.unit_id,
                                 Inspection.date.between(UnitBlackout.start_date, UnitBlackout.end_date)))
        .where(*conditions)
    )
    return query if blackout_ids is None else query.where(UnitBlackout.id.in_(list(blackout_ids)))


def _holiday_query(conditions: list) -> Select:
    return (select(Inspection, Holiday.name, Holiday.date, Holiday.date)
            .join(Holiday, Holiday.date == Inspection.date).where(*conditions))


def clashes(since: date, programme_id: int | None = None, *, leave_ids: Iterable[int] | None = None,
            blackout_ids: Iterable[int] | None = None, holidays: bool = True) -> list[Clash]:
    """Planned inspections from ``since`` on (of one programme, or all) that collide with leave,
    a unit's blackout or a holiday, in date order. ``leave_ids`` / ``blackout_ids`` narrow the
    check to those records (an empty list skips that cause)."""
    conditions = _planned(since, programme_id)
    queries = [(Cause.LEAVE, _leave_query(conditions, leave_ids)),
               (Cause.BLACKOUT, _blackout_query(conditions, blackout_ids))]
    if holidays:
        queries.append((Cause.HOLIDAY, _holiday_query(conditions)))
    found: dict[int, Clash] = {}
    for cause, query in queries:
        query = query.options(selectinload(Inspection.unit))
        for inspection, what, start, end in db.session.execute(query):
            found.setdefault(inspection.id, Clash(inspection)).reasons.append((cause, what, start, end))
    return sorted(found.values(), key=lambda c: (c.inspection.date, c.inspection.unit.code, c.inspection.id))
