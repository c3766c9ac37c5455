"""Reads for the planning pages: programmes, the plan's calendar, loads, coverage and changes."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspection.extensions import db
from inspection.orgs.queries import active_units
from inspection.planning import changes
from inspection.planning.clashes import Clash
from inspection.planning.clashes import clashes as find_clashes
from inspection.planning.instance import proposed_follow_ups
from inspection.planning.operations import PLAN_FOUND
from inspection.security import inspections_seen_by
from models import (
    ChecklistTemplate,
    Inspection,
    InspectionMember,
    InspectionStatus,
    PlanRevision,
    Programme,
    RevisionSource,
    SolveJob,
    TemplateStatus,
    Unit,
    User,
)
from planner.schema import coverage_needed


def programmes() -> list[Programme]:
    return list(db.session.scalars(select(Programme).order_by(Programme.year.desc(), Programme.id.desc())))


def template_choices(current_id: int | None = None) -> list[tuple]:
    """Published templates (and the programme's own, whatever its status)."""
    query = select(ChecklistTemplate).where(ChecklistTemplate.status == TemplateStatus.PUBLISHED)
    templates = list(db.session.scalars(query.order_by(ChecklistTemplate.key, ChecklistTemplate.number)))
    if current_id is not None and all(t.id != current_id for t in templates):
        current = db.session.get(ChecklistTemplate, current_id)
        templates += [current] if current else []
    return [(None, "—")] + [(t.id, f"{t.name_vi} (v{t.number})") for t in templates]


def unit_choices() -> list[tuple[int, str]]:
    return [(u.id, f"{u.code} — {u.name}") for u in active_units()]


def inspections(programme: Programme, user: User, today: date) -> list[Inspection]:
    """The programme's inspections the user may see, cancelled ones left out, in date order."""
    query = (
        select(Inspection)
        .where(
            Inspection.programme_id == programme.id,
            Inspection.status != InspectionStatus.CANCELLED,
            inspections_seen_by(user, today),
        )
        .options(selectinload(Inspection.members).selectinload(InspectionMember.inspector),
                 selectinload(Inspection.unit))
        .order_by(Inspection.date, Inspection.slot, Inspection.id)
    )
    return list(db.session.scalars(query))


def latest_revision(programme: Programme) -> PlanRevision | None:
    return db.session.scalar(
        select(PlanRevision).where(PlanRevision.programme_id == programme.id).order_by(PlanRevision.number.desc())
    )


def previous_plan_revision(revision: PlanRevision) -> PlanRevision | None:
    """The last revision before ``revision`` that has a plan."""
    return db.session.scalar(
        select(PlanRevision)
        .where(
            PlanRevision.programme_id == revision.programme_id,
            PlanRevision.number < revision.number,
            PlanRevision.status.in_(PLAN_FOUND),
        )
        .order_by(PlanRevision.number.desc())
    )


def last_job(programme: Programme) -> SolveJob | None:
    return db.session.scalar(
        select(SolveJob).where(SolveJob.programme_id == programme.id).order_by(SolveJob.id.desc())
    )


# The month calendar --------------------------------------------------------------------------


@dataclass
class Month:
    first: date
    #: Weeks of five working days (Monday–Friday); a day outside the month is None.
    weeks: list[list[date | None]]


def months(start: date, end: date) -> list[Month]:
    result = []
    first = start.replace(day=1)
    while first <= end:
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
            days = [d if d.month == first.month else None for d in week[:5]]
            if any(days):
                weeks.append(days)
        result.append(Month(first, weeks))
        first = (first + timedelta(days=32)).replace(day=1)
    return result


def by_date(rows: list[Inspection]) -> dict[date, list[Inspection]]:
    days: dict[date, list[Inspection]] = defaultdict(list)
    for row in rows:
        days[row.date].append(row)
    return days


# Loads -----------------------------------------------------------------------------------------


@dataclass
class InspectorLoad:
    name: str
    max_per_week: int
    per_week: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.per_week.values())


def loads(rows: list[Inspection]) -> tuple[list[tuple[int, int]], list[InspectorLoad]]:
    """ISO weeks that have inspections, and each inspector's number of inspections in them."""
    per: dict[int, InspectorLoad] = {}
    weeks: set[tuple[int, int]] = set()
    for row in rows:
        week = row.date.isocalendar()[:2]
        weeks.add(week)
        for member in row.members:
            inspector = member.inspector
            load = per.setdefault(inspector.id, InspectorLoad(inspector.full_name, inspector.max_per_week))
            load.per_week[week] = load.per_week.get(week, 0) + 1
    return sorted(weeks), sorted(per.values(), key=lambda load: (-load.total, load.name))


# Coverage --------------------------------------------------------------------------------------


@dataclass
class Coverage:
    covered: int
    total: int
    needed: int
    target_percent: float

    @property
    def percent(self) -> float:
        return 100 * self.covered / self.total if self.total else 0.0

    @property
    def met(self) -> bool:
        return self.covered >= self.needed


def coverage(programme: Programme, rows: list[Inspection], total: int) -> Coverage:
    """Units covered by the inspections against the target: strictly more than the fraction."""
    fraction = programme.coverage_fraction
    needed = coverage_needed(fraction, total)
    return Coverage(len({r.unit_id for r in rows}), total, needed, float(fraction * 100))


# Reasons and changes -------------------------------------------------------------------------


@dataclass
class UnitReason:
    code: str
    name: str
    weight: int
    covered: bool
    reason: dict
    #: Due date of the long-overdue corrective action that made the unit mandatory, if any.
    follow_up: date | None = None


def reasons(revision: PlanRevision) -> list[UnitReason]:
    instance, plan = revision.instance, revision.plan
    covered = {i["unit"] for i in plan.get("inspections", [])}
    codes = plan.get("reason_codes") or {}
    rows = [
        UnitReason(u["id"], u.get("name", ""), u.get("weight", 1), u["id"] in covered, codes.get(u["id"]) or {},
                   date.fromisoformat(u["follow_up"]) if u.get("follow_up") else None)
        for u in instance.get("units", [])
    ]
    return sorted(rows, key=lambda r: (not r.covered, -r.weight, r.code))


def change_list(revision: PlanRevision) -> tuple[PlanRevision | None, changes.ChangeList | None]:
    """The revision before ``revision`` that has a plan, and every change from it, by cause."""
    previous = previous_plan_revision(revision)
    if previous is None:
        return None, None
    return previous, changes.compare(previous.plan, revision.plan, previous.instance, revision.instance,
                                     by_hand=revision.source == RevisionSource.EDIT)


def clashes(programme: Programme, today: date) -> list[Clash]:
    """The programme's planned inspections, from today on, that leave, a blackout or a holiday
    entered since now breaks."""
    return find_clashes(today, programme.id)


@dataclass
class FollowUp:
    unit: Unit
    #: Due date of the corrective action left unanswered the longest.
    due: date
    days_overdue: int
    declined: bool


def follow_ups(programme: Programme | None, today: date) -> list[FollowUp]:
    """Units proposed as mandatory for a follow-up visit (a corrective action unanswered long
    after its due date), and whether the planner declined the proposal for this programme."""
    proposed = proposed_follow_ups(today)
    if not proposed:
        return []
    declined = {pu.unit_id for pu in programme.units if pu.follow_up_declined} if programme is not None else set()
    units = db.session.scalars(select(Unit).where(Unit.id.in_(proposed), Unit.active.is_(True)).order_by(Unit.code))
    return [FollowUp(u, proposed[u.id], (today - proposed[u.id]).days, u.id in declined) for u in units]


