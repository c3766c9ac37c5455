"""Improvement phase for instances too large for the exact model: large-neighbourhood search on
the periodic plan, before the surprise draw.

One ISO week at a time, the periodic inspections in that week are freed and the exact CP-SAT
model re-plans the week (their teams and days, and which of the best uncovered units to add; a
periodic inspection is never dropped) with everything outside the week fixed and the current
plan as a hint. Weeks are whole so that the weekly limits (rule 4) are inside the window; the
balance term sees the loads outside.

The search knows nothing of the draw: the week order and the solver's seed are constants and
each window has a deterministic work limit, so the periodic plan is the same whatever the seed.
In a re-plan, the inspections kept exactly as they were are not freed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from planner.check import score
from planner.model_exact import ExactModel
from planner.occupancy import Calendar, Occupancy
from planner.schema import Inspection, Instance
from planner.stability import exact_keeps

CANDIDATES = 40  # uncovered units offered to each window, best first
WINDOW_WORK = 2.0  # deterministic-time limit of one window solve
ORDER_SEED = 0  # the week order and the solver seed: never the draw's seed


def window_estimate(instance: Instance, cal: Calendar) -> int:
    """Rough number of assign variables of one week's model: the inspections of an average week
    and the candidates, on five days, in two slots, with everyone available."""
    weeks = max(len(set(cal.week.values())), 1)
    per_week = (instance.rules.max_inspections or len(instance.units)) / weeks + CANDIDATES
    people = sum(len(p) for p in cal.available.values()) / max(len(cal.days), 1)
    return int(per_week * 5 * 2 * people)


def _candidates(instance: Instance, cal: Calendar, fixed: Occupancy, days: set) -> set[str]:
    previous = {p.unit for p in instance.previous if p.kind == "periodic"}
    free = [u for u in instance.units if u.id not in fixed.unit_dates
            and any(d in days and fixed.unit_free(u.id, d) for d in cal.unit_days(u.id))]
    free.sort(key=lambda u: (-(u.weight + instance.stability * (u.id in previous)), u.id))
    return {u.id for u in free[:CANDIDATES]}


def _window(instance: Instance, cal: Calendar, plan: list[Inspection], days: set, reserve: int,
            blocks: list[Inspection], time_left: float) -> list[Inspection] | None:
    frozen = set(instance.pinned) | exact_keeps(instance, plan)
    movable = [i for i in plan if i.date in days and i.kind == "periodic" and i not in frozen]
    fixed = Occupancy(cal)
    for ins in plan:
        if ins not in movable:
            fixed.add(ins)
    for ins in blocks:
        fixed.block(ins)
    units = {i.unit for i in movable} | _candidates(instance, cal, fixed, days)
    if not units:
        return None
    keep = frozenset(i.unit for i in movable)  # move or re-staff periodic inspections, never drop them
    model = ExactModel(instance, cal, fixed, [], days=days, units=units, keep_periodic=keep, reserve=reserve)
    model.hint(plan)
    result = model.solve(time_left, ORDER_SEED, workers=1, deterministic_limit=WINDOW_WORK)
    return result.plan


def improve(instance: Instance, cal: Calendar, plan: list[Inspection], target: int | None, reserve: int,
            time_left: Callable[[], float], windows: int, blocks: list[Inspection] = ()) -> list[Inspection]:
    """Re-plan week after week while it pays, at most `windows` windows and while time is left;
    never returns a worse plan. `reserve` budget places stay free for the surprise draw, the
    people of `blocks` stay busy, and inspections kept exactly from `previous` stay as they are."""
    weeks = sorted(set(cal.week.values()))
    random.Random(ORDER_SEED).shuffle(weeks)
    best = score(instance, plan)
    idle = 0
    while weeks and windows > 0 and idle < len(weeks) and time_left() > 0 and (target is None or best < target):
        windows -= 1
        week = weeks[0]
        weeks = weeks[1:] + [week]
        days = {d for d in cal.days if cal.week[d] == week}
        candidate = _window(instance, cal, plan, days, reserve, blocks, time_left())
        value = score(instance, candidate) if candidate else best
        if value > best:
            plan, best, idle = candidate, value, 0
        else:
            idle += 1
    return plan
