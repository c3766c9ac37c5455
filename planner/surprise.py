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


def _pick(rng: random.Random, weights: dict[str, float], exclude: set[str]) -> str | None:
    pool = [(u, w) for u, w in weights.items() if u not in exclude]
    if not pool:
        return None
    return rng.choices([u for u, _ in pool], weights=[w for _, w in pool])[0]


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
    tried: set[str] = set()  # units that got a draw or could not take one in this round
    while len(drawn) < needed:
        unit = _pick(rng, weights, tried)
        if unit is None:
            if not drawn or len(tried) == 0:
                break
            tried = set()  # more surprises than units: draw again among all units
            unit = _pick(rng, weights, tried)
        tried.add(unit)
        days = list(occupancy.cal.days)
        rng.shuffle(days)
        placed = occupancy.try_place(unit, "surprise", days, cap) if cap is not None else None
        placed = placed or occupancy.try_place(unit, "surprise", days, None)
        if placed:
            drawn.append(placed)
        elif len(tried) == len(weights) and not _any_room(occupancy, weights):
            break
    return drawn, needed - len(drawn)


def _any_room(occupancy: Occupancy, weights: dict[str, float]) -> bool:
    """Whether some unit could still take a surprise inspection on some day."""
    for unit in weights:
        for day in occupancy.cal.days:
            if occupancy.unit_free(unit, day) and day not in occupancy.instance.unit_by_id[unit].blackout:
                slots = ("DAY",) if occupancy.instance.unit_by_id[unit].duration == 2 else ("AM", "PM")
                if any(occupancy.team_for(unit, day, s, None) for s in slots):
                    return True
    return False
