"""The planner instance ("inspection-instance/1", docs/planner-format.md) built from the database.

Ids in the instance are stable across solves: a unit is its code, an inspector ``I<id>``. The
same keys are used in plans, so a plan stored in a revision can be mapped back to rows.

Beside the contract's keys a unit may carry ``follow_up`` (the due date of its long-overdue
corrective action): the application's record of why it was made mandatory; the planner ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspection import clock
from inspection.checklists.queries import oldest_overdue_action_by_unit
from inspection.extensions import db
from inspection.orgs.queries import active_units
from inspection.planning import risk
from inspection.planning.clashes import clashes
from models import Holiday, Inspection, InspectionStatus, Inspector, InspectorConflict, Programme, Unit, UnitBlackout

INSTANCE_FORMAT = "inspection-instance/1"
PLAN_FORMAT = "inspection-plan/1"


def unit_key(unit: Unit) -> str:
    return unit.code


def inspector_key(inspector: Inspector) -> str:
    return f"I{inspector.id}"


def inspector_names(instance: dict) -> dict[str, str]:
    """Inspector ids of an instance (``I12``) → the inspectors' names."""
    return {i["id"]: i.get("name") or i["id"] for i in instance.get("inspectors", [])}


def inspection_entry(inspection: Inspection) -> dict:
    """An inspection in the contract's form (a plan's, pinned or previous entry)."""
    return {
        "unit": unit_key(inspection.unit),
        "date": inspection.date.isoformat(),
        "slot": inspection.slot.value,
        "kind": inspection.kind.value,
        "inspectors": sorted(inspector_key(m.inspector) for m in inspection.members),
        "lead": inspector_key(inspection.lead) if inspection.lead is not None else None,
    }


def active_inspectors() -> list[Inspector]:
    query = (select(Inspector).where(Inspector.active.is_(True))
             .options(selectinload(Inspector.leaves), selectinload(Inspector.home_unit)).order_by(Inspector.id))
    return list(db.session.scalars(query))


#: A unit with a corrective action still unanswered this many days after its due date is proposed
#: as mandatory for a follow-up visit in the next plan (the planner may untick it).
FOLLOW_UP_AFTER_DAYS = 60


def proposed_follow_ups(today: date) -> dict[int, date]:
    """Units due a follow-up visit: unit id → due date of the long-overdue corrective action."""
    return oldest_overdue_action_by_unit(today, FOLLOW_UP_AFTER_DAYS)


def build_instance(
    programme: Programme,
    today: date | None = None,
    pinned: Iterable[dict] = (),
    previous: Iterable[dict] = (),
) -> dict:
    """The instance of ``programme`` as the database has it now.

    ``today`` (default: the window's start) is clamped into the window, as the planner requires.
    Leave, blackout and holiday dates before ``today`` are left out: nothing can be placed there
    any more, and an inspection that already took place (pinned) stays as it was even when leave
    is entered for its day afterwards. Pinned and previous entries outside the window or naming
    a unit or inspector that is no longer active are left out: the planner would refuse the
    whole instance for them.
    """
    start, end = programme.window_start, programme.window_end
    today = min(max(today or start, start), end)
    units = active_units()
    inspectors = active_inspectors()
    unit_ids = {u.id for u in units}
    settings = {pu.unit_id: pu for pu in programme.units}
    # Risk and follow-ups are assessed on the figures known now, as the weights page shows them.
    weights = risk.unit_weights(programme, units, clock.today())
    follow_ups = {unit_id: due for unit_id, due in proposed_follow_ups(clock.today()).items()
                  if not (unit_id in settings and settings[unit_id].follow_up_declined)}

    def ahead(days) -> list[str]:
        return sorted(d.isoformat() for d in days if today <= d <= end)

    blackouts = _blackouts(today, end)
    unit_items = [
        _unit_item(u, weights[u.id], settings.get(u.id), follow_ups.get(u.id), ahead(blackouts.get(u.id, ())))
        for u in units
    ]
    inspector_items = [
        {
            "id": inspector_key(i),
            "name": i.full_name,
            "home_unit": i.home_unit.code if i.home_unit_id in unit_ids else None,
            "lead": bool(i.can_lead),
            "unavailable": ahead(i.unavailable_dates()),
            "max_per_week": i.max_per_week,
        }
        for i in inspectors
    ]
    known_units = {item["id"] for item in unit_items}
    known_inspectors = {item["id"] for item in inspector_items}
    return {
        "format": INSTANCE_FORMAT,
        "horizon": {"start": start.isoformat(), "end": end.isoformat()},
        "today": today.isoformat(),
        "workdays": [1, 2, 3, 4, 5],
        "holidays": _holidays(today, end),
        "rules": {
            "coverage_fraction": float(programme.coverage_fraction),
            "team_min": programme.team_min,
            "team_max": programme.team_max,
            "min_gap_days": programme.min_gap_days,
            "surprise_count": programme.surprise_count,
            "max_inspections": programme.max_inspections,
            "seed": programme.seed,
        },
        "objective": {"balance": programme.balance_weight, "stability": programme.stability_weight},
        "units": unit_items,
        "inspectors": inspector_items,
        "conflicts": _conflicts(inspectors, unit_ids),
        "pinned": _usable(pinned, start, end, known_units, known_inspectors),
        "previous": _usable(previous, start, end, known_units, known_inspectors),
    }


def _unit_item(unit: Unit, weight: int, setting, follow_up: date | None, blackout: list[str]) -> dict:
    item = {
        "id": unit_key(unit),
        "name": unit.name,
        "area": unit.area or "",
        "weight": weight,
        "mandatory": bool(setting is not None and setting.mandatory) or follow_up is not None,
        "duration": setting.duration if setting is not None else 1,
        "blackout": blackout,
    }
    if follow_up is not None:
        item["follow_up"] = follow_up.isoformat()
    return item


#: Statuses of inspections that have begun: every solve keeps them exactly.
STARTED = (
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.SUBMITTED,
    InspectionStatus.APPROVED,
    InspectionStatus.RETURNED,
)


def fixed_rows(programme: Programme, day: date, leave_out: Inspection | None = None) -> list[Inspection]:
    """The inspections a change of the plan from ``day`` on must keep exactly: those dated before
    it (whatever their status), started ones, and pinned ones that still hold. A pinned one that
    now collides with leave, a blackout or a holiday cannot stay as it is, so it is not fixed."""
    rows = db.session.scalars(
        select(Inspection)
        .where(Inspection.programme_id == programme.id, Inspection.status != InspectionStatus.CANCELLED)
        .order_by(Inspection.date, Inspection.id)
    )
    broken = {c.inspection.id for c in clashes(day, programme.id)}
    return [r for r in rows if r is not leave_out
            and (r.date < day or r.status in STARTED or (r.pinned and r.id not in broken))]


def solve_instance(programme: Programme, replan_from: date | None = None) -> dict:
    """The instance a solve of ``programme`` works on.

    A plan of the whole window pins started inspections and those a planner pinned. A re-plan
    from D (contract 1.1) is a solve with ``today`` = D: every inspection dated before D is
    pinned as well, whatever its status, and the other inspections are passed as ``previous``,
    which the planner keeps where they still hold, with their slot and team, and moves as
    little as possible otherwise.
    """
    day = min(max(replan_from or programme.window_start, programme.window_start), programme.window_end)
    fixed = fixed_rows(programme, day)
    previous = []
    if replan_from is not None:
        fixed_ids = {r.id for r in fixed}
        previous = [inspection_entry(r) for r in db.session.scalars(
            select(Inspection)
            .where(Inspection.programme_id == programme.id, Inspection.status == InspectionStatus.PLANNED)
            .order_by(Inspection.date, Inspection.id)
        ) if r.id not in fixed_ids]
    return build_instance(programme, today=day, pinned=[inspection_entry(r) for r in fixed], previous=previous)


def _blackouts(start: date, end: date) -> dict[int, set[date]]:
    """Unit id → its blackout days from ``start`` to ``end`` (one query for every unit)."""
    days: dict[int, set[date]] = {}
    periods = db.session.scalars(
        select(UnitBlackout).where(UnitBlackout.end_date >= start, UnitBlackout.start_date <= end)
    )
    for period in periods:
        days.setdefault(period.unit_id, set()).update(period.dates())
    return days


def _holidays(start: date, end: date) -> list[str]:
    """Holidays from ``start`` to ``end``."""
    days = db.session.scalars(select(Holiday.date).where(Holiday.date.between(start, end)).order_by(Holiday.date))
    return [d.isoformat() for d in days]


def _conflicts(inspectors: list[Inspector], unit_ids: set[int]) -> list[dict]:
    ids = [i.id for i in inspectors]
    rows = db.session.scalars(
        select(InspectorConflict)
        .where(InspectorConflict.inspector_id.in_(ids), InspectorConflict.unit_id.in_(unit_ids))
        .order_by(InspectorConflict.inspector_id, InspectorConflict.unit_id)
    )
    return [{"inspector": inspector_key(c.inspector), "unit": unit_key(c.unit)} for c in rows]


def _usable(entries: Iterable[dict], start: date, end: date, units: set[str], inspectors: set[str]) -> list[dict]:
    kept = []
    for entry in entries:
        if entry["unit"] not in units or entry.get("lead") not in inspectors:
            continue
        if not all(i in inspectors for i in entry["inspectors"]):
            continue
        if not start.isoformat() <= entry["date"] <= end.isoformat():
            continue
        kept.append(dict(entry))
    return kept
