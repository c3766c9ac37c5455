"""Plain-word explanations: why an instance is infeasible, and why each unit is in or out.

Everything is a (code, params) pair; `planner.messages.render` turns it into English or
Vietnamese text.
"""

from __future__ import annotations

from planner.aggregate import Aggregate, inspector_capacity
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


def aggregate_reasons(instance: Instance, cal: Calendar, pinned: Occupancy) -> list[Code]:
    """Why no plan can exist, in numbers; each reason alone is a proof for every plan, whatever
    the surprise draw (`pinned` holds the pinned inspections only)."""
    reasons = []
    covered = set(pinned.unit_dates)
    needed = _inspections_needed(instance, covered)
    if not cal.days and needed:  # nothing else to say: no day at all, whatever the capacity
        return [code("infeasible_no_working_day", today=instance.today.isoformat(),
                     end=instance.end.isoformat(), needed=needed)]
    for unit in instance.units:
        if unit.mandatory and unit.id not in covered and not cal.unit_days(unit.id):
            reasons.append(code("infeasible_mandatory_no_day", unit=unit.id, today=instance.today.isoformat(),
                                end=instance.end.isoformat(), team_min=instance.rules.team_min))
    reachable = len(covered) + sum(u.id not in covered and bool(cal.unit_days(u.id)) for u in instance.units)
    if reachable < instance.coverage_needed:
        reasons.append(code("infeasible_coverage_reach", fraction=str(instance.rules.coverage_fraction),
                            needed=instance.coverage_needed, reachable=reachable))
    budget = instance.rules.max_inspections
    if budget is not None and needed > budget - len(instance.pinned):
        reasons.append(code("infeasible_budget", needed=len(instance.pinned) + needed,
                            covered_needed=max(instance.coverage_needed, _mandatory(instance)),
                            surprise=instance.rules.surprise_count, max=budget))
    size = instance.rules.team_min
    free = inspector_capacity(instance, cal, pinned)
    if needed * size > free:
        reasons.append(code("infeasible_capacity", inspections=needed, half_days=needed * size,
                            team_min=size, free=free, end=instance.end.isoformat()))
    free_leads = inspector_capacity(instance, cal, pinned, leads_only=True)
    if needed > free_leads:
        reasons.append(code("infeasible_lead_capacity", inspections=needed, free=free_leads,
                            end=instance.end.isoformat()))
    return reasons


def _inspections_needed(instance: Instance, covered: set[str]) -> int:
    """Fewest inspections any plan adds to the pinned ones: one per unit still to cover (coverage,
    mandatory units) and the surprise inspections still due (which may cover some of them)."""
    mandatory = sum(u.mandatory and u.id not in covered for u in instance.units)
    new_units = max(instance.coverage_needed - len(covered), mandatory, 0)
    surprises = instance.rules.surprise_count - sum(p.kind == "surprise" for p in instance.pinned)
    return max(new_units, surprises)


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
        elif any(ins.kind == "periodic" for ins in by_unit.get(unit.id, [])):
            kept = any(ins.key() in previous for ins in by_unit[unit.id])
            name = "chosen_mandatory" if unit.mandatory else "chosen_previous" if kept else "chosen_weight"
            out[unit.id] = code(name, weight=weight)
        elif unit.id in by_unit:
            out[unit.id] = code("chosen_surprise", weight=weight)
        elif agg is not None and unit.id not in item_units:
            out[unit.id] = code("not_chosen_no_team", weight=weight)
        else:
            out[unit.id] = code("not_chosen_budget" if budget_bound else "not_chosen_balance", weight=weight)
    return out


def summary(instance: Instance, plan: list[Inspection], load: int) -> Code:
    covered = len({ins.unit for ins in plan})
    return code("plan_summary", covered=covered, units=len(instance.units),
                needed_minus_one=instance.coverage_needed - 1, inspections=len(plan), load=load)
