"""Plain-word explanations: why an instance is infeasible, and why each unit is in or out.

Everything is a (code, params) pair; `planner.messages.render` turns it into English or
Vietnamese text.
"""

from __future__ import annotations

from planner.aggregate import Aggregate
from planner.occupancy import Calendar, Occupancy
from planner.schema import Inspection, Instance

Code = dict  # {"code": str, "params": dict}


def code(name: str, **params) -> Code:
    return {"code": name, "params": params}


# ---------------------------------------------------------------- infeasibility

def staffing_prechecks(instance: Instance) -> list[Code]:
    """Rule 3 cannot hold for any inspection: not enough people, or nobody may lead."""
    if instance.rules.team_min > len(instance.inspectors):
        return [code("infeasible_team_min", team_min=instance.rules.team_min,
                     inspectors=len(instance.inspectors))]
    if not any(i.lead for i in instance.inspectors):
        return [code("infeasible_no_lead")]
    return []


def aggregate_reasons(instance: Instance, cal: Calendar, fixed: Occupancy, agg: Aggregate,
                      capacity: int) -> list[Code]:
    """Why the aggregate relaxation has no solution, in numbers (each reason alone is a proof)."""
    reasons = []
    for unit in instance.units:
        if unit.mandatory and unit.id not in fixed.unit_dates and not cal.unit_days(unit.id):
            reasons.append(code("infeasible_mandatory_no_day", unit=unit.id, today=instance.today.isoformat(),
                                end=instance.end.isoformat(), team_min=instance.rules.team_min))
    covered = len(fixed.unit_dates)
    reachable = covered + sum(i.new_unit for i in agg.items)
    if reachable < instance.coverage_needed:
        reasons.append(code("infeasible_coverage_reach", fraction=str(instance.rules.coverage_fraction),
                            needed=instance.coverage_needed, reachable=reachable))
    budget = instance.rules.max_inspections
    if budget is not None and agg.k_min > budget - len(fixed.inspections):
        reasons.append(code("infeasible_budget", needed=len(fixed.inspections) + agg.k_min,
                            covered_needed=max(instance.coverage_needed, _mandatory(instance)),
                            surprise=instance.rules.surprise_count, max=budget))
    size = instance.rules.team_min
    if agg.k_min * size > capacity:
        surprise_new = sum(i.kind == "surprise" for i in fixed.inspections) - sum(
            p.kind == "surprise" for p in instance.pinned)
        inspections = agg.k_min + surprise_new
        reasons.append(code("infeasible_capacity", inspections=inspections,
                            half_days=inspections * size, free=capacity + surprise_new * size,
                            end=instance.end.isoformat()))
    return reasons


def _mandatory(instance: Instance) -> int:
    return sum(u.mandatory for u in instance.units)


def core_reasons(instance: Instance, core: list[str]) -> list[Code]:
    """The rule groups in a CP-SAT infeasible core, each with its numbers."""
    rules = instance.rules
    params = {
        "calendar": {"today": instance.today.isoformat(), "end": instance.end.isoformat()},
        "coverage": {"fraction": str(rules.coverage_fraction), "units": len(instance.units),
                     "needed": instance.coverage_needed},
        "mandatory": {"count": _mandatory(instance)},
        "team": {"team_min": rules.team_min},
        "inspector_week": {"max_per_week": max((i.max_per_week for i in instance.inspectors), default=0)},
        "unit_gap": {"min_gap": rules.min_gap_days},
        "surprise": {"count": rules.surprise_count},
        "budget": {"max": rules.max_inspections},
    }
    return [code("core_intro")] + [code(f"core_{g}", **params.get(g, {})) for g in core]


# ---------------------------------------------------------------- reasons per unit

def unit_reasons(instance: Instance, plan: list[Inspection], agg: Aggregate | None,
                 drawn: set[str]) -> dict[str, Code]:
    """Unit id -> why it is covered or not (a reason code)."""
    by_unit: dict[str, list[Inspection]] = {}
    for ins in plan:
        by_unit.setdefault(ins.unit, []).append(ins)
    pinned = {p.unit for p in instance.pinned}
    previous = {p.key() for p in instance.previous}
    item_units = {i.unit for i in agg.items} if agg else set()
    budget_bound = agg is not None and agg.bound is not None and len(agg.chosen) >= agg.k_max
    out = {}
    for unit in instance.units:
        weight = unit.weight
        if unit.id in pinned:
            out[unit.id] = code("chosen_pinned", weight=weight)
        elif any(ins.kind == "surprise" for ins in by_unit.get(unit.id, [])) and unit.id in drawn:
            out[unit.id] = code("chosen_surprise", weight=weight)
        elif unit.id in by_unit:
            kept = any(ins.key() in previous for ins in by_unit[unit.id])
            name = "chosen_mandatory" if unit.mandatory else "chosen_previous" if kept else "chosen_weight"
            out[unit.id] = code(name, weight=weight)
        elif agg is not None and unit.id not in item_units:
            out[unit.id] = code("not_chosen_no_team", weight=weight)
        else:
            out[unit.id] = code("not_chosen_budget" if budget_bound else "not_chosen_balance", weight=weight)
    return out


def summary(instance: Instance, plan: list[Inspection], load: int) -> Code:
    covered = len({ins.unit for ins in plan})
    return code("plan_summary", covered=covered, units=len(instance.units),
                needed_minus_one=instance.coverage_needed - 1, inspections=len(plan), load=load)
