"""The seeded surprise draw (contract: "Surprise inspections must stay unpredictable").

Units are drawn before any periodic planning and independently of it, so a periodic inspection
says nothing about a unit's chance of a surprise visit. Each unit's chance is proportional to
`weight + max(1, mean weight)`: positive for every unit, higher for higher weight, and flat
enough that low-weight units are still drawn now and then.
"""

from __future__ import annotations

import random

from planner.occupancy import Occupancy
from planner.schema import Inspection


def draw_weights(occupancy: Occupancy) -> dict[str, float]:
    units = occupancy.instance.units
    mean = sum(u.weight for u in units) / len(units) if units else 0
    return {u.id: u.weight + max(1.0, mean) for u in units}


def weighted_order(rng: random.Random, weights: dict[str, float]) -> list[str]:
    """A random order of the units in which earlier places go to heavier units: sorting by
    u ** (1 / w) for uniform u is weighted sampling without replacement (Efraimidis-Spirakis)."""
    keys = {unit: rng.random() ** (1.0 / w) for unit, w in weights.items()}
    return sorted(weights, key=lambda unit: -keys[unit])


def _keep_previous(occupancy: Occupancy, needed: int) -> list[Inspection]:
    """Re-planning: previous surprise inspections still ahead stay where they were if possible."""
    instance = occupancy.instance
    kept = []
    for prev in instance.previous:
        if len(kept) >= needed or prev.kind != "surprise" or prev.date < instance.today:
            continue
        if any(p.key() == prev.key() for p in instance.pinned):
            continue
        placed = occupancy.try_place(prev.unit, "surprise", [prev.date], None)
        if placed:
            kept.append(placed)
    return kept


def surprise_draw(occupancy: Occupancy, seed: int, cap: int | None = None) -> tuple[list[Inspection], int]:
    """Add the surprise inspections still to be drawn (surprise_count minus pinned ones) to
    `occupancy`; return them and how many could not be placed on any staffable day. Teams are
    the least loaded, within `cap` inspections each if possible."""
    instance = occupancy.instance
    needed = instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned)
    drawn = _keep_previous(occupancy, needed)
    rng = random.Random(seed)
    weights = draw_weights(occupancy)
    while len(drawn) < needed:
        placed_this_round = 0  # more surprises than units: later rounds draw units again
        for unit in weighted_order(rng, weights):
            if len(drawn) >= needed:
                break
            days = list(occupancy.cal.days)
            rng.shuffle(days)
            placed = occupancy.try_place(unit, "surprise", days, cap) if cap is not None else None
            placed = placed or occupancy.try_place(unit, "surprise", days, None)
            if placed:
                drawn.append(placed)
                placed_this_round += 1
        if not placed_this_round:
            break
    return drawn, needed - len(drawn)
