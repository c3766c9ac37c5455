"""Reading the registry: filters, the yearly compliance of units, and the deadline setting.

Other domains read from here: the planner's risk weight uses
:func:`units_without_recognised_initiative`, the dashboard shows :func:`compliance`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from inspection.clock import local_date
from inspection.initiatives.search import matches
from inspection.orgs.queries import active_unit_count
from models import Initiative, InitiativeCategory, InitiativeStatus, Setting, Unit, db

#: Key of the admin setting holding the yearly deadline as "MM-DD".
DEADLINE_SETTING = "initiative_deadline"
DEFAULT_DEADLINE = "10-31"


def parse_month_day(value: str, year: int = 2001) -> date:
    """``"MM-DD"`` → that day in ``year``; ValueError when it is not a day (2001 has no 29/02)."""
    month, day = value.strip().split("-")
    if len(month) != 2 or len(day) != 2:
        raise ValueError(value)
    return date(year, int(month), int(day))


def deadline_setting() -> str:
    setting = db.session.get(Setting, DEADLINE_SETTING)
    value = setting.value if setting is not None else None
    try:
        parse_month_day(value)
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_DEADLINE
    return value


def deadline(year: int) -> date:
    """The day by which every unit should have a recognised initiative (31/10 unless an admin changed it)."""
    return parse_month_day(deadline_setting(), year)


def late_ids(initiatives: Iterable[Initiative]) -> set[int]:
    """Ids of the ``initiatives`` submitted after the deadline of their year."""
    month_day = deadline_setting()
    return {i.id for i in initiatives
            if i.created_at is not None and local_date(i.created_at) > parse_month_day(month_day, i.year)}


def _recognised_unit_ids(year: int) -> Select:
    return (
        select(Initiative.unit_id)
        .join(Unit, Unit.id == Initiative.unit_id)
        .where(Initiative.year == year, Initiative.status == InitiativeStatus.RECOGNISED, Unit.active.is_(True))
        .distinct()
    )


def units_without_recognised_initiative(year: int) -> set[int]:
    """Ids of the active units that have no initiative recognised as effective for ``year``."""
    recognised = _recognised_unit_ids(year)
    return set(db.session.scalars(select(Unit.id).where(Unit.active.is_(True), Unit.id.not_in(recognised))))


@dataclass(frozen=True)
class Compliance:
    """How far the year's "one effective initiative per unit" target is met."""

    year: int
    recognised_units: int
    active_units: int
    #: Active units still without a recognised initiative, by code.
    missing: list[Unit]
    deadline: date
    #: Negative once the deadline has passed.
    days_left: int
    #: The year has ended: its deadline is history, no longer counted in days.
    year_over: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.recognised_units / self.active_units) if self.active_units else 0


def compliance(year: int, today: date) -> Compliance:
    recognised = db.session.scalar(select(func.count()).select_from(_recognised_unit_ids(year).subquery()))
    active = active_unit_count()
    missing_ids = units_without_recognised_initiative(year)
    missing = list(db.session.scalars(select(Unit).where(Unit.id.in_(missing_ids)).order_by(Unit.code)))
    due = deadline(year)
    return Compliance(year, recognised or 0, active or 0, missing, due, (due - today).days, year_over=year < today.year)


@dataclass(frozen=True)
class RegistryFilter:
    year: int | None = None
    unit_id: int | None = None
    category: InitiativeCategory | None = None
    status: InitiativeStatus | None = None
    text: str = ""


def registry(criteria: RegistryFilter) -> Select:
    """Initiatives matching the filters, newest year first, then by unit and title."""
    stmt = select(Initiative).join(Unit, Unit.id == Initiative.unit_id)
    if criteria.year is not None:
        stmt = stmt.where(Initiative.year == criteria.year)
    if criteria.unit_id is not None:
        stmt = stmt.where(Initiative.unit_id == criteria.unit_id)
    if criteria.category is not None:
        stmt = stmt.where(Initiative.category == criteria.category)
    if criteria.status is not None:
        stmt = stmt.where(Initiative.status == criteria.status)
    if criteria.text.strip():
        stmt = stmt.where(matches(criteria.text))
    return stmt.order_by(Initiative.year.desc(), Unit.code, Initiative.title, Initiative.id)


def unit_initiatives(unit_id: int, year: int | None = None) -> list[Initiative]:
    stmt = select(Initiative).where(Initiative.unit_id == unit_id)
    if year is not None:
        stmt = stmt.where(Initiative.year == year)
    return list(db.session.scalars(stmt.order_by(Initiative.year.desc(), Initiative.created_at.desc())))


def initiative_years() -> list[int]:
    return list(db.session.scalars(select(Initiative.year).distinct().order_by(Initiative.year.desc())))


def submitted_counts(year: int) -> dict[int, int]:
    """Unit id → how many initiatives (any status) it submitted for ``year``."""
    rows = db.session.execute(
        select(Initiative.unit_id, func.count(Initiative.id))
        .where(Initiative.year == year)
        .group_by(Initiative.unit_id)
    )
    return {unit_id: count for unit_id, count in rows}
