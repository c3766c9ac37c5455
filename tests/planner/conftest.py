"""Factories for planner tests: each test states only what matters to it."""

from __future__ import annotations

import copy

import pytest


def base_instance() -> dict:
    """Four units in two areas, four inspectors (two leads), six weeks from Monday 2020-03-16."""
    return {
        "format": "inspection-instance/1",
        "horizon": {"start": "2020-03-16", "end": "2020-04-30"},
        "holidays": ["2020-04-02"],
        "rules": {"coverage_fraction": 0.5, "team_min": 2, "team_max": 3, "min_gap_days": 30,
                  "surprise_count": 0, "max_inspections": None, "seed": 1},
        "objective": {"balance": 10, "stability": 20},
        "units": [
            {"id": "U1", "area": "A", "weight": 10},
            {"id": "U2", "area": "A", "weight": 5},
            {"id": "U3", "area": "B", "weight": 3, "duration": 2},
            {"id": "U4", "area": "B", "weight": 1},
        ],
        "inspectors": [
            {"id": "I1", "lead": True}, {"id": "I2"}, {"id": "I3", "lead": True}, {"id": "I4"},
        ],
        "conflicts": [],
        "pinned": [],
        "previous": [],
    }


def inspection(unit, date, slot="AM", team=("I1", "I2"), lead=None, kind="periodic") -> dict:
    return {"unit": unit, "date": date, "slot": slot, "kind": kind, "inspectors": list(team),
            "lead": lead or team[0]}


def valid_plan() -> dict:
    return {"format": "inspection-plan/1", "status": "FEASIBLE", "inspections": [
        inspection("U1", "2020-03-16", "AM"),
        inspection("U2", "2020-03-16", "PM"),
        inspection("U3", "2020-03-17", "DAY", ("I3", "I4")),
    ]}


@pytest.fixture
def make_instance():
    def make(rules=None, **overrides):
        data = base_instance()
        data["rules"].update(rules or {})
        data.update(copy.deepcopy(overrides))
        return data
    return make


def compact_instance(**rules) -> dict:
    """Twelve units in two areas, five inspectors (two leads, weekly limit 2), six weeks, three
    surprise inspections and a budget of eleven visits: small enough for a solve in milliseconds,
    large enough for a real draw."""
    weights = [34, 3, 27, 12, 40, 8, 19, 5, 30, 15, 22, 1]
    data = {
        "format": "inspection-instance/1",
        "horizon": {"start": "2020-03-16", "end": "2020-04-24"},
        "holidays": ["2020-04-02"],
        "rules": {"coverage_fraction": 0.5, "team_min": 2, "team_max": 3, "min_gap_days": 14,
                  "surprise_count": 3, "max_inspections": 11, "seed": 0},
        "units": [{"id": f"U{k}", "area": "AB"[k % 2], "weight": w, "duration": 2 if k % 5 == 0 else 1}
                  for k, w in enumerate(weights)],
        "inspectors": [{"id": f"I{k}", "lead": k < 2, "max_per_week": 2,
                        "home_unit": f"U{k}" if k < 3 else None} for k in range(5)],
    }
    data["rules"].update(rules)
    return data


def kinds(plan: dict, kind: str) -> list[dict]:
    return [i for i in plan["inspections"] if i["kind"] == kind]


def published(plan: dict) -> tuple:
    """The periodic plan as a unit sees it: units, dates, slots, teams and leads."""
    return tuple(sorted((i["unit"], i["date"], i["slot"], tuple(sorted(i["inspectors"])), i["lead"])
                        for i in kinds(plan, "periodic")))
