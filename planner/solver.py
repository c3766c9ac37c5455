"""`solve`: the planning pipeline.

1. pinned inspections are fixed; the seeded surprise draw adds the surprise inspections;
2. the aggregate relaxation chooses units and gives a valid upper bound;
3. the schedule phase gives each chosen unit a day, slot and team under a load cap;
4. on small instances (or when the decomposition is stuck) the exact CP-SAT model, warm-started
   with the decomposition's plan, improves it, proves OPTIMAL or INFEASIBLE and finds the
   clashing rules.
A plan is returned only if the independent checker accepts it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from planner import explain, messages
from planner.aggregate import Aggregate, aggregate, bound_any_draw
from planner.check import max_load, score, violations
from planner.improve import improve
from planner.model_exact import ExactModel, size_estimate
from planner.occupancy import Calendar, Occupancy
from planner.schedule import schedule
from planner.schema import PLAN_FORMAT, Inspection, Instance, load_instance
from planner.surprise import surprise_draw

EXACT_LIMIT = 60_000  # assign variables up to which the exact model is worth building
SLOT_ORDER = {"AM": 0, "DAY": 0, "PM": 1}


@dataclass
class Run:
    """Clock, progress reporting and early stop for one `solve` call."""

    time_limit: float
    on_progress: Callable[[dict], None] | None
    should_stop: Callable[[], bool] | None
    started: float = field(default_factory=time.monotonic)
    phases: dict = field(default_factory=dict)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float:
        return self.time_limit - self.elapsed()

    def stopped(self) -> bool:
        return self.left() <= 0 or bool(self.should_stop and self.should_stop())

    def progress(self, phase: str, score: int | None = None, bound: int | None = None) -> None:
        self.phases[phase] = round(self.elapsed(), 3)
        if self.on_progress:
            self.on_progress({"elapsed": self.elapsed(), "time_limit": self.time_limit,
                              "score": score, "bound": bound, "phase": phase})


@dataclass
class Outcome:
    status: str
    plan: list[Inspection] | None = None
    bound: int | None = None
    explanation: list[dict] = field(default_factory=list)


def solve(data: dict, *, time_limit: float = 30.0, seed: int | None = None,
          on_progress: Callable[[dict], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> dict:
    """Plan the inspections of an instance; raise InstanceError if it is malformed."""
    run = Run(time_limit, on_progress, should_stop)
    instance = load_instance(data)
    seed = instance.rules.seed if seed is None else seed
    pre = explain.staffing_prechecks(instance)
    if pre:
        return _plan_dict(instance, Outcome("INFEASIBLE", explanation=pre), None, set(), run, seed)
    cal = Calendar(instance)
    outcome, agg, drawn = _pipeline(instance, cal, seed, run)
    run.progress("done", outcome.plan and score(instance, outcome.plan), outcome.bound)
    plan = _plan_dict(instance, outcome, agg, drawn, run, seed)
    if outcome.status in ("OPTIMAL", "FEASIBLE"):
        plan["stats"]["bound_any_draw"] = bound_any_draw(instance, cal, _pinned(cal))
    return plan


def _pinned(cal: Calendar) -> Occupancy:
    occupancy = Occupancy(cal)
    for ins in cal.instance.pinned:
        occupancy.add(ins)
    return occupancy


def _pipeline(instance: Instance, cal: Calendar, seed: int, run: Run):
    reasons = explain.aggregate_reasons(instance, cal, _pinned(cal))
    if reasons:  # each of these reasons alone proves infeasibility, whatever the draw
        return Outcome("INFEASIBLE", explanation=reasons), None, set()
    occupancy = _pinned(cal)
    selection = _periodic_plan(instance, cal, occupancy, run)
    drawn, missing = surprise_draw(occupancy, seed, selection.cap)
    drawn_units = {ins.unit for ins in drawn}
    forced = frozenset(drawn_units & {i.unit for i in selection.placed})
    run.progress("draw")
    agg = aggregate(instance, cal, _pinned(cal), _with(cal, drawn), 0, forced)
    best = Outcome("UNKNOWN")
    if not missing and selection.ok:
        best = _judge(instance, occupancy.inspections, agg.bound)
    run.progress("bound", _score(instance, best), agg.bound)
    if best.status != "OPTIMAL" and not run.stopped() and size_estimate(instance, cal) <= EXACT_LIMIT:
        best = _exact(instance, cal, drawn if not missing else None, best, seed, run, forced)
    elif best.status == "FEASIBLE" and not run.stopped():
        plan = improve(instance, cal, best.plan, best.bound, seed, _time_left(run))
        best = _judge(instance, plan, agg.bound)
        run.progress("improve", _score(instance, best), best.bound)
    if best.status == "UNKNOWN":
        best.explanation = [explain.code("unknown_time_limit", time_limit=run.time_limit)]
    return best, selection.aggregate, drawn_units


@dataclass
class Selection:
    aggregate: Aggregate
    placed: list[Inspection]
    cap: int | None
    ok: bool


def _periodic_plan(instance: Instance, cal: Calendar, occupancy: Occupancy, run: Run) -> Selection:
    """Choose and schedule the periodic inspections without knowing the surprise draw, keeping
    room (budget and load) for the surprise inspections still due: the published periodic plan
    must not tell a unit whether it was drawn."""
    due = instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned)
    selection = aggregate(instance, cal, occupancy, occupancy, due)
    run.progress("aggregate", None, None)
    if selection.bound is None:
        return Selection(selection, [], None, False)
    scheduled = schedule(occupancy, selection, time.monotonic() + max(run.left() * 0.5, 0.1))
    run.progress("schedule")
    return Selection(selection, scheduled.placed, scheduled.cap, True)


def _with(cal: Calendar, drawn: list[Inspection]) -> Occupancy:
    occupancy = _pinned(cal)
    for ins in drawn:
        occupancy.add(ins)
    return occupancy


def _time_left(run: Run) -> Callable[[], float]:
    return lambda: 0.0 if run.should_stop and run.should_stop() else run.left()


def _score(instance: Instance, outcome: Outcome) -> int | None:
    return score(instance, outcome.plan) if outcome.plan is not None else None


def _judge(instance: Instance, plan: list[Inspection], bound: int | None) -> Outcome:
    """FEASIBLE if the checker accepts the plan, OPTIMAL if it also meets the proved bound."""
    if violations(instance, plan):
        return Outcome("UNKNOWN", bound=bound)
    value = score(instance, plan)
    status = "OPTIMAL" if bound is not None and value >= bound else "FEASIBLE"
    return Outcome(status, list(plan), bound if bound is None else max(bound, value))


def _exact(instance: Instance, cal: Calendar, drawn, best: Outcome, seed: int, run: Run,
           forced: frozenset) -> Outcome:
    """Improve or prove with the exact model; if the draw is impossible, let the model choose
    the surprise inspections; if even that is infeasible, explain with an infeasible core."""
    model = ExactModel(instance, cal, _pinned(cal), drawn, keep_periodic=forced if drawn else frozenset())
    if best.plan:
        model.hint(best.plan)
    result = model.solve(run.left(), seed, run.should_stop)
    run.progress("exact", None, result.bound)
    if result.status == "INFEASIBLE" and drawn is not None:
        if run.stopped():  # infeasible with this draw proves nothing about other draws
            return Outcome("UNKNOWN")
        best = Outcome("UNKNOWN")  # the draw's bound no longer applies once the model draws
        model = ExactModel(instance, cal, _pinned(cal), None)
        result = model.solve(run.left(), seed, run.should_stop)
    if result.status == "INFEASIBLE":
        return Outcome("INFEASIBLE", explanation=_core(instance, cal, run))
    return _better(instance, best, result)


def _better(instance: Instance, best: Outcome, result) -> Outcome:
    bounds = [b for b in (best.bound, result.bound) if b is not None]
    bound = min(bounds) if bounds else None
    if result.plan is None:
        return Outcome(best.status, best.plan, bound)
    candidate = _judge(instance, result.plan, bound)
    if result.status == "OPTIMAL" and candidate.status != "UNKNOWN":
        candidate.status, candidate.bound = "OPTIMAL", score(instance, result.plan)
        return candidate
    if candidate.plan and (best.plan is None or _score(instance, candidate) > _score(instance, best)):
        return candidate
    return Outcome(best.status, best.plan, bound)


def _core(instance: Instance, cal: Calendar, run: Run) -> list[dict]:
    """A small set of rule groups that cannot hold together (CP-SAT assumptions, one worker)."""
    model = ExactModel(instance, cal, _pinned(cal), None, explain=True)
    result = model.solve(max(min(run.left(), 10.0), 1.0), 0)
    if result.status == "INFEASIBLE" and result.core:
        return explain.core_reasons(instance, result.core)
    return [explain.code("core_intro")]


def _sorted(plan: list[Inspection]) -> list[Inspection]:
    return sorted(plan, key=lambda i: (i.date, SLOT_ORDER[i.slot], i.unit, i.kind))


def _plan_dict(instance: Instance, outcome: Outcome, agg: Aggregate | None, drawn: set[str],
               run: Run, seed: int) -> dict:
    plan = _sorted(outcome.plan or [])
    feasible = outcome.status in ("OPTIMAL", "FEASIBLE")
    explanation = list(outcome.explanation)
    if feasible:
        explanation = [explain.summary(instance, plan, max_load(plan))]
    reasons = explain.unit_reasons(instance, plan, agg, drawn) if feasible else {
        u.id: explain.code("not_chosen_no_plan") for u in instance.units}
    return {
        "format": PLAN_FORMAT,
        "status": outcome.status,
        "score": score(instance, plan) if feasible else None,
        "bound": outcome.bound,
        "inspections": [ins.to_json() for ins in plan] if feasible else [],
        "explanation": [messages.render(c["code"], c["params"], "en") for c in explanation],
        "explanation_codes": explanation,
        "reasons": {u: messages.render(c["code"], c["params"], "en") for u, c in reasons.items()},
        "reason_codes": reasons,
        "stats": {"wall_seconds": round(run.elapsed(), 3), "seed": seed, "phases": run.phases},
    }
