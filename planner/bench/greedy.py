"""The spreadsheet baseline: units by weight (mandatory first), each on the earliest day with a
free team, taking inspectors in list order, until the budget minus the surprise inspections still
due is used; then the same surprise draw as the planner's (drawn after the periodic plan, as the
unpredictability rule asks)."""

from __future__ import annotations

from planner.check import score, violations
from planner.occupancy import Calendar, Occupancy
from planner.schema import Instance, load_instance
from planner.surprise import Draw


def greedy_plan(instance: Instance) -> Occupancy:
    cal = Calendar(instance)
    occupancy = Occupancy(cal)
    for ins in instance.pinned:
        occupancy.add(ins)
    position = {p.id: k for k, p in enumerate(instance.inspectors)}
    order = position.__getitem__  # "earliest free team": the first free people in the list
    due = instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned)
    budget = instance.rules.max_inspections
    for unit in sorted(instance.units, key=lambda u: (not u.mandatory, -u.weight, u.id)):
        if budget is not None and len(occupancy.inspections) >= budget - due:
            break
        if unit.id not in occupancy.unit_dates:
            occupancy.try_place(unit.id, "periodic", cal.days, None, order=order)
    Draw(occupancy, instance.rules.seed, None).run(seconds=True)
    return occupancy


def greedy_score(data: dict) -> tuple[int, bool]:
    """Score of the greedy plan and whether it keeps every hard rule."""
    instance = load_instance(data)
    plan = greedy_plan(instance).inspections
    return score(instance, plan), not violations(instance, plan)
