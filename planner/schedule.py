"""Schedule phase: give each chosen item a day, slot and team, keeping every load under a cap.

The cap starts at the aggregate's load floor (the smallest largest-load any plan with that many
inspections can have), so a fully placed schedule meets the bound's balance term exactly. Items
are spread over the horizon so weekly limits rarely bind.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from planner.aggregate import Aggregate, Item
from planner.occupancy import Occupancy
from planner.schema import Inspection


@dataclass
class Scheduled:
    placed: list[Inspection] = field(default_factory=list)
    failed: list[Item] = field(default_factory=list)  # chosen items no team could take
    cap: int | None = None


def _spread_days(occupancy: Occupancy, position: int, total: int) -> list:
    """All working days, starting at a point proportional to `position` so load is spread."""
    days = occupancy.cal.days
    if not days:
        return []
    start = (position * len(days)) // max(total, 1)
    return list(days[start:]) + list(days[:start])


def _place(occupancy: Occupancy, item: Item, days: list, cap: int | None) -> Inspection | None:
    if item.keep_date is not None:  # keeping the previous date is worth `stability`
        placed = occupancy.try_place(item.unit, "periodic", [item.keep_date], cap)
        if placed:
            return placed
    return occupancy.try_place(item.unit, "periodic", days, cap)


def _order(chosen: list[Item]) -> list[Item]:
    """Keep-date items first (their day is fixed), then mandatory, then by value."""
    return sorted(chosen, key=lambda i: (i.keep_date is None, not i.mandatory, -i.value, i.unit))


def schedule(occupancy: Occupancy, agg: Aggregate, deadline: float) -> Scheduled:
    """Place the aggregate's chosen items; raise the load cap only when an item is worth it."""
    chosen = _order(agg.chosen)
    cap = agg.load_floor[len(agg.chosen)]
    result = Scheduled(cap=cap)
    for position, item in enumerate(chosen):
        days = _spread_days(occupancy, position, len(chosen))
        placed = _place(occupancy, item, days, cap)
        while placed is None and _worth_raising(item, agg, cap, deadline):
            cap += 1
            placed = _place(occupancy, item, days, cap)
        if placed is None:
            placed = _place(occupancy, item, days, None) if item.mandatory else None
        if placed is None:
            result.failed.append(item)
        else:
            result.placed.append(placed)
    result.cap = cap
    _refill(occupancy, agg, result, cap)
    return result


def _worth_raising(item: Item, agg: Aggregate, cap: int, deadline: float) -> bool:
    limit = len(agg.items) + max((f for f in agg.load_floor if f is not None), default=0)
    return (item.mandatory or item.value > agg.balance) and cap < limit and time.monotonic() < deadline


def _refill(occupancy: Occupancy, agg: Aggregate, result: Scheduled, cap: int) -> None:
    """Replace failed items with the best unchosen ones, first to restore coverage, then for value."""
    if not result.failed:
        return
    budget = agg.k_max - len(result.placed)
    chosen_units = {i.unit for i in agg.chosen}
    spare = [i for i in agg.items if i.unit not in chosen_units and i.value > 0]
    short = agg.k_min - sum(i.new_unit for i in agg.chosen if i not in result.failed)
    for item in sorted(spare, key=lambda i: (not i.new_unit if short > 0 else False, -i.value)):
        if budget <= 0:
            break
        placed = _place(occupancy, item, list(occupancy.cal.days), cap if short <= 0 else None)
        if placed:
            result.placed.append(placed)
            budget -= 1
            short -= item.new_unit
