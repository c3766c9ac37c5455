"""`solve`: the planning pipeline.

1. The periodic plan, blind to the surprise draw (it depends on the instance, never on the seed):
   the aggregate relaxation chooses the units, the schedule phase gives each a day, slot and team
   (in a re-plan: the previous ones where still allowed, else the nearest day), the exact CP-SAT
   model (small instances) or a week-by-week search improves it, and simulated draws make room
   for the surprise inspections (`planner.reserve`).
2. The seeded surprise draw (`planner.surprise`); if some surprise inspections do not fit, the
   lowest-value periodic inspections make room for them.
3. The bound of the problem the planner solves (plans with this draw; see the contract).
4. Only if the draw cannot be completed on a blind periodic plan: the draw comes first and the
   periodic plan is built around it, and on small instances the exact model with free surprise
   inspections decides, proving INFEASIBLE when no plan exists.

Every phase keeps to the time limit; a plan is returned only if the independent checker accepts
it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from planner import explain, messages
from planner.aggregate import Aggregate, aggregate, bound_any_draw, periodic_target
from planner.check import max_load, score, violations
from planner.improve import improve, window_estimate
from planner.model_exact import ExactModel, size_estimate
from planner.occupancy import Calendar, Occupancy
from planner.reserve import repair, reserve
from planner.schedule import schedule
from planner.schema import PLAN_FORMAT, Inspection, Instance, load_instance
from planner.stability import exact_keeps, replan_changes
from planner.surprise import Draw, due_count, previous_surprises

EXACT_LIMIT = 60_000  # assign variables up to which the exact model is worth building
BUILD_SECONDS = 5e-5  # seconds to build the exact model, per assign variable (generously)
SLOT_ORDER = {"AM": 0, "DAY": 0, "PM": 1}
WINDOWS_PER_SECOND = 1  # week windows the improvement may try per second of time limit
GRACE = 0.3  # seconds an optional bound may run past the time limit
CLOSING_SHARE = 2.0  # closing time kept, as a share of the time the first aggregate took
POLISH_WORK = 1.0  # deterministic-time limit of re-staffing the surprise inspections
# shares of the search time (time limit minus the closing time) at which each phase must end
IMPROVE_END, RESERVE_END = 0.6, 0.8


@dataclass
class Run:
    """Clock, progress reporting and early stop for one `solve` call."""

    time_limit: float
    on_progress: Callable[[dict], None] | None
    should_stop: Callable[[], bool] | None
    started: float = field(default_factory=time.monotonic)
    phases: dict = field(default_factory=dict)
    closing: float = 0.0  # seconds kept after the search for the bound and the explanations
    aggregate_cost: float = 0.0  # seconds the first aggregate took (with loading the instance)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def cancelled(self) -> bool:
        return bool(self.should_stop and self.should_stop())

    def left(self) -> float:
        return self.time_limit - self.closing - self.elapsed()

    def essential(self) -> float:
        """Seconds left for what every plan needs (the draw): half the closing time included."""
        return self.left() + self.closing / 2

    def stopped(self) -> bool:
        return self.left() <= 0 or self.cancelled()

    def until(self, share: float) -> Callable[[], float]:
        """Seconds left until `share` of the search time has passed (0 once cancelled)."""
        end = self.started + share * (self.time_limit - self.closing)
        return lambda: 0.0 if self.cancelled() else min(end - time.monotonic(), self.left())

    def calibrate(self) -> None:
        """Once the first aggregate is done, keep about twice as long for closing: the last bound,
        the check and the explanations cost about that much on this instance and this machine."""
        self.aggregate_cost = self.elapsed()
        self.closing = max(self.closing, min(CLOSING_SHARE * self.aggregate_cost, 0.4 * self.time_limit))

    def time_for_bound(self) -> bool:
        """Whether an aggregate bound still fits in the time limit, give or take `GRACE` (else the
        plan goes without)."""
        return self.elapsed() + self.aggregate_cost <= self.time_limit + GRACE

    def progress(self, phase: str, score: int | None = None, bound: int | None = None,
                 report: bool = True) -> None:
        self.phases[phase] = round(self.elapsed(), 3)
        if report and self.on_progress:
            self.on_progress({"elapsed": self.elapsed(), "time_limit": self.time_limit,
                              "score": score, "bound": bound, "phase": phase})


@dataclass
class Outcome:
    status: str
    plan: list[Inspection] | None = None
    bound: int | None = None
    score: int | None = None
    explanation: list[dict] = field(default_factory=list)
    drawn: set[str] = field(default_factory=set)
    selection: Aggregate | None = None
    stats: dict = field(default_factory=dict)


def solve(data: dict, *, time_limit: float = 30.0, seed: int | None = None,
          on_progress: Callable[[dict], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> dict:
    """Plan the inspections of an instance; raise InstanceError if it is malformed."""
    run = Run(time_limit, on_progress, should_stop)
    instance = load_instance(data)
    seed = instance.rules.seed if seed is None else seed
    run.closing = _closing_time(instance, time_limit)
    pre = explain.staffing_prechecks(instance)
    if pre:
        return _plan_dict(instance, Outcome("INFEASIBLE", explanation=pre), run, seed)
    cal = Calendar(instance)
    outcome = _pipeline(instance, cal, seed, run)
    if outcome.status == "UNKNOWN":
        outcome.explanation = [_unknown_reason(run)]
    if outcome.status in ("OPTIMAL", "FEASIBLE") and run.time_for_bound():
        outcome.stats["bound_any_draw"] = bound_any_draw(instance, cal, _pinned(cal))
    run.progress("done", outcome.score, outcome.bound)
    return _plan_dict(instance, outcome, run, seed)


def _closing_time(instance: Instance, time_limit: float) -> float:
    """Time kept for the last bound and the explanations: they grow with the instance."""
    size = len(instance.units) + 10 * len(instance.inspectors)
    return min(0.05 + size * 4e-5, time_limit * 0.4)


def _unknown_reason(run: Run) -> dict:
    if run.cancelled():
        return explain.code("unknown_stopped")
    if run.left() <= 0:
        return explain.code("unknown_time_limit", time_limit=run.time_limit)
    return explain.code("unknown_no_plan")


def _pinned(cal: Calendar) -> Occupancy:
    occupancy = Occupancy(cal)
    for ins in cal.instance.pinned:
        occupancy.add(ins)
    return occupancy


def _with(cal: Calendar, drawn: list[Inspection]) -> Occupancy:
    occupancy = _pinned(cal)
    for ins in drawn:
        occupancy.add(ins)
    return occupancy


def _pipeline(instance: Instance, cal: Calendar, seed: int, run: Run) -> Outcome:
    reasons = explain.aggregate_reasons(instance, cal, _pinned(cal))
    if reasons:  # each of these reasons alone proves infeasibility, whatever the draw
        return Outcome("INFEASIBLE", explanation=reasons)
    blind = _blind_plan(instance, cal, run)
    if blind is not None:
        outcome = _draw(instance, cal, blind, seed, run)
        if outcome.plan is not None:
            return outcome
    return _fallback(instance, cal, seed, run, blind.selection if blind else None)


# ---------------------------------------------------------------- 1. the blind periodic plan

@dataclass
class Blind:
    occupancy: Occupancy  # pinned inspections and the periodic plan
    selection: Aggregate
    cap: int | None
    bound: int | None  # the exact model's bound, valid for the whole problem when nothing is drawn
    reserved: int = 0  # periodic inspections dropped to make room for the simulated draws


def _certain(instance: Instance, cal: Calendar, due: int) -> frozenset:
    """Units the draw reaches whatever the seed: all that can be drawn, when there are at least as
    many surprise inspections due as such units (periodic inspections there would be wasted)."""
    holders = {p.unit for p in instance.pinned if p.kind == "surprise"}
    drawable = frozenset(u.id for u in instance.units if u.id not in holders and cal.unit_days(u.id))
    return drawable if due and due >= len(drawable) else frozenset()


def _blind_plan(instance: Instance, cal: Calendar, run: Run) -> Blind | None:
    """The periodic plan: chosen, scheduled and improved without the seed, with room kept (budget,
    load, days) for the surprise inspections still due. Previous surprise inspections are seen
    only as time their inspectors are busy, never as visits to their units."""
    occupancy = _pinned(cal)
    for prev in previous_surprises(instance):
        occupancy.block(prev)
    due = due_count(instance)
    certain = _certain(instance, cal, due)
    selection = aggregate(instance, cal, occupancy, occupancy, due, certain=certain)
    run.progress("aggregate")
    run.calibrate()
    if selection.bound is None:
        return None
    scheduled = schedule(occupancy, selection, run.until(1.0), run.until(0.3))
    run.progress("schedule")
    if not scheduled.complete:  # stopped or out of time: no periodic plan to build on
        return None
    bound = None
    if run.stopped():
        occupancy.unblock()
    else:
        plan, bound = _improve_blind(instance, cal, occupancy, selection, due, certain, run)
        occupancy = Occupancy(cal)  # without the blocks: the draw places the previous surprises
        for ins in plan:
            occupancy.add(ins)
    dropped = reserve(occupancy, scheduled.cap, run.until(RESERVE_END)) if due else []
    run.progress("reserve", report=False)
    return Blind(occupancy, selection, scheduled.cap, bound, len(dropped))


def _improve_blind(instance: Instance, cal: Calendar, occupancy: Occupancy, selection: Aggregate,
                   due: int, certain: frozenset, run: Run) -> tuple[list[Inspection], int | None]:
    """The exact model on small instances, the week-by-week search on larger ones; both only see
    the periodic plan, and leave the inspections kept exactly from `previous` as they are.
    Returns the plan and, from the exact model, a bound (of the whole problem when there is
    nothing previous)."""
    plan = list(occupancy.inspections)
    current = _blind_score(instance, plan, certain)
    target = periodic_target(selection)
    if certain or (current is not None and current >= target):
        return plan, None  # the schedule realised the selection: nothing to improve
    if _exact_fits(instance, cal, run):
        fixed = _pinned(cal)
        for ins in exact_keeps(instance, plan) - set(instance.pinned):
            fixed.add(ins)
        for ins in occupancy.blocks:
            fixed.block(ins)
        model = ExactModel(instance, cal, fixed, [], reserve=due, certain=certain)
        model.hint(plan)
        work = IMPROVE_END * (run.time_limit - run.closing)  # from the limit only: deterministic
        result = model.solve(run.until(IMPROVE_END)(), 0, run.should_stop, deterministic_limit=work)
        run.progress("exact", None, result.bound)
        if result.plan is not None and (current is None or _blind_score(instance, result.plan, certain) > current):
            plan = result.plan
        proved = result.status in ("OPTIMAL", "FEASIBLE") and not instance.previous
        return plan, result.bound if proved else None
    if current is not None and window_estimate(instance, cal) <= EXACT_LIMIT:
        windows = max(1, int(WINDOWS_PER_SECOND * (run.time_limit - run.closing) * IMPROVE_END))
        plan = improve(instance, cal, plan, target, due, run.until(IMPROVE_END), windows, occupancy.blocks)
        run.progress("improve", None, None)
    return plan, None


def _exact_fits(instance: Instance, cal: Calendar, run: Run) -> bool:
    """The exact model is small enough, and there is time to build it."""
    size = size_estimate(instance, cal)
    return size <= EXACT_LIMIT and run.left() > size * BUILD_SECONDS


def _blind_score(instance: Instance, plan: list[Inspection], certain: frozenset) -> int | None:
    """Score of a periodic plan before the draw, None if it breaks a rule other than the surprise
    count (and, when the draw covers every unit, coverage)."""
    ignored = {7, 2} if certain else {7}
    if any(v.rule not in ignored for v in violations(instance, plan)):
        return None
    return score(instance, plan)


# ---------------------------------------------------------------- 2. the draw

def _draw(instance: Instance, cal: Calendar, blind: Blind, seed: int, run: Run) -> Outcome:
    occupancy = blind.occupancy
    # a stop request does not cut the draw short, and the draw may use half the closing time
    # (the last bound is skipped then): it is quick, and without it there is no plan
    draw = Draw(occupancy, seed, blind.cap, run.essential).run()
    fix = repair(occupancy, draw, run.essential)
    run.progress("draw")
    stats = {"blind": not (fix.dropped or fix.added), "reserved": blind.reserved,
             "repaired": {"dropped": len(fix.dropped), "added": len(fix.added)}}
    if draw.missing:
        return Outcome("UNKNOWN", selection=blind.selection, stats=stats)
    drawn = draw.inspections
    periodic = {i.unit for i in occupancy.inspections if i.kind == "periodic"}
    forced = frozenset({i.unit for i in drawn} & periodic)
    bound = None
    if run.time_for_bound():
        bound = aggregate(instance, cal, _pinned(cal), _with(cal, drawn), 0, forced).bound
    nothing_drawn = not instance.rules.surprise_count and not any(p.kind == "surprise" for p in instance.previous)
    if nothing_drawn and blind.bound is not None:
        bound = blind.bound if bound is None else min(bound, blind.bound)
    outcome = _judge(instance, occupancy.inspections, bound)
    if outcome.status == "UNKNOWN":
        outcome.selection, outcome.stats = blind.selection, stats
        return outcome
    if outcome.status == "FEASIBLE" and not run.stopped():
        polished = _polish(instance, cal, occupancy.inspections, drawn, run)
        better = _judge(instance, polished, bound) if polished is not None else outcome
        outcome = better if better.plan and better.score > outcome.score else outcome
    run.progress("bound", outcome.score, outcome.bound)
    outcome.drawn, outcome.selection, outcome.stats = {i.unit for i in drawn}, blind.selection, stats
    return outcome


def _polish(instance: Instance, cal: Calendar, plan: list[Inspection], drawn: list[Inspection],
            run: Run) -> list[Inspection] | None:
    """Re-staff the surprise inspections (units and dates as drawn, slot and team free) to lower
    the largest load; the periodic plan and the surprise inspections kept exactly from
    `previous` do not change."""
    kept = exact_keeps(instance, drawn)
    free = [d for d in drawn if d not in kept]
    size = sum(len(cal.available[d.date]) for d in free) * 2
    if not free or size > EXACT_LIMIT or run.left() <= size * BUILD_SECONDS:
        return None
    fixed = Occupancy(cal)
    for ins in plan:
        if ins not in free:
            fixed.add(ins)
    model = ExactModel(instance, cal, fixed, free, units=set())
    model.hint(plan)
    search = max(run.left(), 0.0)
    return model.solve(search, 0, run.should_stop, deterministic_limit=min(search, POLISH_WORK)).plan


# ---------------------------------------------------------------- 4. when the draw does not fit

def _fallback(instance: Instance, cal: Calendar, seed: int, run: Run, selection: Aggregate | None) -> Outcome:
    """The draw first, the periodic plan around it (the periodic plan then depends on the seed);
    on small instances the exact model with free surprise inspections improves or decides."""
    stats = {"blind": False, "reserved": 0, "repaired": {"dropped": 0, "added": 0}}
    best = Outcome("UNKNOWN", selection=selection, stats=stats)
    if run.stopped():
        return best
    occupancy = _pinned(cal)
    draw = Draw(occupancy, seed, None, run.until(1.0)).run(seconds=True)
    if not draw.missing:
        agg = aggregate(instance, cal, _pinned(cal), occupancy, 0)
        if agg.bound is not None:
            schedule(occupancy, agg, run.until(1.0))
            fix = repair(occupancy, draw, lambda: 0.0)
            stats["repaired"]["added"] = len(fix.added)
            best = _judge(instance, occupancy.inspections, agg.bound)
            best.drawn, best.selection, best.stats = {i.unit for i in draw.inspections}, agg, stats
    if best.status == "FEASIBLE" and not best.plan:
        best.status = "UNKNOWN"
    if best.status != "OPTIMAL" and not run.stopped() and _exact_fits(instance, cal, run):
        best = _exact(instance, cal, best, seed, run)
    return best


def _exact(instance: Instance, cal: Calendar, best: Outcome, seed: int, run: Run) -> Outcome:
    """The exact model choosing the surprise inspections itself; if it is infeasible, explain
    with an infeasible core."""
    model = ExactModel(instance, cal, _pinned(cal), None)
    if best.plan:
        model.hint(best.plan)
    result = model.solve(run.left(), seed, run.should_stop)
    run.progress("exact", None, result.bound)
    if result.status == "INFEASIBLE":
        return Outcome("INFEASIBLE", explanation=_core(instance, cal, run), stats=best.stats)
    better = _better(instance, best, result)
    if better.plan is not best.plan:
        better.drawn = {i.unit for i in better.plan if i.kind == "surprise"}
    better.selection, better.stats = best.selection, best.stats
    return better


def _judge(instance: Instance, plan: list[Inspection], bound: int | None) -> Outcome:
    """FEASIBLE if the checker accepts the plan, OPTIMAL if it also meets the proved bound."""
    if violations(instance, plan):
        return Outcome("UNKNOWN", bound=bound)
    value = score(instance, plan)
    status = "OPTIMAL" if bound is not None and value >= bound else "FEASIBLE"
    return Outcome(status, list(plan), bound if bound is None else max(bound, value), value)


def _better(instance: Instance, best: Outcome, result) -> Outcome:
    """The exact model's answer if it beats `best` (its bound replaces the draw's: the model
    chose its own surprise inspections)."""
    if result.plan is None:
        return best if best.plan else Outcome("UNKNOWN")
    candidate = _judge(instance, result.plan, result.bound)
    if result.status == "OPTIMAL" and candidate.status != "UNKNOWN":
        candidate.status, candidate.bound = "OPTIMAL", candidate.score
        return candidate
    if best.plan is None or (candidate.plan and candidate.score > best.score):
        return candidate
    return best


def _core(instance: Instance, cal: Calendar, run: Run) -> list[dict]:
    """A small set of rule groups that cannot hold together (CP-SAT assumptions, one worker)."""
    model = ExactModel(instance, cal, _pinned(cal), None, explain=True)
    result = model.solve(max(min(run.left(), 10.0), 0.2), 0)
    if result.status == "INFEASIBLE" and result.core:
        return explain.core_reasons(instance, result.core)
    return [explain.code("core_intro")]


# ---------------------------------------------------------------- the plan

def _sorted(plan: list[Inspection]) -> list[Inspection]:
    return sorted(plan, key=lambda i: (i.date, SLOT_ORDER[i.slot], i.unit, i.kind))


def _plan_dict(instance: Instance, outcome: Outcome, run: Run, seed: int) -> dict:
    plan = _sorted(outcome.plan or [])
    feasible = outcome.status in ("OPTIMAL", "FEASIBLE")
    explanation = list(outcome.explanation)
    if feasible:
        explanation = [explain.summary(instance, plan, max_load(plan))]
    reasons = explain.unit_reasons(instance, plan, outcome.selection, outcome.drawn) if feasible else {
        u.id: explain.code("not_chosen_no_plan") for u in instance.units}
    stats = {"wall_seconds": round(run.elapsed(), 3), "seed": seed, "phases": run.phases, **outcome.stats}
    if feasible and instance.previous:
        stats["changes"] = replan_changes(instance, plan)
    return {
        "format": PLAN_FORMAT,
        "status": outcome.status,
        "score": outcome.score if feasible else None,
        "bound": outcome.bound,
        "inspections": [ins.to_json() for ins in plan] if feasible else [],
        "explanation": [messages.render(c["code"], c["params"], "en") for c in explanation],
        "explanation_codes": explanation,
        "reasons": {u: messages.render(c["code"], c["params"], "en") for u, c in reasons.items()},
        "reason_codes": reasons,
        "stats": stats,
    }
