"""Improvement phase for instances too large for the exact model: large-neighbourhood search.

One ISO week at a time, the periodic inspections in that week are freed and the exact CP-SAT
model re-plans the week (their teams and days, and which of the best uncovered units to add;
a periodic inspection is never dropped, so the surprise draw stays invisible) with
everything outside the week fixed and the current plan as a hint. Weeks are whole so that the
weekly limits (rule 4) are inside the window; the balance term sees the loads outside.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from planner.check import score
from planner.model_exact import ExactModel
from planner.occupancy import Calendar, Occupancy
from planner.schema import Inspection, Instance

CANDIDATES = 40  # uncovered units offered to each window, best first
WINDOW_WORK = 2.0  # deterministic-time limit of one window solve


def _candidates(instance: Instance, cal: Calendar, fixed: Occupancy, days: set) -> set[str]:
    previous = {p.unit for p in instance.previous if p.kind == "periodic"}
    free = [u for u in instance.units if u.id not in fixed.unit_dates
            and any(d in days and fixed.unit_free(u.id, d) for d in cal.unit_days(u.id))]
    free.sort(key=lambda u: (-(u.weight + instance.stability * (u.id in previous)), u.id))
    return {u.id for u in free[:CANDIDATES]}


def _window(instance: Instance, cal: Calendar, plan: list[Inspection], days: set, seed: int,
            time_left: float) -> list[Inspection] | None:
    pinned = set(instance.pinned)
    movable = [i for i in plan if i.date in days and i.kind == "periodic" and i not in pinned]
    fixed = Occupancy(cal)
    for ins in plan:
        if ins not in movable:
            fixed.add(ins)
    units = {i.unit for i in movable} | _candidates(instance, cal, fixed, days)
    if not units:
        return None
    keep = frozenset(i.unit for i in movable)  # move or re-staff periodic inspections, never drop them
    model = ExactModel(instance, cal, fixed, [], days=days, units=units, keep_periodic=keep)
    model.hint(plan)
    result = model.solve(time_left, seed, workers=1, deterministic_limit=WINDOW_WORK)
    return result.plan


def improve(instance: Instance, cal: Calendar, plan: list[Inspection], bound: int | None, seed: int,
            time_left: Callable[[], float]) -> list[Inspection]:
    """Re-plan week after week while it pays and time is left; never returns a worse plan."""
    weeks = sorted(set(cal.week.values()))
    random.Random(seed).shuffle(weeks)
    best = score(instance, plan)
    idle = 0
    while weeks and idle < len(weeks) and time_left() > 0.5 and (bound is None or best < bound):
        week = weeks[0]
        weeks = weeks[1:] + [week]
        days = {d for d in cal.days if cal.week[d] == week}
        candidate = _window(instance, cal, plan, days, seed, time_left() - 0.2)
        value = score(instance, candidate) if candidate else best
        if value > best:
            plan, best, idle = candidate, value, 0
        else:
            idle += 1
    return plan
