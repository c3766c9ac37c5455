"""Risk weights: how much inspecting a unit is worth to the planner (a unit's ``weight``).

weight = base + Σ coefficient × component, rounded, where each component is a share in [0, 1]:

- ``late``: late dossiers / dossiers received over the last 12 complete months;
- ``dissatisfied``: 1 − satisfied / survey responses over the same months;
- ``complaints``: complaints not handled on time / complaints received;
- ``no_initiative``: 1 when the unit has no recognised initiative in the programme's year;
- ``months_since``: months since its last submitted or approved inspection, capped at
  ``months_cap`` and divided by it (never inspected counts as the cap);
- ``overdue``: overdue corrective actions, capped at ``overdue_cap`` and divided by it.

A planner may replace the computed weight of one unit in one programme, with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspection.checklists.queries import overdue_actions_by_unit
from inspection.extensions import db
from inspection.initiatives.queries import units_without_recognised_initiative
from models import (
    Inspection,
    InspectionStatus,
    Programme,
    ServiceIndicator,
    Setting,
    Unit,
)

SETTING_KEY = "risk_coefficients"

#: Coefficient names, in the order the settings form and the weights page show them.
COMPONENTS = ("late", "dissatisfied", "complaints", "no_initiative", "months_since", "overdue")

DEFAULT_COEFFICIENTS: dict[str, int] = {
    "base": 10,
    "late": 30,
    "dissatisfied": 20,
    "complaints": 20,
    "no_initiative": 15,
    "months_since": 20,
    "overdue": 15,
    "months_cap": 24,
    "overdue_cap": 5,
}


def coefficients() -> dict[str, int]:
    """The admins' coefficients (settings key ``risk_coefficients``) over the defaults."""
    stored = db.session.get(Setting, SETTING_KEY)
    values = dict(DEFAULT_COEFFICIENTS)
    if stored is not None and isinstance(stored.value, dict):
        values.update({k: int(v) for k, v in stored.value.items() if k in DEFAULT_COEFFICIENTS})
    return values


@dataclass
class UnitRisk:
    """A unit's weight and the figures it comes from."""

    unit: Unit
    components: dict[str, float]
    months_since: int | None
    overdue_count: int
    computed: int
    override: int | None = None
    reason: str = ""

    @property
    def weight(self) -> int:
        return self.override if self.override is not None else self.computed

    def points(self, coefficients: dict[str, int]) -> dict[str, float]:
        """Each component's contribution to the computed weight."""
        return {name: round(coefficients[name] * self.components[name], 1) for name in COMPONENTS}


def _share(part: int | None, whole: int | None) -> float:
    return (part or 0) / whole if whole else 0.0


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _indicator_shares(unit_ids: list[int], today: date) -> dict[int, dict[str, float]]:
    """late / dissatisfied / complaints shares over the 12 complete months before ``today``."""
    month = ServiceIndicator.year * 12 + ServiceIndicator.month - 1
    current = _month_index(today)
    rows = db.session.execute(
        select(
            ServiceIndicator.unit_id,
            func.sum(ServiceIndicator.dossiers_received),
            func.sum(ServiceIndicator.dossiers_late),
            func.sum(ServiceIndicator.survey_responses),
            func.sum(ServiceIndicator.survey_satisfied),
            func.sum(ServiceIndicator.complaints_received),
            func.sum(ServiceIndicator.complaints_on_time),
        )
        .where(ServiceIndicator.unit_id.in_(unit_ids), month >= current - 12, month < current)
        .group_by(ServiceIndicator.unit_id)
    )
    shares = {}
    for unit_id, received, late, responses, satisfied, complaints, on_time in rows:
        shares[unit_id] = {
            "late": _share(late, received),
            "dissatisfied": 1 - _share(satisfied, responses) if responses else 0.0,
            "complaints": _share((complaints or 0) - (on_time or 0), complaints),
        }
    return shares


def _last_inspections(unit_ids: list[int], today: date) -> dict[int, date]:
    rows = db.session.execute(
        select(Inspection.unit_id, func.max(Inspection.date))
        .where(
            Inspection.unit_id.in_(unit_ids),
            Inspection.status.in_((InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)),
            Inspection.date <= today,
        )
        .group_by(Inspection.unit_id)
    )
    return dict(rows.all())


def _months_between(earlier: date, later: date) -> int:
    return max(0, _month_index(later) - _month_index(earlier) - (later.day < earlier.day))


def as_of(programme: Programme, today: date) -> date:
    """The day the risk is measured on: today, or the programme's last day when the programme is
    already over, so that a past year's plan is weighed on the figures of its own time."""
    return min(today, programme.window_end)


def unit_risks(programme: Programme, units: Iterable[Unit], today: date) -> list[UnitRisk]:
    """Every unit's risk as of ``today`` (see :func:`as_of`), with the programme's hand-set overrides."""
    today = as_of(programme, today)
    units = list(units)
    ids = [u.id for u in units]
    coef = coefficients()
    shares = _indicator_shares(ids, today)
    without_initiative = units_without_recognised_initiative(programme.year)
    last = _last_inspections(ids, today)
    overdue = overdue_actions_by_unit(today)
    overrides = {pu.unit_id: pu for pu in programme.units}
    months_cap, overdue_cap = max(coef["months_cap"], 1), max(coef["overdue_cap"], 1)
    risks = []
    for unit in units:
        months = _months_between(last[unit.id], today) if unit.id in last else None
        components = {"late": 0.0, "dissatisfied": 0.0, "complaints": 0.0, **shares.get(unit.id, {})}
        components["no_initiative"] = 1.0 if unit.id in without_initiative else 0.0
        components["months_since"] = min(months if months is not None else months_cap, months_cap) / months_cap
        components["overdue"] = min(overdue.get(unit.id, 0), overdue_cap) / overdue_cap
        computed = round(coef["base"] + sum(coef[name] * components[name] for name in COMPONENTS))
        setting = overrides.get(unit.id)
        risks.append(
            UnitRisk(
                unit=unit,
                components=components,
                months_since=months,
                overdue_count=overdue.get(unit.id, 0),
                computed=max(computed, 0),
                override=setting.weight_override if setting else None,
                reason=setting.override_reason if setting else "",
            )
        )
    return risks


def unit_weights(programme: Programme, units: Iterable[Unit], today: date) -> dict[int, int]:
    """unit id → the weight the planner gets (the override when a planner set one)."""
    return {r.unit.id: r.weight for r in unit_risks(programme, units, today)}
