"""The exact CP-SAT model over (unit, date, slot, inspector), for small instances.

It proves OPTIMAL and INFEASIBLE where the decomposition cannot, and with one enforcement literal
per rule group it finds which rules clash (CP-SAT assumptions; these need one worker).
Each rule is its own method; variables are named after what they mean.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.check import changes
from planner.occupancy import Calendar, Occupancy
from planner.schema import HALVES, SLOTS_FOR_DURATION, Inspection, Instance

GROUPS = {  # rule group -> hard rule number, for explanations
    "calendar": 1, "coverage": 2, "mandatory": 2, "team": 3, "inspector_slot": 4,
    "inspector_area": 4, "inspector_week": 4, "unit_gap": 6, "unit_periodic": 6,
    "surprise": 7, "budget": 9,
}


@dataclass(frozen=True)
class Option:
    """A possible inspection: unit on date in slot, of a kind."""

    unit: str
    date: dt.date
    slot: str
    kind: str

    @property
    def name(self) -> str:
        return f"{self.unit},{self.date.isoformat()},{self.slot},{self.kind}"


@dataclass
class ExactResult:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN
    plan: list[Inspection] | None
    bound: int | None
    core: list[str]


def size_estimate(instance: Instance, cal: Calendar) -> int:
    """Rough number of assign variables of the model (free surprise mode)."""
    per_day = sum(len(v) for v in cal.available.values())
    return 2 * len(instance.units) * per_day * 2


class ExactModel:
    def __init__(self, instance: Instance, cal: Calendar, fixed: Occupancy, drawn: list[Inspection] | None,
                 explain: bool = False, days: set | None = None, units: set[str] | None = None,
                 keep_periodic: frozenset = frozenset(), reserve: int = 0, certain: frozenset = frozenset()):
        """`fixed` holds the inspections that cannot change (pinned, or everything outside a
        window); `drawn` the surprise draw ([] for a periodic plan made before it), or None to let
        the model choose surprise inspections freely; `explain` puts each rule group behind a
        literal; `days` and `units` restrict the new inspections to a window (large-neighbourhood
        search); `reserve` budget places are kept for surprise inspections still to be drawn, and
        the units in `certain` count as covered (the draw reaches every unit)."""
        self.instance, self.cal, self.fixed, self.drawn = instance, cal, fixed, drawn
        self.days, self.units, self.keep_periodic = days, units, keep_periodic
        self.reserve, self.certain = reserve, certain
        self.scale = 1  # objective = scale × score − tie-break (see `score_objective`)
        self.model = cp_model.CpModel()
        self.explain = explain
        self.groups: dict[str, cp_model.IntVar] = {}
        self.options = self._options()
        self.x = {o: self.model.new_bool_var(f"inspect[{o.name}]") for o in self.options}
        self.assign: dict[tuple[Option, str], cp_model.IntVar] = {}
        self.lead: dict[tuple[Option, str], cp_model.IntVar] = {}
        self._team_vars()
        self.cover: dict[str, cp_model.IntVar] = {}
        self.max_load = None
        for rule in (self.rule2_coverage, self.rule2_mandatory, self.rule3_team, self.rule4_one_per_slot,
                     self.rule4_one_area_per_day, self.rule4_week_limit, self.rule6_gap,
                     self.rule6_one_periodic, self.rule7_surprise, self.rule9_budget,
                     self.policy_keep_periodic):
            rule()
        if not explain:
            self.score_objective()

    # ------------------------------------------------------------ variables

    def _options(self) -> list[Option]:
        """Hard rules 1, 5 and the blackout of 6 by construction: only working days from today,
        slots matching the duration, days a team could be staffed at all."""
        options = []
        for unit in self.instance.units:
            if self.units is not None and unit.id not in self.units:
                continue
            days = [d for d in self.cal.unit_days(unit.id) if self.days is None or d in self.days]
            kinds = ["periodic"] + (["surprise"] if self.drawn is None else [])
            for kind in kinds:
                slots = SLOTS_FOR_DURATION[unit.duration]
                options += [Option(unit.id, d, s, kind) for d in days for s in slots]
        for ins in self.drawn or ():
            slots = SLOTS_FOR_DURATION[self.instance.unit_by_id[ins.unit].duration]
            options += [Option(ins.unit, ins.date, s, "surprise") for s in slots]
        return options

    def _team_vars(self) -> None:
        for o in self.options:
            barred = self.cal.ineligible.get(o.unit, ())
            for person in self.cal.available[o.date]:
                if person in barred:
                    continue
                self.assign[(o, person)] = self.model.new_bool_var(f"assign[{o.name},{person}]")
                if person in self.cal.leads:
                    self.lead[(o, person)] = self.model.new_bool_var(f"lead[{o.name},{person}]")

    def _group(self, name: str) -> list:
        """Enforcement literal of a rule group (explain mode), else nothing."""
        if not self.explain:
            return []
        if name not in self.groups:
            self.groups[name] = self.model.new_bool_var(f"group[{name}]")
        return [self.groups[name]]

    def _add(self, group: str, constraint) -> None:
        lits = self._group(group)
        if lits:
            constraint.only_enforce_if(lits)

    # ------------------------------------------------------------ hard rules

    def rule2_coverage(self) -> None:
        """Hard rule 2: strictly more than coverage_fraction × units are covered."""
        fixed = set(self.fixed.unit_dates)
        per_unit = defaultdict(list)
        for o in self.options:
            per_unit[o.unit].append(self.x[o])
        for unit in self.instance.units:
            cover = self.model.new_bool_var(f"cover[{unit.id}]")
            if unit.id in fixed or unit.id in self.certain:
                self.model.add(cover == 1)
            else:
                self.model.add(cover <= sum(per_unit[unit.id]))
            self.cover[unit.id] = cover
        self._add("coverage", self.model.add(sum(self.cover.values()) >= self.instance.coverage_needed))

    def rule2_mandatory(self) -> None:
        """Hard rule 2: every mandatory unit is covered."""
        for unit in self.instance.units:
            if unit.mandatory:
                self._add("mandatory", self.model.add(self.cover[unit.id] == 1))

    def rule3_team(self) -> None:
        """Hard rule 3: team_min ≤ team size ≤ team_max, with one lead who has lead: true."""
        rules = self.instance.rules
        members, leads = defaultdict(list), defaultdict(list)
        for (o, _), var in self.assign.items():
            members[o].append(var)
        for (o, person), var in self.lead.items():
            leads[o].append(var)
            self.model.add_implication(var, self.assign[(o, person)])
        for o, x in self.x.items():
            self.model.add(sum(members[o]) <= rules.team_max * x)
            self._add("team", self.model.add(sum(members[o]) >= rules.team_min * x))
            self._add("team", self.model.add(sum(leads[o]) == x))
            for var in members[o]:
                self.model.add_implication(var, x)

    def _by_person(self, key: Callable[[Option], object]) -> dict:
        groups = defaultdict(list)
        for (o, person), var in self.assign.items():
            groups[(person, key(o))].append((o, var))
        return groups

    def rule4_one_per_slot(self) -> None:
        """Hard rule 4: an inspector has at most one inspection per half day (DAY takes both)."""
        halves = defaultdict(list)
        for (o, person), var in self.assign.items():
            for half in HALVES[o.slot]:
                halves[(person, o.date, half)].append(var)
        for (person, day, half), vars_ in halves.items():
            taken = int(self.fixed.is_busy(person, day, half))
            self._add("inspector_slot", self.model.add(sum(vars_) <= 1 - taken))

    def rule4_one_area_per_day(self) -> None:
        """Hard rule 4: two inspections of an inspector on the same day are in the same area."""
        area_of = {u.id: u.area for u in self.instance.units}
        for (person, day), pairs in self._by_person(lambda o: o.date).items():
            areas = defaultdict(list)
            for o, var in pairs:
                areas[area_of[o.unit]].append(var)
            fixed_area = self.fixed.area_of(person, day)
            if len(areas) < 2 and fixed_area in (None, *areas):
                continue
            used = []
            for area, vars_ in areas.items():
                works = self.model.new_bool_var(f"works_in[{person},{day.isoformat()},{area}]")
                for var in vars_:
                    self.model.add_implication(var, works)
                if fixed_area is not None and area != fixed_area:
                    self._add("inspector_area", self.model.add(works == 0))
                used.append(works)
            self._add("inspector_area", self.model.add(sum(used) <= 1))

    def rule4_week_limit(self) -> None:
        """Hard rule 4: at most max_per_week inspections per ISO week."""
        people = self.instance.inspector_by_id
        for (person, week), pairs in self._by_person(lambda o: self.cal.week[o.date]).items():
            room = people[person].max_per_week - self.fixed.week_jobs(person, week)
            self._add("inspector_week", self.model.add(sum(v for _, v in pairs) <= room))

    def rule6_gap(self) -> None:
        """Hard rule 6: two inspections of a unit are at least min_gap_days apart. Any two dates
        closer than the gap fall in one window of min_gap_days days, so one per window suffices."""
        gap = self.instance.rules.min_gap_days
        if gap <= 0:
            return
        per_unit = defaultdict(list)
        for o in self.options:
            per_unit[o.unit].append(o)
        for unit, opts in per_unit.items():
            fixed_dates = self.fixed.unit_dates.get(unit, [])
            for start in sorted({o.date for o in opts} | set(fixed_dates)):
                end = start + dt.timedelta(gap - 1)
                inside = [self.x[o] for o in opts if start <= o.date <= end]
                taken = sum(start <= d <= end for d in fixed_dates)
                if inside and len(inside) + taken > 1:
                    self._add("unit_gap", self.model.add(sum(inside) <= max(0, 1 - taken)))

    def rule6_one_periodic(self) -> None:
        """Hard rule 6: at most one periodic inspection per unit."""
        per_unit = defaultdict(list)
        for o in self.options:
            if o.kind == "periodic":
                per_unit[o.unit].append(self.x[o])
        for unit, vars_ in per_unit.items():
            room = 1 - int(unit in self.fixed.periodic_units)
            self._add("unit_periodic", self.model.add(sum(vars_) <= room))

    def rule7_surprise(self) -> None:
        """Hard rule 7: exactly surprise_count surprise inspections, pinned ones included."""
        surprise = [x for o, x in self.x.items() if o.kind == "surprise"]
        if self.drawn is not None:
            for ins in self.drawn:  # the draw fixes unit and date; the slot stays free
                slots = [x for o, x in self.x.items()
                         if o.kind == "surprise" and (o.unit, o.date) == (ins.unit, ins.date)]
                self._add("surprise", self.model.add(sum(slots) == 1))
            return
        pinned = sum(p.kind == "surprise" for p in self.instance.pinned)
        self._add("surprise", self.model.add(sum(surprise) == self.instance.rules.surprise_count - pinned))

    def rule9_budget(self) -> None:
        """Hard rule 9: at most max_inspections inspections, pinned and surprise included."""
        limit = self.instance.rules.max_inspections
        if limit is not None:
            room = limit - len(self.fixed.inspections) - self.reserve
            self._add("budget", self.model.add(sum(self.x.values()) <= room))

    def policy_keep_periodic(self) -> None:
        """Surprise policy (unpredictability): a unit keeps the periodic inspection the draw-free
        selection gave it, so the periodic plan never reveals who was drawn."""
        per_unit = defaultdict(list)
        for o in self.options:
            if o.kind == "periodic" and o.unit in self.keep_periodic:
                per_unit[o.unit].append(self.x[o])
        for unit in self.keep_periodic:
            self.model.add(sum(per_unit[unit]) == 1)

    # ------------------------------------------------------------ score

    def score_objective(self) -> None:
        """Score: covered weight − balance × largest load − stability × previous not kept −
        team_stability × team changes of the previous kept. A whole-plan model also prefers,
        among plans of equal score, moving previous inspections the fewest weeks (tie-break)."""
        inst = self.instance
        loads = defaultdict(list)
        for (_, person), var in self.assign.items():
            loads[person].append(var)
        self.max_load = self.model.new_int_var(0, len(self.options) + len(inst.pinned), "max_load")
        for person in inst.inspector_by_id:
            self.model.add(self.max_load >= self.fixed.load[person] + sum(loads[person]))
        kept = [self._kept(k, p) for k, p in enumerate(inst.previous)]
        score = (sum(u.weight * self.cover[u.id] for u in inst.units)
                 - inst.balance * self.max_load
                 - inst.stability * (len(inst.previous) - sum(kept))
                 - inst.team_stability * self._team_changes())
        moves, most = self._moves() if self.days is None else (0, 0)
        self.scale = most + 1
        self.model.maximize(self.scale * score - moves)

    def _by_key(self) -> dict:
        if not hasattr(self, "_options_by_key"):
            self._options_by_key = defaultdict(list)
            for o in self.options:
                self._options_by_key[(o.unit, o.kind, o.date)].append(o)
        return self._options_by_key

    def _team_changes(self):
        """Score term (version 1.1): per previous inspection kept, its changes of slot, lead
        and members (`planner.check.changes`)."""
        fixed = defaultdict(list)
        for ins in self.fixed.inspections:
            fixed[ins.key()].append(ins)
        total = 0
        for k, prev in enumerate(self.instance.previous):
            if fixed.get(prev.key()):
                total += min(changes(prev, ins) for ins in fixed[prev.key()])
                continue
            for o in self._by_key().get(prev.key(), ()):
                total += self._changes(k, o, prev)
        return total

    def _changes(self, index: int, o: Option, prev: Inspection):
        x = self.x[o]
        lead = self.lead.get((o, prev.lead))
        old = set(prev.inspectors)
        left = sum(x - self.assign[(o, p)] if (o, p) in self.assign else x for p in old)
        joined = sum(var for (opt, p), var in self._assign_of(o) if p not in old)
        members = self.model.new_int_var(0, len(old) + self.instance.rules.team_max,
                                         f"members_changed[previous {index},{o.name}]")
        self.model.add(members >= left)
        self.model.add(members >= joined)
        return (x if o.slot != prev.slot else 0) + (x - lead if lead is not None else x) + members

    def _assign_of(self, o: Option):
        return [((o, p), self.assign[(o, p)]) for p in self.cal.available[o.date] if (o, p) in self.assign]

    def _moves(self):
        """Tie-break: weeks between each inspection of a unit and kind that has previous
        inspections and the nearest of their dates (0 when kept); and its largest total."""
        dates = defaultdict(list)
        for prev in self.instance.previous:
            dates[(prev.unit, prev.kind)].append(prev.date)
        per_kind = {"periodic": 1, "surprise": max(1, self.instance.rules.surprise_count)}
        terms, most = [], defaultdict(int)
        for o in self.options:
            near = dates.get((o.unit, o.kind))
            if not near:
                continue
            weeks = min(-(-abs((o.date - d).days) // 7) for d in near)
            if weeks:
                terms.append(weeks * self.x[o])
                most[(o.unit, o.kind)] = max(most[(o.unit, o.kind)], weeks)
        return sum(terms), sum(w * per_kind[kind] for (_, kind), w in most.items())

    def _kept(self, index: int, prev: Inspection):
        """Score term: a previous inspection is kept if unit, kind and date come back."""
        if any(p.key() == prev.key() for p in self.fixed.inspections):
            return 1
        matches = [self.x[o] for o in self._by_key().get(prev.key(), ())]
        if not matches:
            return 0
        kept = self.model.new_bool_var(f"kept[previous {index}]")
        self.model.add(kept <= sum(matches))
        return kept

    # ------------------------------------------------------------ solving

    def hint(self, plan: list[Inspection]) -> None:
        """Warm start from a plan (e.g. the decomposition's)."""
        chosen = {(i.unit, i.date, i.slot, i.kind): i for i in plan}
        for o, x in self.x.items():
            ins = chosen.get((o.unit, o.date, o.slot, o.kind))
            self.model.add_hint(x, ins is not None)
        for (o, person), var in self.assign.items():
            ins = chosen.get((o.unit, o.date, o.slot, o.kind))
            self.model.add_hint(var, bool(ins and person in ins.inspectors))

    def solve(self, time_limit: float, seed: int, should_stop=None, workers: int = 1,
              deterministic_limit: float | None = None) -> ExactResult:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
        if deterministic_limit is not None:  # same seed, same work: same answer
            solver.parameters.max_deterministic_time = deterministic_limit
        solver.parameters.num_workers = 1 if self.explain else workers
        solver.parameters.random_seed = seed % (2**31)
        if self.explain:
            self.model.add_assumptions(list(self.groups.values()))
        status = _solve_stoppable(solver, self.model, should_stop)
        name = solver.status_name(status)
        if name == "INFEASIBLE":
            core = [g for g, lit in self.groups.items()
                    if lit.index in set(solver.sufficient_assumptions_for_infeasibility())]
            return ExactResult("INFEASIBLE", None, None, self._shrink(core, time_limit) if core else core)
        if name not in ("OPTIMAL", "FEASIBLE"):
            return ExactResult("UNKNOWN", None, None, [])
        bound = None if self.explain else -(-int(solver.best_objective_bound + 1e-6) // self.scale)
        return ExactResult(name, self._extract(solver), bound, [])

    def _shrink(self, core: list[str], time_limit: float) -> list[str]:
        """Deletion-based minimisation: drop each group whose removal keeps the model infeasible
        (CP-SAT's core is sufficient, not minimal)."""
        deadline = time.monotonic() + time_limit
        for group in list(core):
            if len(core) == 1 or time.monotonic() > deadline:
                break
            trial = [g for g in core if g != group]
            self.model.clear_assumptions()
            self.model.add_assumptions([self.groups[g] for g in trial])
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.max_time_in_seconds = max(deadline - time.monotonic(), 0.05)
            if solver.solve(self.model) == cp_model.INFEASIBLE:
                core = trial
        return core

    def _extract(self, solver: cp_model.CpSolver) -> list[Inspection]:
        team, lead = defaultdict(list), {}
        for (o, person), var in self.assign.items():
            if solver.boolean_value(var):
                team[o].append(person)
        for (o, person), var in self.lead.items():
            if solver.boolean_value(var):
                lead[o] = person
        plan = list(self.fixed.inspections)
        for o, x in self.x.items():
            if solver.boolean_value(x):
                plan.append(Inspection(o.unit, o.date, o.slot, o.kind, tuple(team[o]), lead[o]))
        return plan


def _solve_stoppable(solver: cp_model.CpSolver, model: cp_model.CpModel, should_stop) -> int:
    """Solve, polling `should_stop` from a watcher thread (CP-SAT only calls back on solutions)."""
    if should_stop is None:
        return solver.solve(model)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if should_stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model)
    finally:
        done.set()
        watcher.join()
