"""The solver-independent checker: the executable form of hard rules 1-9 and the score.

Nothing here is shared with the CP-SAT model on purpose: the checker re-reads the contract,
so a bug in the model cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from planner import messages
from planner.schema import (
    HALVES,
    SLOTS_FOR_DURATION,
    Inspection,
    Instance,
    InstanceError,
    load_instance,
    parse_inspection,
)

Plan = list[Inspection]


@dataclass(frozen=True)
class Violation:
    rule: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return messages.render(self.code, self.params, lang)

    def to_json(self) -> dict:
        return {"rule": self.rule, "code": self.code, "params": self.params, "text": self.text()}


@dataclass
class CheckReport:
    ok: bool
    score: int | None
    violations: list[Violation]
    checked: bool = True  # False when the plan's status says there is nothing to check
    status: str = ""

    def lines(self, lang: str = "en") -> list[str]:
        if not self.checked:
            return [messages.render("plan_not_checked", {"status": self.status}, lang)]
        out = [f"rule {v.rule}: {v.text(lang)}" for v in self.violations]
        out.append(messages.render("check_ok" if self.ok else "check_failed",
                                   {"count": len(self.violations), "score": self.score}, lang))
        return out


def _v(rule: int, code: str, **params: Any) -> Violation:
    return Violation(rule, code, {k: (v.isoformat() if isinstance(v, dt.date) else v)
                                  for k, v in params.items()})


def _is_pinned(instance: Instance, inspection: Inspection) -> bool:
    return any(inspection.same_as(p) for p in instance.pinned)


# ---------------------------------------------------------------- hard rules

def rule1_calendar(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 1: every inspection is on a working day with today ≤ date ≤ horizon end (pinned
    ones may be earlier than today), in a slot that matches its unit's duration."""
    for index, ins in enumerate(plan):
        if not instance.start <= ins.date <= instance.end:
            yield _v(1, "outside_horizon", index=index, unit=ins.unit, date=ins.date,
                     start=instance.start, end=instance.end)
        elif not instance.is_working_day(ins.date):
            yield _v(1, "not_working_day", index=index, unit=ins.unit, date=ins.date)
        elif ins.date < instance.today and not _is_pinned(instance, ins):
            yield _v(1, "before_today", index=index, unit=ins.unit, date=ins.date, today=instance.today)
        duration = instance.unit_by_id[ins.unit].duration
        if ins.slot not in SLOTS_FOR_DURATION[duration]:
            yield _v(1, "slot_mismatch", index=index, unit=ins.unit, slot=ins.slot, duration=duration)


def rule2_coverage(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 2: the number of distinct covered units is strictly greater than
    coverage_fraction × number of units (exact decimal); every mandatory unit is covered."""
    covered = {ins.unit for ins in plan}
    if len(covered) < instance.coverage_needed:
        yield _v(2, "coverage_too_low", fraction=str(instance.rules.coverage_fraction),
                 units=len(instance.units), needed=instance.coverage_needed, covered=len(covered))
    for unit in instance.units:
        if unit.mandatory and unit.id not in covered:
            yield _v(2, "mandatory_not_covered", unit=unit.id)


def rule3_team(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 3: inspectors are distinct ids; team_min ≤ their number ≤ team_max; lead is one
    of them and has "lead": true."""
    rules = instance.rules
    for index, ins in enumerate(plan):
        for inspector, count in Counter(ins.inspectors).items():
            if count > 1:
                yield _v(3, "team_repeated_inspector", index=index, unit=ins.unit, date=ins.date,
                         inspector=inspector)
        size = len(ins.inspectors)
        if not rules.team_min <= size <= rules.team_max:
            yield _v(3, "team_size", index=index, unit=ins.unit, date=ins.date, size=size,
                     min=rules.team_min, max=rules.team_max)
        if ins.lead not in ins.inspectors:
            yield _v(3, "lead_not_in_team", index=index, unit=ins.unit, date=ins.date, lead=ins.lead)
        elif not instance.inspector_by_id[ins.lead].lead:
            yield _v(3, "lead_not_qualified", index=index, unit=ins.unit, date=ins.date, lead=ins.lead)


def _by_inspector(plan: Plan) -> dict[str, list[tuple[int, Inspection]]]:
    jobs: dict[str, list[tuple[int, Inspection]]] = defaultdict(list)
    for index, ins in enumerate(plan):
        for inspector in dict.fromkeys(ins.inspectors):  # a repeated id is rule 3's business
            jobs[inspector].append((index, ins))
    return jobs


def rule4_inspector(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 4: an inspector has at most one inspection per slot (a DAY inspection takes both);
    none on an unavailable date; two inspections on the same day are in the same area; at most
    max_per_week inspections per ISO week."""
    for inspector, jobs in _by_inspector(plan).items():
        person = instance.inspector_by_id[inspector]
        yield from _double_bookings(inspector, jobs)
        for index, ins in jobs:
            if ins.date in person.unavailable:
                yield _v(4, "inspector_unavailable", index=index, inspector=inspector, date=ins.date)
        yield from _two_areas(instance, inspector, jobs)
        weeks = Counter(ins.date.isocalendar()[:2] for _, ins in jobs)
        for (year, week), count in sorted(weeks.items()):
            if count > person.max_per_week:
                yield _v(4, "inspector_week_overload", inspector=inspector, week=f"{year}-W{week:02d}",
                         count=count, max=person.max_per_week)


def _double_bookings(inspector: str, jobs: list[tuple[int, Inspection]]) -> Iterator[Violation]:
    taken: set[tuple[dt.date, str]] = set()
    for index, ins in jobs:
        for half in HALVES[ins.slot]:
            if (ins.date, half) in taken:
                yield _v(4, "inspector_double_booked", index=index, inspector=inspector,
                         date=ins.date, slot=half)
            taken.add((ins.date, half))


def _two_areas(instance: Instance, inspector: str, jobs) -> Iterator[Violation]:
    areas: dict[dt.date, set[str]] = defaultdict(set)
    for _, ins in jobs:
        areas[ins.date].add(instance.unit_by_id[ins.unit].area)
    for day, names in sorted(areas.items()):
        if len(names) > 1:
            yield _v(4, "inspector_two_areas", inspector=inspector, date=day,
                     areas=", ".join(sorted(names)))


def rule5_conflict(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 5: an inspector never inspects their home_unit nor a unit paired with them in
    conflicts."""
    for index, ins in enumerate(plan):
        for inspector in dict.fromkeys(ins.inspectors):
            if instance.inspector_by_id[inspector].home_unit == ins.unit:
                yield _v(5, "inspector_home_unit", index=index, inspector=inspector, unit=ins.unit)
            elif (inspector, ins.unit) in instance.conflicts:
                yield _v(5, "inspector_conflict", index=index, inspector=inspector, unit=ins.unit)


def rule6_unit(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 6: no inspection on a unit's blackout date; any two inspections of the same unit
    are at least min_gap_days calendar days apart; at most one periodic inspection per unit."""
    per_unit: dict[str, list[tuple[int, Inspection]]] = defaultdict(list)
    for index, ins in enumerate(plan):
        per_unit[ins.unit].append((index, ins))
        if ins.date in instance.unit_by_id[ins.unit].blackout:
            yield _v(6, "unit_blackout", index=index, unit=ins.unit, date=ins.date)
    gap = instance.rules.min_gap_days
    for unit, jobs in per_unit.items():
        for a in range(len(jobs)):
            for b in range(a + 1, len(jobs)):
                first, second = sorted((jobs[a][1].date, jobs[b][1].date))
                if (second - first).days < gap:
                    yield _v(6, "unit_gap_too_small", index=jobs[b][0], unit=unit, date1=first,
                             date2=second, days=(second - first).days, min=gap)
        periodic = [index for index, ins in jobs if ins.kind == "periodic"]
        if len(periodic) > 1:
            yield _v(6, "unit_two_periodic", index=periodic[1], unit=unit, count=len(periodic))


def rule7_surprise(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 7: exactly surprise_count inspections have kind surprise (pinned ones count)."""
    count = sum(ins.kind == "surprise" for ins in plan)
    if count != instance.rules.surprise_count:
        yield _v(7, "surprise_count_wrong", count=count, expected=instance.rules.surprise_count)


def rule8_pinned(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 8: each pinned inspection appears in the plan exactly as given: same unit, date,
    slot, kind, lead and set of inspectors (their order is free)."""
    for index, pin in enumerate(instance.pinned):
        if not any(pin.same_as(ins) for ins in plan):
            yield _v(8, "pinned_missing", index=index, unit=pin.unit, date=pin.date, slot=pin.slot)


def rule9_budget(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Hard rule 9: if max_inspections is set, the plan has at most that many inspections, pinned
    and surprise ones included."""
    limit = instance.rules.max_inspections
    if limit is not None and len(plan) > limit:
        yield _v(9, "budget_exceeded", count=len(plan), max=limit)


HARD_RULES = (rule1_calendar, rule2_coverage, rule3_team, rule4_inspector, rule5_conflict,
              rule6_unit, rule7_surprise, rule8_pinned, rule9_budget)


# ---------------------------------------------------------------- score

def covered_weight(instance: Instance, plan: Plan) -> int:
    """Score term: Σ weight(u) over covered units."""
    return sum(instance.unit_by_id[u].weight for u in {ins.unit for ins in plan})


def max_load(plan: Plan) -> int:
    """Score term: largest number of inspections of any one inspector (pinned included)."""
    loads = Counter(i for ins in plan for i in dict.fromkeys(ins.inspectors))
    return max(loads.values(), default=0)


def dropped_previous(instance: Instance, plan: Plan) -> int:
    """Score term: previous inspections whose unit, kind and date are not all found again."""
    keys = {ins.key() for ins in plan}
    return sum(prev.key() not in keys for prev in instance.previous)


def changes(previous: Inspection, ins: Inspection) -> int:
    """How much a kept previous inspection changed (version 1.1): one for another slot, one for
    another lead, and the larger of the number of inspectors who left and who joined (so
    replacing one member is one change)."""
    old, new = set(previous.inspectors), set(ins.inspectors)
    return (previous.slot != ins.slot) + (previous.lead != ins.lead) + max(len(old - new), len(new - old))


def team_changes(instance: Instance, plan: Plan) -> int:
    """Score term (version 1.1): Σ `changes` over the previous inspections kept (same unit, kind
    and date), each compared with the least changed plan inspection that keeps it."""
    by_key: dict[tuple, list[Inspection]] = defaultdict(list)
    for ins in plan:
        by_key[ins.key()].append(ins)
    return sum(min(changes(prev, ins) for ins in by_key[prev.key()])
               for prev in instance.previous if prev.key() in by_key)


def score(instance: Instance, plan: Plan) -> int:
    return (covered_weight(instance, plan) - instance.balance * max_load(plan)
            - instance.stability * dropped_previous(instance, plan)
            - instance.team_stability * team_changes(instance, plan))


# ---------------------------------------------------------------- entry points

def violations(instance: Instance, plan: Plan) -> list[Violation]:
    return [v for rule in HARD_RULES for v in rule(instance, plan)]


def parse_plan(instance: Instance, plan: Any) -> tuple[str, Plan]:
    """Read a plan dict; raise InstanceError on a malformed one (exit 2 in the CLI)."""
    if not isinstance(plan, dict):
        raise InstanceError("plan", type(plan).__name__, "must be a JSON object")
    status = plan.get("status", "FEASIBLE")
    if status not in ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"):
        raise InstanceError("plan.status", status, "must be OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN")
    items = plan.get("inspections", [])
    if not isinstance(items, list):
        raise InstanceError("plan.inspections", items, "must be a list")
    units, people = set(instance.unit_by_id), set(instance.inspector_by_id)
    return status, [parse_inspection(item, f"plan.inspections[{k}].", units, people)
                    for k, item in enumerate(items)]


def check(data: dict | Instance, plan: dict) -> CheckReport:
    """Check a plan against hard rules 1-9 and compute its score."""
    instance = data if isinstance(data, Instance) else load_instance(data)
    status, inspections = parse_plan(instance, plan)
    if status in ("INFEASIBLE", "UNKNOWN"):
        return CheckReport(ok=False, score=None, violations=[], checked=False, status=status)
    found = violations(instance, inspections)
    return CheckReport(ok=not found, score=score(instance, inspections), violations=found,
                       status=status)


def pinned_violations(instance: Instance) -> Iterable[tuple[int | None, Violation]]:
    """Hard-rule violations inside the pinned set alone (rules 2 and 8 need the whole plan)."""
    pinned = list(instance.pinned)
    for rule in (rule1_calendar, rule3_team, rule4_inspector, rule5_conflict, rule6_unit):
        for v in rule(instance, pinned):
            yield v.params.get("index"), v
    surprises = sum(p.kind == "surprise" for p in pinned)
    if surprises > instance.rules.surprise_count:
        yield None, _v(7, "surprise_count_wrong", count=surprises, expected=instance.rules.surprise_count)
    yield from ((None, v) for v in rule9_budget(instance, pinned))
