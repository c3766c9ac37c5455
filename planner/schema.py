"""Instance and plan schemas (contract: docs/planner-format.md) and their validation.

`load_instance` turns the JSON dict into frozen dataclasses and rejects anything malformed with an
`InstanceError` that names the offending field and value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

INSTANCE_FORMAT = "inspection-instance/1"
PLAN_FORMAT = "inspection-plan/1"
SLOTS_FOR_DURATION = {1: ("AM", "PM"), 2: ("DAY",)}
HALVES = {"AM": ("AM",), "PM": ("PM",), "DAY": ("AM", "PM")}
KINDS = ("periodic", "surprise")


class InstanceError(ValueError):
    """A malformed instance or plan: names the field, the value and what is wrong."""

    def __init__(self, field: str, value: Any, message: str):
        self.field = field
        self.value = value
        self.message = message
        super().__init__(f"{field}: {message} (value: {_short(value)})")


def coverage_needed(fraction: Decimal, units: int) -> int:
    """Hard rule 2: the fewest covered units that are strictly more than ``fraction`` × ``units``
    (exact decimal: 50% of 30 units needs 16)."""
    return int(fraction * units) + 1  # fraction × units ≥ 0, so int() is floor


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    area: str
    weight: int
    mandatory: bool
    duration: int
    blackout: frozenset[dt.date]


@dataclass(frozen=True)
class Inspector:
    id: str
    name: str
    home_unit: str | None
    lead: bool
    unavailable: frozenset[dt.date]
    max_per_week: int


@dataclass(frozen=True)
class Inspection:
    unit: str
    date: dt.date
    slot: str
    kind: str
    inspectors: tuple[str, ...]
    lead: str

    def key(self) -> tuple[str, str, dt.date]:
        """What `previous` matching compares: unit, kind and date."""
        return (self.unit, self.kind, self.date)

    def same_as(self, other: Inspection) -> bool:
        """Rule 8 equality: same unit, date, slot, kind, lead and set of inspectors."""
        return (self.unit, self.date, self.slot, self.kind, self.lead) == (
            other.unit, other.date, other.slot, other.kind, other.lead
        ) and sorted(self.inspectors) == sorted(other.inspectors)

    def to_json(self) -> dict:
        return {"unit": self.unit, "date": self.date.isoformat(), "slot": self.slot,
                "kind": self.kind, "inspectors": list(self.inspectors), "lead": self.lead}


@dataclass(frozen=True)
class Rules:
    coverage_fraction: Decimal
    team_min: int
    team_max: int
    min_gap_days: int
    surprise_count: int
    max_inspections: int | None
    seed: int


@dataclass(frozen=True)
class Instance:
    start: dt.date
    end: dt.date
    today: dt.date
    workdays: frozenset[int]
    holidays: frozenset[dt.date]
    rules: Rules
    balance: int
    stability: int
    team_stability: int  # version 1.1: per change of slot, lead or member of a kept previous inspection
    units: tuple[Unit, ...]
    inspectors: tuple[Inspector, ...]
    conflicts: frozenset[tuple[str, str]]  # (inspector, unit)
    pinned: tuple[Inspection, ...]
    previous: tuple[Inspection, ...]
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def inspector_by_id(self) -> dict[str, Inspector]:
        return {i.id: i for i in self.inspectors}

    def is_working_day(self, day: dt.date) -> bool:
        return (self.start <= day <= self.end and day.isoweekday() in self.workdays
                and day not in self.holidays)

    @cached_property
    def working_days(self) -> tuple[dt.date, ...]:
        """Working days from `today` to the horizon end: where new inspections may go."""
        n = (self.end - self.today).days + 1
        days = (self.today + dt.timedelta(d) for d in range(max(n, 0)))
        return tuple(d for d in days if self.is_working_day(d))

    @cached_property
    def coverage_needed(self) -> int:
        """Hard rule 2: covered units must be strictly more than fraction × units."""
        return coverage_needed(self.rules.coverage_fraction, len(self.units))

    def can_inspect(self, inspector: str, unit: str) -> bool:
        """Hard rule 5 as a predicate: not the home unit, not a declared conflict."""
        return (self.inspector_by_id[inspector].home_unit != unit
                and (inspector, unit) not in self.conflicts)


# ---------------------------------------------------------------- validation helpers

def _get(obj: dict, key: str, path: str, default: Any = ..., types: tuple = (), allow_none=False):
    if key not in obj:
        if default is ...:
            raise InstanceError(f"{path}{key}", None, "is required")
        return default
    value = obj[key]
    if value is None and allow_none:
        return None
    if types and (not isinstance(value, types) or (bool not in types and isinstance(value, bool))):
        names = " or ".join(t.__name__ for t in types)
        raise InstanceError(f"{path}{key}", value, f"must be {names}")
    return value


def _int(obj: dict, key: str, path: str, default: Any = ..., low: int | None = None,
         allow_none: bool = False) -> int | None:
    value = _get(obj, key, path, default, (int,), allow_none)
    if value is not None and low is not None and value < low:
        raise InstanceError(f"{path}{key}", value, f"must be at least {low}")
    return value


def _date(value: Any, field_name: str) -> dt.date:
    if not isinstance(value, str):
        raise InstanceError(field_name, value, "must be a date string YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InstanceError(field_name, value, "is not a valid date YYYY-MM-DD") from None


def _dates(obj: dict, key: str, path: str) -> frozenset[dt.date]:
    values = _get(obj, key, path, [], (list,))
    return frozenset(_date(v, f"{path}{key}[{k}]") for k, v in enumerate(values))


def _objects(data: dict, key: str) -> list[dict]:
    items = _get(data, key, "", [], (list,))
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            raise InstanceError(f"{key}[{k}]", item, "must be an object")
    return items


def _unique(items: list[dict], key: str) -> list[str]:
    seen: set[str] = set()
    ids = []
    for k, item in enumerate(items):
        ident = _get(item, "id", f"{key}[{k}].", types=(str,))
        if not ident:
            raise InstanceError(f"{key}[{k}].id", ident, "must not be empty")
        if ident in seen:
            raise InstanceError(f"{key}[{k}].id", ident, f"duplicate id in {key}")
        seen.add(ident)
        ids.append(ident)
    return ids


# ---------------------------------------------------------------- sections

def _horizon(data: dict) -> tuple[dt.date, dt.date]:
    horizon = _get(data, "horizon", "", types=(dict,))
    start = _date(_get(horizon, "start", "horizon."), "horizon.start")
    end = _date(_get(horizon, "end", "horizon."), "horizon.end")
    if end < start:
        raise InstanceError("horizon.end", horizon["end"], "is before horizon.start")
    return start, end


def _workdays(data: dict) -> frozenset[int]:
    values = _get(data, "workdays", "", [1, 2, 3, 4, 5], (list,))
    for k, v in enumerate(values):
        if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 7:
            raise InstanceError(f"workdays[{k}]", v, "must be an ISO weekday 1-7")
    return frozenset(values)


def _rules(data: dict) -> Rules:
    rules = _get(data, "rules", "", {}, (dict,))
    fraction = _get(rules, "coverage_fraction", "rules.", 0.5, (int, float))
    if not 0 <= fraction <= 1:
        raise InstanceError("rules.coverage_fraction", fraction, "must be between 0 and 1")
    team_min = _int(rules, "team_min", "rules.", 2, low=1)
    team_max = _int(rules, "team_max", "rules.", 3, low=1)
    if team_min > team_max:
        raise InstanceError("rules.team_min", team_min, f"is greater than rules.team_max ({team_max})")
    return Rules(
        coverage_fraction=Decimal(repr(fraction)),  # repr gives the decimal as written
        team_min=team_min, team_max=team_max,
        min_gap_days=_int(rules, "min_gap_days", "rules.", 30, low=0),
        surprise_count=_int(rules, "surprise_count", "rules.", 0, low=0),
        max_inspections=_int(rules, "max_inspections", "rules.", None, low=0, allow_none=True),
        seed=_int(rules, "seed", "rules.", 0),
    )


def _unit(item: dict, path: str) -> Unit:
    duration = _int(item, "duration", path, 1)
    if duration not in (1, 2):
        raise InstanceError(f"{path}duration", duration, "must be 1 (half day) or 2 (full day)")
    return Unit(
        id=item["id"], name=_get(item, "name", path, "", (str,)),
        area=_get(item, "area", path, "", (str,), allow_none=True) or "",
        weight=_int(item, "weight", path, 1, low=0),
        mandatory=_get(item, "mandatory", path, False, (bool,)),
        duration=duration, blackout=_dates(item, "blackout", path),
    )


def _inspector(item: dict, path: str, unit_ids: set[str]) -> Inspector:
    home = _get(item, "home_unit", path, None, (str,), allow_none=True)
    if home is not None and home not in unit_ids:
        raise InstanceError(f"{path}home_unit", home, "is not a unit id")
    return Inspector(
        id=item["id"], name=_get(item, "name", path, "", (str,)), home_unit=home,
        lead=_get(item, "lead", path, False, (bool,)),
        unavailable=_dates(item, "unavailable", path),
        max_per_week=_int(item, "max_per_week", path, 3, low=0),
    )


def _conflicts(data: dict, unit_ids: set[str], inspector_ids: set[str]) -> frozenset:
    pairs = set()
    for k, item in enumerate(_objects(data, "conflicts")):
        path = f"conflicts[{k}]."
        inspector = _get(item, "inspector", path, types=(str,))
        unit = _get(item, "unit", path, types=(str,))
        if inspector not in inspector_ids:
            raise InstanceError(f"{path}inspector", inspector, "is not an inspector id")
        if unit not in unit_ids:
            raise InstanceError(f"{path}unit", unit, "is not a unit id")
        pairs.add((inspector, unit))
    return frozenset(pairs)


def parse_inspection(item: Any, path: str, unit_ids: set[str], inspector_ids: set[str]) -> Inspection:
    """One inspection object (plan, pinned or previous); ids must exist, duplicates are kept."""
    if not isinstance(item, dict):
        raise InstanceError(path.rstrip("."), item, "must be an object")
    unit = _get(item, "unit", path, types=(str,))
    if unit not in unit_ids:
        raise InstanceError(f"{path}unit", unit, "is not a unit id")
    slot = _get(item, "slot", path, types=(str,))
    if slot not in HALVES:
        raise InstanceError(f"{path}slot", slot, "must be AM, PM or DAY")
    kind = _get(item, "kind", path, "periodic", (str,))
    if kind not in KINDS:
        raise InstanceError(f"{path}kind", kind, "must be periodic or surprise")
    team = _get(item, "inspectors", path, types=(list,))
    for k, ident in enumerate(team):
        if not isinstance(ident, str) or ident not in inspector_ids:
            raise InstanceError(f"{path}inspectors[{k}]", ident, "is not an inspector id")
    lead = _get(item, "lead", path, types=(str,))
    if lead not in inspector_ids:
        raise InstanceError(f"{path}lead", lead, "is not an inspector id")
    date = _date(_get(item, "date", path), f"{path}date")
    return Inspection(unit, date, slot, kind, tuple(team), lead)


def _inspections(data: dict, key: str, start, end, unit_ids, inspector_ids) -> tuple[Inspection, ...]:
    result = []
    for k, item in enumerate(_get(data, key, "", [], (list,))):
        inspection = parse_inspection(item, f"{key}[{k}].", unit_ids, inspector_ids)
        if not start <= inspection.date <= end:
            raise InstanceError(f"{key}[{k}].date", item["date"], "is outside the horizon")
        result.append(inspection)
    return tuple(result)


def load_instance(data: Any) -> Instance:
    """Validate an instance dict and return it typed; raise InstanceError naming field and value."""
    if not isinstance(data, dict):
        raise InstanceError("instance", type(data).__name__, "must be a JSON object")
    fmt = data.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        raise InstanceError("format", fmt, f"must be {INSTANCE_FORMAT}")
    start, end = _horizon(data)
    today = _date(data["today"], "today") if data.get("today") is not None else start
    if not start <= today <= end:
        raise InstanceError("today", data["today"], "is outside the horizon")
    objective = _get(data, "objective", "", {}, (dict,))
    stability = _int(objective, "stability", "objective.", 20, low=0)
    unit_items, inspector_items = _objects(data, "units"), _objects(data, "inspectors")
    unit_ids = set(_unique(unit_items, "units"))
    inspector_ids = set(_unique(inspector_items, "inspectors"))
    instance = Instance(
        start=start, end=end, today=today, workdays=_workdays(data),
        holidays=_dates(data, "holidays", ""), rules=_rules(data),
        balance=_int(objective, "balance", "objective.", 10, low=0),
        stability=stability,
        team_stability=_int(objective, "team_stability", "objective.", -(-stability // 10), low=0),
        units=tuple(_unit(u, f"units[{k}].") for k, u in enumerate(unit_items)),
        inspectors=tuple(_inspector(i, f"inspectors[{k}].", unit_ids)
                         for k, i in enumerate(inspector_items)),
        conflicts=_conflicts(data, unit_ids, inspector_ids),
        pinned=_inspections(data, "pinned", start, end, unit_ids, inspector_ids),
        previous=_inspections(data, "previous", start, end, unit_ids, inspector_ids),
        raw=data,
    )
    _check_pinned(instance)
    return instance


def _check_pinned(instance: Instance) -> None:
    """A pinned set that already breaks a hard rule makes the instance malformed."""
    from planner.check import pinned_violations  # the checker is the single source of the rules

    for index, violation in pinned_violations(instance):
        field_name = f"pinned[{index}]" if index is not None else "pinned"
        value = instance.raw["pinned"][index] if index is not None else len(instance.pinned)
        raise InstanceError(field_name, value, f"breaks hard rule {violation.rule}: {violation.text()}")
