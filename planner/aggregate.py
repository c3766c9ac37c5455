"""The aggregate relaxation: which units to cover, and a valid upper bound on the score.

Every further covered unit needs one more inspection of at least team_min inspectors, one of
them a lead. Dropping every rule except the budget (rule 9), coverage and mandatory units
(rule 2), "a unit needs a day on which a team could exist" and each inspector's remaining weekly
capacity, the best score with k more periodic inspections is

    fixed part + (top-k item values, required first) − balance × load_floor(k)

where load_floor(k) is the smallest largest-load with which all inspections still to come fit.
Maximising over k bounds the score; the maximising item set is what the schedule phase realises.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planner.occupancy import Calendar, Occupancy
from planner.schema import Inspection, Instance


@dataclass
class Item:
    """One more periodic inspection the plan may add: for a new unit, or to keep a previous one."""

    unit: str
    value: int          # weight if it covers a new unit, plus stability for each previous kept
    new_unit: bool
    mandatory: bool     # required: a mandatory unit not yet covered, or a forced periodic inspection
    keep_date: object   # the previous periodic date this item would keep, or None
    previous: Inspection | None = None  # the unit's previous periodic inspection still ahead


@dataclass
class Aggregate:
    bound: int | None
    chosen: list[Item]
    items: list[Item]
    constant: int
    k_min: int
    k_max: int
    load_floor: list[int]  # load_floor[k]: lower bound on the largest load with k items
    balance: int

    prefix: list[int] = None  # prefix[k]: total value of the first k items

    def value_of(self, k: int) -> int:
        if self.prefix is None:
            self.prefix = [0]
            for item in self.items:
                self.prefix.append(self.prefix[-1] + item.value)
        return self.constant + self.prefix[k] - self.balance * self.load_floor[k]


def _ordered(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (not i.mandatory, -i.value, i.unit))


def _previous_keep(instance: Instance, cal: Calendar, fixed: Occupancy) -> dict:
    """Per unit, the most previous periodic entries one new inspection could keep, and its date
    (only dates on which a team could be formed and the unit's gap to fixed inspections holds)."""
    fixed_keys = {ins.key() for ins in fixed.inspections}
    per_date = Counter(p.key() for p in instance.previous
                       if p.kind == "periodic" and p.date >= instance.today
                       and p.key() not in fixed_keys and p.date in set(cal.unit_days(p.unit))
                       and fixed.unit_free(p.unit, p.date))
    best: dict[str, tuple[int, object]] = {}
    for (unit, _, day), count in per_date.items():
        if count > best.get(unit, (0, None))[0]:
            best[unit] = (count, day)
    return best


def previous_periodic(instance: Instance, fixed: Occupancy) -> dict[str, Inspection]:
    """Per unit, its previous periodic inspection still ahead and not already in `fixed`: where
    a re-plan puts it back, or moves it to the nearest day, with its team where possible."""
    fixed_keys = {ins.key() for ins in fixed.inspections}
    out: dict[str, Inspection] = {}
    for prev in instance.previous:
        if prev.kind == "periodic" and prev.date >= instance.today and prev.key() not in fixed_keys:
            out.setdefault(prev.unit, prev)
    return out


def build_items(instance: Instance, cal: Calendar, fixed: Occupancy, forced: frozenset = frozenset(),
                certain: frozenset = frozenset()) -> list[Item]:
    """Candidate periodic inspections given the `fixed` ones; units in `forced` must get one;
    units in `certain` will be covered by a surprise inspection whatever the draw."""
    keep = _previous_keep(instance, cal, fixed)
    previous = previous_periodic(instance, fixed)
    covered = set(fixed.unit_dates) | certain
    items = []
    for unit in instance.units:
        if unit.id in fixed.periodic_units or not cal.unit_days(unit.id):
            continue  # rule 6 allows one periodic; a unit no team can ever visit is no item
        count, day = keep.get(unit.id, (0, None))
        new = unit.id not in covered
        value = (unit.weight if new else 0) + instance.stability * count
        if new or count or unit.id in forced:
            items.append(Item(unit.id, value, new, (unit.mandatory and new) or unit.id in forced, day,
                              previous.get(unit.id)))
    return items


def _load_floor(instance: Instance, cal: Calendar, fixed: Occupancy, k_top: int) -> list[int | None]:
    """load_floor[k]: the smallest L such that k more inspections fit when nobody exceeds L.

    Each inspector can add at most min(remaining capacity, L − current load) inspections; the k
    inspections need k leads and team_min × k people in all. None where no L is enough."""
    spare = person_capacity(instance, cal, fixed)
    people = instance.inspectors
    size = instance.rules.team_min
    level = max(fixed.load.values(), default=0)
    top = max((fixed.load[p.id] + spare[p.id] for p in people), default=0)

    def room(limit: int, leads_only: bool) -> int:
        return sum(max(0, min(spare[p.id], limit - fixed.load[p.id]))
                   for p in people if p.lead or not leads_only)

    floor: list[int | None] = []
    leads, everyone = room(level, True), room(level, False)
    for k in range(k_top + 1):
        while (leads < k or everyone < size * k) and level <= top:
            level += 1
            leads, everyone = room(level, True), room(level, False)
        floor.append(level if level <= top else None)
    return floor


def aggregate(instance: Instance, cal: Calendar, loads: Occupancy, fixed: Occupancy, extra: int,
              forced: frozenset = frozenset(), certain: frozenset = frozenset()) -> Aggregate:
    """Choose items and bound the score.

    `loads` holds the pinned inspections (their teams count); `fixed` the inspections whose unit
    and date are given (pinned, and the surprise draw when there is one); `extra` the surprise
    inspections still to come, and `certain` the units they cover whatever the draw. Teams of
    non-pinned inspections are free, so the load floor counts every non-pinned inspection as one
    more inspection to staff."""
    items = _ordered(build_items(instance, cal, fixed, forced, certain))
    covered = set(fixed.unit_dates) | certain
    fixed_keys = {ins.key() for ins in fixed.inspections}
    kept_fixed = sum(p.key() in fixed_keys for p in instance.previous)
    constant = (sum(instance.unit_by_id[u].weight for u in covered)
                - instance.stability * (len(instance.previous) - kept_fixed))
    # still to staff, besides items (blocked inspections are staffed already)
    staffed = len(fixed.inspections) - len(loads.inspections) + extra - len(loads.blocks)
    required = sum(i.mandatory for i in items)
    new_needed = max(sum(i.mandatory and i.new_unit for i in items), instance.coverage_needed - len(covered), 0)
    k_min = max(required, new_needed + sum(i.mandatory and not i.new_unit for i in items))
    budget = instance.rules.max_inspections
    k_max = min(len(items), budget - len(fixed.inspections) - extra if budget is not None else len(items))
    floor = _load_floor(instance, cal, loads, staffed + max(k_max, 0))[staffed:]
    k_max = min(k_max, max((k for k, f in enumerate(floor) if f is not None), default=-1))
    result = Aggregate(None, [], items, constant, k_min, k_max, floor, instance.balance)
    unreachable = sum(i.mandatory and i.new_unit for i in items) < sum(
        u.mandatory and u.id not in covered for u in instance.units)
    if k_min > k_max or unreachable or sum(i.new_unit for i in items) < new_needed:
        return result
    best_k = max(range(k_min, k_max + 1), key=lambda k: (result.value_of(k), k))
    result.bound = result.value_of(best_k)
    result.chosen = _with_coverage(items, best_k, new_needed)
    return result


def periodic_target(selection: Aggregate) -> int:
    """What the chosen items are worth with the selection's load floor: a periodic plan that
    realises the selection gets there, and the improvement phase stops."""
    k = len(selection.chosen)
    return selection.constant + sum(i.value for i in selection.chosen) - selection.balance * selection.load_floor[k]


def _with_coverage(items: list[Item], k: int, k_min: int) -> list[Item]:
    """The top-k items, swapping keep-only items for new units if coverage needs them."""
    chosen = items[:k]
    short = k_min - sum(i.new_unit for i in chosen)
    if short > 0:
        spare = [i for i in items[k:] if i.new_unit][:short]
        keep_only = [i for i in chosen if not i.new_unit and not i.mandatory]
        drop = {id(i) for i in keep_only[-len(spare):]} if spare else set()
        chosen = [i for i in chosen if id(i) not in drop] + spare
    return chosen


def person_capacity(instance: Instance, cal: Calendar, fixed: Occupancy) -> dict[str, int]:
    """Upper bound on how many more inspections each inspector can join: per ISO week, the weekly
    limit minus what is fixed, and never more than two per available working day."""
    spare = {}
    for person in instance.inspectors:
        per_week: Counter = Counter()
        for day in cal.days:
            if day not in person.unavailable:
                per_week[cal.week[day]] += 2
        spare[person.id] = sum(max(0, min(person.max_per_week - fixed.week_jobs(person.id, week), halves))
                               for week, halves in per_week.items())
    return spare


def inspector_capacity(instance: Instance, cal: Calendar, fixed: Occupancy, leads_only: bool = False) -> int:
    """Total of `person_capacity` (over leads only, if asked)."""
    spare = person_capacity(instance, cal, fixed)
    return sum(spare[p.id] for p in instance.inspectors if p.lead or not leads_only)


def bound_any_draw(instance: Instance, cal: Calendar, pinned: Occupancy) -> int | None:
    """An upper bound valid for every plan the checker accepts, whatever its surprise inspections:
    surprises may cover any units, so k newly covered units need only max(k, surprises due)
    inspections; previous surprise inspections still ahead count as kept."""
    items = _ordered(build_items(instance, cal, pinned))
    fixed_keys = {ins.key() for ins in pinned.inspections}
    kept_fixed = sum(p.key() in fixed_keys for p in instance.previous)
    maybe_kept = sum(p.kind == "surprise" and p.date >= instance.today and p.key() not in fixed_keys
                     for p in instance.previous)
    constant = (sum(instance.unit_by_id[u].weight for u in pinned.unit_dates)
                - instance.stability * (len(instance.previous) - kept_fixed - maybe_kept))
    surprises = instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned)
    budget = instance.rules.max_inspections
    left = budget - len(pinned.inspections) if budget is not None else len(items) + surprises
    k_min = max(sum(i.mandatory for i in items), instance.coverage_needed - len(pinned.unit_dates), 0)
    k_max = min(len(items), left)
    if k_min > k_max or surprises > left:
        return None
    floor = _load_floor(instance, cal, pinned, max(k_max, surprises))
    prefix = [0]
    for item in items:
        prefix.append(prefix[-1] + item.value)
    values = [constant + prefix[k] - instance.balance * floor[max(k, surprises)]
              for k in range(k_min, k_max + 1) if floor[max(k, surprises)] is not None]
    return max(values, default=None)
