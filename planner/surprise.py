"""The seeded surprise draw (contract: "Surprise inspections must stay unpredictable").

The draw comes after the periodic plan and does not change it: units are taken in a random order
drawn from the seed in which each unit's chance is proportional to `weight + max(1, mean
weight)` (positive for every unit, higher for higher weight, flat enough that quiet units are
drawn now and then), each on a day drawn uniformly among those on which a team is free and the
unit's minimum gap holds. A unit with no such day is passed over and kept in line for when room
is made (see `planner.reserve`).

Re-planning does not draw again what was drawn: a `previous` surprise inspection still ahead
keeps its unit, and its date, slot and team wherever they are still allowed, else it moves to
the nearest day possible. Only the surprise inspections still missing are drawn, among the units
without one; a unit gets a second surprise inspection only once every unit has one.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from planner.occupancy import Occupancy
from planner.schema import Inspection, Instance


def due_count(instance: Instance) -> int:
    """Surprise inspections the plan still has to add: surprise_count minus the pinned ones."""
    return max(0, instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned))


def draw_weights(instance: Instance) -> dict[str, float]:
    units = instance.units
    mean = sum(u.weight for u in units) / len(units) if units else 0
    return {u.id: u.weight + max(1.0, mean) for u in units}


def weighted_order(rng: random.Random, weights: dict[str, float]) -> list[str]:
    """A random order of the units in which earlier places go to heavier units: sorting by
    u ** (1 / w) for uniform u is weighted sampling without replacement (Efraimidis-Spirakis)."""
    keys = {unit: rng.random() ** (1.0 / w) for unit, w in weights.items()}
    return sorted(weights, key=lambda unit: -keys[unit])


def previous_surprises(instance: Instance) -> list[Inspection]:
    """The `previous` surprise inspections a re-plan keeps drawn: still ahead, not pinned."""
    pinned = {p.key() for p in instance.pinned}
    return [p for p in instance.previous
            if p.kind == "surprise" and p.date >= instance.today and p.key() not in pinned]


def keep_previous(occupancy: Occupancy, limit: int) -> list[Inspection]:
    """Place the previous surprise inspections: first every one that can stay on its date (with
    its slot and team where free), then the others on the nearest day possible; at most `limit`."""
    waiting = previous_surprises(occupancy.instance)
    kept: list[Inspection] = []
    for nearest in (False, True):
        for prev in list(waiting):
            if len(kept) >= limit:
                return kept
            days = occupancy.cal.nearest_days(prev.unit, prev.date) if nearest else [prev.date]
            placed = occupancy.try_place(prev.unit, "surprise", days, None, prefer=prev)
            if placed:
                kept.append(placed)
                waiting.remove(prev)
    return kept


class Draw:
    """One draw on an occupancy: the kept previous surprise inspections, then new units in the
    seeded order. `missing` counts what could not be placed; `retry` places passed-over units
    once room has been made."""

    def __init__(self, occupancy: Occupancy, seed: int, cap: int | None,
                 time_left: Callable[[], float] = lambda: 1.0):
        self.occupancy, self.cap, self.time_left = occupancy, cap, time_left
        instance = occupancy.instance
        self.rng = random.Random(seed)
        self.weights = {u: w for u, w in draw_weights(instance).items() if occupancy.cal.unit_days(u)}
        due = due_count(instance)
        self.kept = keep_previous(occupancy, due)
        self.new: list[Inspection] = []
        self.missing = due - len(self.kept)
        holders = {p.unit for p in instance.pinned if p.kind == "surprise"} | {k.unit for k in self.kept}
        self.queue = [u for u in weighted_order(self.rng, self.weights) if u not in holders]
        self.passed: list[str] = []

    @property
    def inspections(self) -> list[Inspection]:
        return self.kept + self.new

    def _place(self, unit: str) -> bool:
        days = list(self.occupancy.cal.unit_days(unit))
        self.rng.shuffle(days)
        placed = None
        if self.cap is not None:
            placed = self.occupancy.try_place(unit, "surprise", days, self.cap)
        placed = placed or self.occupancy.try_place(unit, "surprise", days, None)
        if placed:
            self.new.append(placed)
            self.missing -= 1
        return placed is not None

    def _round(self, units: list[str]) -> int:
        placed, passed = 0, []
        for unit in units:
            if self.missing <= 0 or self.time_left() <= 0:
                break
            if self._place(unit):
                placed += 1
            else:
                passed.append(unit)
        self.passed = passed
        return placed

    def run(self, seconds: bool = False) -> Draw:
        """Draw the missing surprise inspections; further rounds (a second one for a unit) only
        when every unit that can be drawn holds one, or when `seconds` allows them anyway."""
        if self.queue:
            self._round(self.queue)
            self.queue = []
        while self.missing > 0 and self.time_left() > 0 and (
                seconds or not self.passed and self._everyone_drawn()):
            if not self._round(weighted_order(self.rng, self.weights)):
                break
        return self

    def _everyone_drawn(self) -> bool:
        holders = {ins.unit for ins in self.occupancy.inspections if ins.kind == "surprise"}
        return holders >= set(self.weights)

    def retry(self) -> None:
        """Try the passed-over units again, in their drawn order, then draw on as `run` does."""
        self._round(self.passed)
        self.run()
