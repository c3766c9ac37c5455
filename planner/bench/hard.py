"""Hard instances: the shapes where a blind periodic plan can leave no room for the surprise draw.

Each family starts from a realistic instance (`generate`) and tightens one thing: few leads,
inspectors allowed one visit a week with long leave, heavy leave, a gap between two visits of a
unit longer than the horizon, a short horizon crowded with mandatory units, or more surprise
inspections than units. `witness` builds a valid plan for the instance without the
unpredictability policy (surprise inspections placed first, on the units that need covering), so
that every instance counted is known to be feasible.
"""

from __future__ import annotations

import datetime as dt
import random

from planner.aggregate import inspector_capacity
from planner.bench.generate import generate
from planner.check import violations
from planner.occupancy import Calendar, Occupancy
from planner.schema import Inspection, load_instance

RATIO = 1.15  # lead capacity over the inspections every plan needs, in the fitted families
FAMILIES = ("tight_leads", "weekly_one", "heavy_leave", "long_gap", "long_gap_half",
            "short_crowded", "all_drawn")


def _leave_blocks(rng: random.Random, days: list[str], share: float) -> list[str]:
    """Unavailable days making up about `share` of the working days, in blocks of one to six weeks."""
    off: set[str] = set()
    while len(off) < share * len(days):
        start = rng.randrange(len(days))
        off.update(days[start:start + 5 * rng.randint(1, 6)])
    return sorted(off)


def _workdays(data: dict) -> list[str]:
    return [d.isoformat() for d in load_instance(data).working_days]


def _needed(data: dict) -> int:
    """Fewest inspections any plan has: the units to cover and the surprise inspections."""
    instance = load_instance(data)
    mandatory = sum(u.mandatory for u in instance.units)
    return max(instance.coverage_needed, mandatory) + instance.rules.surprise_count


def _lead_capacity(data: dict) -> int:
    instance = load_instance(data)
    cal = Calendar(instance)
    return inspector_capacity(instance, cal, Occupancy(cal), leads_only=True)


def _fit_horizon(data: dict, ratio: float) -> None:
    """Shorten the horizon (whole weeks) until the leads can staff about `ratio` × the inspections
    every plan needs: tight, but every instance keeps room for a valid plan."""
    start = dt.date.fromisoformat(data["horizon"]["start"])
    weeks = (dt.date.fromisoformat(data["horizon"]["end"]) - start).days // 7 + 1
    while weeks > 2:
        data["horizon"]["end"] = (start + dt.timedelta(7 * (weeks - 1) - 3)).isoformat()
        if _lead_capacity(data) <= ratio * _needed(data):
            break
        weeks -= 1


def hard_instance(family: str, size: str, seed: int = 1) -> dict:
    """An instance of one hard family, built on the realistic instance of `size`."""
    data = generate(size, seed)
    rng = random.Random(f"{family}-{size}-{seed}")
    rules, people, units = data["rules"], data["inspectors"], data["units"]
    rules["max_inspections"] = None  # no budget: the periodic selection fills the calendar
    days = _workdays(data)
    if family == "tight_leads":  # one lead in eight, two visits a week each
        for k, person in enumerate(people):
            person["lead"] = k % 8 == 0
            if person["lead"]:
                person.update(max_per_week=2, home_unit=None)
        data["conflicts"] = [c for c in data["conflicts"] if int(c["inspector"][1:]) % 8]
        _fit_horizon(data, RATIO)
    elif family == "weekly_one":  # most inspectors one visit a week, a third of the days on leave
        for person in people:
            person["max_per_week"] = 1 if rng.random() < 0.8 else 2
            person["unavailable"] = _leave_blocks(rng, days, 0.35)
        _fit_horizon(data, RATIO)
    elif family == "heavy_leave":  # every inspector away about half the working days
        for person in people:
            person["unavailable"] = _leave_blocks(rng, days, 0.5)
        _fit_horizon(data, RATIO)
    elif family == "long_gap":  # a unit can be visited once: one surprise inspection per unit
        rules.update(min_gap_days=365, surprise_count=len(units))
    elif family == "long_gap_half":  # half the units drawn, none visited twice
        rules.update(min_gap_days=365, surprise_count=len(units) // 2)
    elif family == "short_crowded":  # a nine-week window, four units in five mandatory
        data["horizon"]["end"] = (dt.date.fromisoformat(data["horizon"]["start"]) + dt.timedelta(60)).isoformat()
        for unit in units:
            unit["mandatory"] = rng.random() < 0.8
        for person in people:
            if person["lead"]:
                person["home_unit"] = None
        data["conflicts"] = []
        leads = [p for p in people if p["lead"]]
        while len(leads) > 2 and _lead_capacity(data) > RATIO * _needed(data):
            leads.pop()["lead"] = False
    elif family == "all_drawn":  # more surprise inspections than units
        rules["surprise_count"] = len(units) + len(units) // 10
    else:
        raise ValueError(f"unknown family {family!r}")
    return data


def witness(data: dict) -> list[Inspection]:
    """A plan that ignores the unpredictability policy: surprise inspections first, on mandatory
    then heavy units, then periodic inspections for what coverage still needs."""
    instance = load_instance(data)
    cal = Calendar(instance)
    occupancy = Occupancy(cal)
    for ins in instance.pinned:
        occupancy.add(ins)
    order = sorted(instance.units, key=lambda u: (not u.mandatory, -u.weight, u.id))
    due = instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned)
    placed = 0
    while placed < due:
        before = placed
        for unit in order:
            if placed < due and occupancy.try_place(unit.id, "surprise", cal.unit_days(unit.id), None):
                placed += 1
        if placed == before:
            break
    for unit in order:
        covered = len(occupancy.unit_dates)
        if unit.id not in occupancy.unit_dates and (unit.mandatory or covered < instance.coverage_needed):
            occupancy.try_place(unit.id, "periodic", cal.unit_days(unit.id), None)
    return occupancy.inspections


def witness_ok(data: dict) -> bool:
    """Whether `witness` finds a valid plan: the instance is then certainly feasible."""
    return not violations(load_instance(data), witness(data))
