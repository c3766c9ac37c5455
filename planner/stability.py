"""What a re-plan changed: the previous inspections kept, re-staffed, moved or dropped, and the
inspections added (the plan's `stats.changes`; the benchmark's re-planning line)."""

from __future__ import annotations

from collections import defaultdict

from planner.check import changes
from planner.schema import SLOTS_FOR_DURATION, Inspection, Instance


def intact(instance: Instance, prev: Inspection) -> bool:
    """Whether a previous inspection breaks no rule of the instance taken alone: still ahead, on
    a working day outside its unit's blackout, in a slot of its unit, its lead allowed to lead and
    every member available and free of conflicts with the unit. The planner keeps such an
    inspection exactly, unless the plan as a whole has no room for it."""
    people, rules = instance.inspector_by_id, instance.rules
    unit = instance.unit_by_id[prev.unit]
    team = set(prev.inspectors)
    return (prev.date >= instance.today and instance.is_working_day(prev.date)
            and prev.date not in unit.blackout and prev.slot in SLOTS_FOR_DURATION[unit.duration]
            and prev.lead in team and people[prev.lead].lead
            and rules.team_min <= len(team) == len(prev.inspectors) <= rules.team_max
            and all(prev.date not in people[p].unavailable and instance.can_inspect(p, prev.unit)
                    for p in team))


def exact_keeps(instance: Instance, plan: list[Inspection]) -> set[Inspection]:
    """The plan's inspections identical to a previous one (unit, date, slot, kind, lead, team):
    later phases leave them as they are."""
    by_key = defaultdict(list)
    for prev in instance.previous:
        by_key[prev.key()].append(prev)
    return {ins for ins in plan if any(ins.same_as(p) for p in by_key.get(ins.key(), ()))}


def replan_changes(instance: Instance, plan: list[Inspection]) -> dict[str, int]:
    """Compare the plan with `previous`: `kept` (same unit, kind and date), of which
    `team_changed` (another slot, lead or member); `moved` (a previous inspection whose unit has
    an inspection of the same kind on another date, paired nearest date first); `dropped`; and
    `added` (new inspections that replace nothing)."""
    pinned = set(instance.pinned)
    by_key: dict[tuple, list[Inspection]] = defaultdict(list)
    for ins in plan:
        by_key[ins.key()].append(ins)
    previous_keys = {p.key() for p in instance.previous}
    kept = [p for p in instance.previous if p.key() in by_key]
    team_changed = sum(min(changes(p, i) for i in by_key[p.key()]) > 0 for p in kept)
    lost: dict[tuple, list[Inspection]] = defaultdict(list)
    for prev in instance.previous:
        if prev.key() not in by_key:
            lost[(prev.unit, prev.kind)].append(prev)
    new: dict[tuple, list[Inspection]] = defaultdict(list)
    for ins in plan:
        if ins.key() not in previous_keys and ins not in pinned:
            new[(ins.unit, ins.kind)].append(ins)
    moved = 0
    for group, olds in lost.items():
        targets = list(new.get(group, ()))
        for prev in sorted(olds, key=lambda p: p.date):
            if not targets:
                break
            nearest = min(targets, key=lambda i: (abs((i.date - prev.date).days), i.date))
            targets.remove(nearest)
            new[group].remove(nearest)
            moved += 1
    dropped = sum(len(olds) for olds in lost.values()) - moved
    return {"kept": len(kept), "team_changed": team_changed, "moved": moved, "dropped": dropped,
            "added": sum(len(v) for v in new.values())}
