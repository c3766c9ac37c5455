"""Room for the surprise draw in a periodic plan chosen blind to it.

Before the real draw, draws from fixed simulation seeds (never the real seed) are tried on
copies of the periodic plan; while one of them cannot place every surprise inspection, the
lowest-value periodic inspections are dropped, as many as that draw missed. The periodic plan
that comes out depends on the instance only, not on the seed.

If the real draw still misses some, the same repair runs on it: the lowest-value periodic
inspections go (chosen by value alone, whoever was drawn) and the passed-over units are tried
again. A plan whose coverage then falls short gets periodic inspections for the heaviest
uncovered units. Both repairs are counted in the plan's stats: with them the periodic plan
depends on the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.occupancy import Occupancy
from planner.schema import Inspection
from planner.surprise import Draw

SIMULATION_SEEDS = (7919, 104729, 1299709, 15485863, 179424673, 2038074743, 433494437, 2971215073)


def drop_order(occupancy: Occupancy) -> list[Inspection]:
    """Periodic inspections that may go, least valuable first: never a pinned one, never the
    only inspection of a mandatory unit. Value: the unit's weight if nothing else covers it,
    plus `stability` if it keeps a previous inspection."""
    instance = occupancy.instance
    pinned = set(instance.pinned)
    previous = {p.key() for p in instance.previous}
    per_unit = {u: len(d) for u, d in occupancy.unit_dates.items()}
    candidates = []
    for ins in occupancy.inspections:
        unit = instance.unit_by_id[ins.unit]
        alone = per_unit[ins.unit] == 1
        if ins.kind != "periodic" or ins in pinned or (unit.mandatory and alone):
            continue
        value = unit.weight * alone + instance.stability * (ins.key() in previous)
        candidates.append((value, ins.unit, ins.date.toordinal(), ins))
    return [c[-1] for c in sorted(candidates, key=lambda c: c[:3])]


def coverage_short(occupancy: Occupancy) -> int:
    """Units still to cover: coverage (rule 2) and uncovered mandatory units."""
    instance = occupancy.instance
    covered = set(u for u, d in occupancy.unit_dates.items() if d)
    mandatory = sum(u.mandatory and u.id not in covered for u in instance.units)
    return max(instance.coverage_needed - len(covered), mandatory)


def _drop(occupancy: Occupancy, count: int) -> list[Inspection]:
    dropped = drop_order(occupancy)[:count]
    for ins in dropped:
        occupancy.remove(ins)
    return dropped


def reserve(occupancy: Occupancy, cap: int | None, time_left: Callable[[], float],
            seeds: tuple[int, ...] = SIMULATION_SEEDS) -> list[Inspection]:
    """Drop periodic inspections from `occupancy` until a draw from every simulation seed fits;
    return what was dropped. Drops that leave a simulated plan short of coverage are undone and
    end the search (the real draw's repair takes over)."""
    dropped: list[Inspection] = []
    last: list[Inspection] = []
    while True:
        simulated = _simulate(occupancy, cap, time_left, seeds)
        if simulated is None:
            return dropped
        missing, short = simulated
        if short and last:
            for ins in last:
                occupancy.add(ins)
            return dropped[: len(dropped) - len(last)]
        if not missing:
            return dropped
        last = _drop(occupancy, missing)
        if not last:
            return dropped
        dropped += last


def _simulate(occupancy: Occupancy, cap: int | None, time_left: Callable[[], float],
              seeds: tuple[int, ...]) -> tuple[int, int] | None:
    """What the first simulated draw that fails missed (surprise inspections, units to cover),
    (0, 0) if every one fits; None if time ran out (an unfinished simulation says nothing)."""
    for seed in seeds:
        trial = occupancy.copy()
        draw = Draw(trial, seed, cap, time_left).run()
        if time_left() <= 0:
            return None
        if draw.missing or coverage_short(trial):
            return draw.missing, coverage_short(trial)
    return 0, 0


@dataclass
class Repair:
    dropped: list[Inspection]
    added: list[Inspection]


def repair(occupancy: Occupancy, draw: Draw, time_left: Callable[[], float]) -> Repair:
    """Make room for what the real draw missed, then restore coverage if it fell short."""
    result = Repair([], [])
    while draw.missing > 0 and time_left() > 0:
        batch = _drop(occupancy, draw.missing)
        if not batch:
            draw.run(seconds=True)
            break
        result.dropped += batch
        draw.retry()
    if coverage_short(occupancy):
        result.added = _cover(occupancy, draw.cap)
    return result


def _cover(occupancy: Occupancy, cap: int | None) -> list[Inspection]:
    """Periodic inspections for uncovered mandatory units, then for the heaviest uncovered units
    until rule 2 holds, within the budget."""
    instance = occupancy.instance
    budget = instance.rules.max_inspections
    covered = {u for u, dates in occupancy.unit_dates.items() if dates}
    added = []
    for unit in sorted(instance.units, key=lambda u: (not u.mandatory, -u.weight, u.id)):
        if unit.id in covered or not (unit.mandatory or len(covered) < instance.coverage_needed):
            continue
        if budget is not None and len(occupancy.inspections) >= budget:
            break
        days = occupancy.cal.unit_days(unit.id)
        placed = occupancy.try_place(unit.id, "periodic", days, cap) if cap is not None else None
        placed = placed or occupancy.try_place(unit.id, "periodic", days, None)
        if placed:
            added.append(placed)
            covered.add(unit.id)
    return added
