"""Schedule phase: give each chosen item a day, slot and team, keeping every load under a cap.

The cap starts at the aggregate's load floor (the smallest largest-load any plan with that many
inspections can have), so a fully placed schedule meets the bound's balance term exactly. Items
are spread over the horizon so weekly limits rarely bind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from planner.aggregate import Aggregate, Item
from planner.occupancy import Occupancy
from planner.schema import Inspection, Instance
from planner.stability import intact


@dataclass
class Scheduled:
    placed: list[Inspection] = field(default_factory=list)
    failed: list[Item] = field(default_factory=list)  # chosen items no team could take
    cap: int | None = None
    complete: bool = True  # False when time ran out before every item was tried


def _spread_days(occupancy: Occupancy, position: int, total: int) -> list:
    """All working days, starting at a point proportional to `position` so load is spread."""
    days = occupancy.cal.days
    if not days:
        return []
    start = (position * len(days)) // max(total, 1)
    return list(days[start:]) + list(days[:start])


def _place(occupancy: Occupancy, item: Item, days: list, cap: int | None) -> Inspection | None:
    """Re-planning keeps the previous date (worth `stability`) and team (worth `team_stability`
    per change) where it can, else moves the inspection as little as possible."""
    previous = item.previous
    if item.keep_date is not None:
        placed = occupancy.try_place(item.unit, "periodic", [item.keep_date], cap, prefer=previous)
        if placed:
            return placed
    if previous is not None:
        days = occupancy.cal.nearest_days(item.unit, previous.date)
    return occupancy.try_place(item.unit, "periodic", days, cap, prefer=previous)


def _order(instance: Instance, chosen: list[Item]) -> list[Item]:
    """Keep-date items first (their day is fixed), those whose previous team is still allowed
    before the others (so that re-staffing one cannot take the people another one keeps), then
    mandatory, then by value."""
    def key(item: Item):
        whole = item.previous is not None and intact(instance, item.previous)
        return (item.keep_date is None, not whole, not item.mandatory, -item.value, item.unit)
    return sorted(chosen, key=key)


def schedule(occupancy: Occupancy, agg: Aggregate, time_left: Callable[[], float],
             raise_left: Callable[[], float] | None = None) -> Scheduled:
    """Place the aggregate's chosen items; raise the load cap only when an item is worth it (and
    `raise_left` time remains). Stops where it is when time runs out (the plan is then
    incomplete)."""
    raise_left = raise_left or time_left
    chosen = _order(occupancy.instance, agg.chosen)
    cap = agg.load_floor[len(agg.chosen)]
    result = Scheduled(cap=cap)
    for position, item in enumerate(chosen):
        if time_left() <= 0:
            result.failed += chosen[position:]
            result.complete = False
            return result
        days = _spread_days(occupancy, position, len(chosen))
        placed = _place(occupancy, item, days, cap)
        while placed is None and _worth_raising(item, agg, cap, raise_left):
            cap += 1
            placed = _place(occupancy, item, days, cap)
        if placed is None:
            placed = _place(occupancy, item, days, None) if item.mandatory else None
        if placed is None:
            result.failed.append(item)
        else:
            result.placed.append(placed)
    result.cap = cap
    _refill(occupancy, agg, result, cap, time_left)
    return result


def _worth_raising(item: Item, agg: Aggregate, cap: int, time_left: Callable[[], float]) -> bool:
    limit = len(agg.items) + max((f for f in agg.load_floor if f is not None), default=0)
    return (item.mandatory or item.value > agg.balance) and cap < limit and time_left() > 0


def _refill(occupancy: Occupancy, agg: Aggregate, result: Scheduled, cap: int,
            time_left: Callable[[], float]) -> None:
    """Replace failed items with the best unchosen ones, first to restore coverage, then for value."""
    if not result.failed:
        return
    budget = agg.k_max - len(result.placed)
    chosen_units = {i.unit for i in agg.chosen}
    spare = [i for i in agg.items if i.unit not in chosen_units and i.value > 0]
    short = agg.k_min - sum(i.new_unit for i in agg.chosen if i not in result.failed)
    for item in sorted(spare, key=lambda i: (not i.new_unit if short > 0 else False, -i.value)):
        if budget <= 0 or time_left() <= 0:
            break
        placed = _place(occupancy, item, list(occupancy.cal.days), cap if short <= 0 else None)
        if placed:
            result.placed.append(placed)
            budget -= 1
            short -= item.new_unit
