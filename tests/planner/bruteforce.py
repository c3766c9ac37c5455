"""Exhaustive feasibility for tiny instances, written from the contract alone.

Larger teams never help feasibility (dropping a non-lead member keeps every rule) and only help
the score by keeping a previous team (version 1.1), so teams larger than team_min are tried only
when there are previous inspections; kinds only matter through counts (rules 6 and 7), so the
search enumerates, unit by unit, sets of (date, slot, team with a lead) and then checks whether
kinds can be given.
"""

from __future__ import annotations

import itertools

from planner.schema import HALVES, SLOTS_FOR_DURATION, load_instance


def _options(inst, unit, teams):
    out = []
    for day in inst.working_days:
        if day in unit.blackout:
            continue
        for slot in SLOTS_FOR_DURATION[unit.duration]:
            for team in teams:
                if all(inst.can_inspect(p, unit.id) and day not in inst.inspector_by_id[p].unavailable
                       for p in team):
                    out.append((day, slot, team))
    return out


def feasible(data: dict) -> bool:
    return best_score(data, stop_at_first=True) is not None


def best_score(data: dict, stop_at_first: bool = False) -> int | None:
    """The best score of any valid plan (None if there is none), by exhaustive search. Exact for
    the score only when surprise_count is 0: then every new inspection is periodic."""
    inst = load_instance(data)
    rules = inst.rules
    leads = {i.id for i in inst.inspectors if i.lead}
    sizes = range(rules.team_min, (rules.team_max if inst.previous else rules.team_min) + 1)
    teams = [t for size in sizes for t in itertools.combinations(sorted(inst.inspector_by_id), size)
             if leads & set(t)]
    pinned_units = {p.unit for p in inst.pinned}
    pinned_periodic = {p.unit for p in inst.pinned if p.kind == "periodic"}
    surprise_free = rules.surprise_count - sum(p.kind == "surprise" for p in inst.pinned)
    budget = None if rules.max_inspections is None else rules.max_inspections - len(inst.pinned)
    state = {"busy": set(), "area": {}, "week": {}}
    for p in inst.pinned:
        _book(inst, state, p.unit, p.date, p.slot, p.inspectors, +1)
    units = list(inst.units)
    choices = []
    for unit in units:
        opts = _options(inst, unit, teams)
        sets = [()] + [(o,) for o in opts]
        if surprise_free > 0:
            sets += [c for c in itertools.combinations(opts, 2) if _gap_ok(inst, c)]
        sets = [s for s in sets if all(_gap_ok(inst, (o, (p.date,))) for o in s
                                       for p in inst.pinned if p.unit == unit.id)]
        choices.append(sets)

    def extra_surprises(counts):  # surprises forced by "at most one periodic per unit"
        return sum(max(0, m - (0 if u in pinned_periodic else 1)) for u, m in counts.items())

    best: list[int] = []

    def leaf_score(plan) -> int:
        covered = {unit for unit, _ in plan}
        loads: dict[str, int] = {}
        for _, team in plan:
            for person in team:
                loads[person] = loads.get(person, 0) + 1
        made = [((unit, "periodic", day), slot, team) for unit, (day, slot, team) in plan_days]
        made += [(p.key(), p.slot, p.inspectors) for p in inst.pinned]
        keys = {key for key, _, _ in made}
        dropped = sum(p.key() not in keys for p in inst.previous)
        changed = sum(min(_changes(inst, p, slot, team) for key, slot, team in made if key == p.key())
                      for p in inst.previous if p.key() in keys)
        return (sum(inst.unit_by_id[u].weight for u in covered) - inst.balance * max(loads.values(), default=0)
                - inst.stability * dropped - inst.team_stability * changed)

    plan_days: list = []

    def dfs(k, used, counts, covered, plan):
        if budget is not None and used > budget:
            return False
        if extra_surprises(counts) > surprise_free:
            return False
        if k == len(units):
            if len(covered) < inst.coverage_needed:
                return False
            if any(u.mandatory and u.id not in covered for u in units):
                return False
            if not 0 <= surprise_free <= used:
                return False
            best.append(leaf_score(plan))
            return stop_at_first
        unit = units[k]
        for chosen in choices[k]:
            if not _fits(inst, state, unit, chosen):
                continue
            for day, slot, team in chosen:
                _book(inst, state, unit.id, day, slot, team, +1)
                plan_days.append((unit.id, (day, slot, team)))
            new_covered = covered | ({unit.id} if chosen else set())
            new_plan = plan + [(unit.id, team) for _, _, team in chosen]
            done = dfs(k + 1, used + len(chosen), {**counts, unit.id: len(chosen)}, new_covered, new_plan)
            for day, slot, team in chosen:
                _book(inst, state, unit.id, day, slot, team, -1)
                plan_days.pop()
            if done:
                return True
        return False

    pinned_plan = [(p.unit, p.inspectors) for p in inst.pinned]
    dfs(0, 0, {}, set(pinned_units), pinned_plan)
    return max(best) if best else None


def _changes(inst, prev, slot, team) -> int:
    """Version 1.1 team changes of a kept previous inspection, the lead chosen at best."""
    old, new = set(prev.inspectors), set(team)
    same_lead = prev.lead in new and inst.inspector_by_id[prev.lead].lead
    return (prev.slot != slot) + (not same_lead) + max(len(old - new), len(new - old))


def _gap_ok(inst, options) -> bool:
    days = [o[0] for o in options]
    return all(abs((a - b).days) >= inst.rules.min_gap_days for a, b in itertools.combinations(days, 2))


def _fits(inst, state, unit, chosen) -> bool:
    trial = {"busy": set(state["busy"]), "area": dict(state["area"]), "week": dict(state["week"])}
    for day, slot, team in chosen:
        for person in team:
            if any((person, day, h) in trial["busy"] for h in HALVES[slot]):
                return False
            if trial["area"].get((person, day), (unit.area, 0))[0] != unit.area:
                return False
            week = (person, day.isocalendar()[:2])
            if trial["week"].get(week, 0) >= inst.inspector_by_id[person].max_per_week:
                return False
        _book(inst, trial, unit.id, day, slot, team, +1)
    return True


def _book(inst, state, unit_id, day, slot, team, sign) -> None:
    area = inst.unit_by_id[unit_id].area
    for person in team:
        for half in HALVES[slot]:
            (state["busy"].add if sign > 0 else state["busy"].discard)((person, day, half))
        name, count = state["area"].get((person, day), (area, 0))
        if count + sign > 0:
            state["area"][(person, day)] = (name, count + sign)
        else:
            state["area"].pop((person, day), None)
        week = (person, day.isocalendar()[:2])
        state["week"][week] = state["week"].get(week, 0) + sign
