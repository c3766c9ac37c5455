"""The planner instance ("inspection-instance/1", docs/planner-format.md) built from the database.

Ids in the instance are stable across solves: a unit is its code, an inspector ``I<id>``. The
same keys are used in plans, so a plan stored in a revision can be mapped back to rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from inspection import clock
from inspection.extensions import db
from inspection.orgs.queries import active_units
from inspection.planning import risk
from models import Holiday, Inspection, Inspector, InspectorConflict, Programme, Unit

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
    return list(db.session.scalars(select(Inspector).where(Inspector.active.is_(True)).order_by(Inspector.id)))


def build_instance(
    programme: Programme,
    today: date | None = None,
    pinned: Iterable[dict] = (),
    previous: Iterable[dict] = (),
) -> dict:
    """The instance of ``programme`` as the database has it now.

    ``today`` (default: the window's start) is clamped into the window, as the planner requires.
    Pinned and previous entries outside the window or naming a unit or inspector that is no
    longer active are left out: the planner would refuse the whole instance for them.
    """
    start, end = programme.window_start, programme.window_end
    today = min(max(today or start, start), end)
    units = active_units()
    inspectors = active_inspectors()
    unit_ids = {u.id for u in units}
    settings = {pu.unit_id: pu for pu in programme.units}
    # Risk is assessed on the figures known now, as the weights page shows them.
    weights = risk.unit_weights(programme, units, clock.today())

    unit_items = [
        {
            "id": unit_key(u),
            "name": u.name,
            "area": u.area or "",
            "weight": weights[u.id],
            "mandatory": bool(settings[u.id].mandatory) if u.id in settings else False,
            "duration": settings[u.id].duration if u.id in settings else 1,
        }
        for u in units
    ]
    inspector_items = [
        {
            "id": inspector_key(i),
            "name": i.full_name,
            "home_unit": i.home_unit.code if i.home_unit_id in unit_ids else None,
            "lead": bool(i.can_lead),
            "unavailable": sorted(d.isoformat() for d in i.unavailable_dates() if start <= d <= end),
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
        "holidays": _holidays(start, end),
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


def _holidays(start: date, end: date) -> list[str]:
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
