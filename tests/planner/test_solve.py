"""End-to-end behaviour of `solve`: validity, determinism, surprise draw, explanations, re-planning."""

from __future__ import annotations

import copy
import datetime as dt
import statistics
from collections import Counter

import pytest

from planner import check, solve
from planner.bench.generate import generate
from planner.messages import TEMPLATES, render
from tests.planner.conftest import base_instance


@pytest.fixture(scope="module")
def small() -> dict:
    return generate("S")


def test_small_benchmark_is_valid_and_optimal(small):
    plan = solve(small, time_limit=10)
    assert check(small, plan).ok
    assert plan["status"] == "OPTIMAL" and plan["score"] == plan["bound"]
    assert set(plan["reasons"]) == {u["id"] for u in small["units"]}
    assert len(plan["explanation"]) == len(plan["explanation_codes"])


def test_same_seed_same_plan_other_seed_other_draw(small):
    first, again = solve(small, time_limit=5, seed=7), solve(small, time_limit=5, seed=7)
    assert first["inspections"] == again["inspections"]
    other = solve(small, time_limit=5, seed=8)

    def surprises(plan):
        return [(i["unit"], i["date"]) for i in plan["inspections"] if i["kind"] == "surprise"]

    assert surprises(first) != surprises(other)


def test_surprise_draw_reaches_every_unit_and_favours_weight(small):
    data = copy.deepcopy(small)
    data["rules"]["max_inspections"] = None
    drawn, drawn_with_periodic, always_periodic = Counter(), Counter(), None
    for seed in range(200):
        plan = solve(data, time_limit=0.5, seed=seed)
        assert plan["status"] in ("OPTIMAL", "FEASIBLE")
        surprise = {i["unit"] for i in plan["inspections"] if i["kind"] == "surprise"}
        periodic = {i["unit"] for i in plan["inspections"] if i["kind"] == "periodic"}
        drawn.update(surprise)
        drawn_with_periodic.update(surprise & periodic)
        always_periodic = periodic if always_periodic is None else always_periodic & periodic
    units = data["units"]
    assert all(drawn[u["id"]] > 0 for u in units)  # every unit, covered periodically or not
    # a periodic inspection does not make a unit safe: units planned every time are drawn too
    assert always_periodic and sum(drawn_with_periodic[u] > 0 for u in always_periodic) >= len(always_periodic) * 0.8
    weights = [u["weight"] for u in units]
    assert statistics.correlation(weights, [drawn[u["id"]] for u in units]) > 0.3


def test_progress_and_early_stop(small):
    seen = []
    plan = solve(small, time_limit=5, on_progress=seen.append, should_stop=lambda: True)
    assert plan["status"] in ("OPTIMAL", "FEASIBLE", "UNKNOWN")
    assert seen and set(seen[-1]) == {"elapsed", "time_limit", "score", "bound", "phase"}


def _explained(data) -> set[str]:
    plan = solve(data, time_limit=10)
    assert plan["status"] == "INFEASIBLE" and plan["inspections"] == []
    assert all(isinstance(text, str) and text for text in plan["explanation"])
    return {c["code"] for c in plan["explanation_codes"]}


def test_infeasible_budget_explained():
    data = base_instance()
    data["rules"]["max_inspections"] = 2  # coverage needs 3 of 4 units
    assert "infeasible_budget" in _explained(data)


def test_infeasible_mandatory_unit_without_a_day():
    data = base_instance()
    data["units"][0]["mandatory"] = True
    data["inspectors"][0]["home_unit"] = "U1"
    data["inspectors"][2]["home_unit"] = "U1"  # both leads barred from U1
    assert "infeasible_mandatory_no_day" in _explained(data)


def test_infeasible_area_clash_found_by_core():
    data = base_instance()
    data["horizon"]["end"] = "2020-03-16"  # one day
    data["inspectors"] = [{"id": "I1", "lead": True}, {"id": "I2"}]
    data["units"] = [{"id": "U1", "area": "A", "mandatory": True},
                     {"id": "U2", "area": "B", "mandatory": True}]
    codes = _explained(data)
    assert "core_inspector_area" in codes and {"core_mandatory", "core_coverage"} & codes
    assert "core_surprise" not in codes and "core_budget" not in codes  # the core is minimal


def test_every_code_has_english_and_vietnamese():
    for code, texts in TEMPLATES.items():
        assert set(texts) == {"en", "vi"}, code
    text = render("coverage_too_low", {"fraction": "0.5", "needed": 3, "covered": 2}, "vi")
    assert text == "Cần kiểm tra hơn 0.5 số đơn vị (3 đơn vị) nhưng kế hoạch chỉ có 2"


def test_replanning_moves_only_what_the_change_touches(small):
    first = solve(small, time_limit=10)
    target = next(i for i in first["inspections"] if i["date"] >= "2020-06-01" and i["kind"] == "periodic")
    absent, month = target["inspectors"][0], int(target["date"][5:7])
    data = copy.deepcopy(small)
    person = next(p for p in data["inspectors"] if p["id"] == absent)
    days = [dt.date(2020, month, 1) + dt.timedelta(d) for d in range(31)]
    person["unavailable"] = sorted(set(person["unavailable"]) | {d.isoformat() for d in days
                                                                  if d.month == month})
    data["previous"] = first["inspections"]
    second = solve(data, time_limit=10)
    assert check(data, second).ok
    kept = {(i["unit"], i["kind"], i["date"]) for i in second["inspections"]}
    moved = [i for i in first["inspections"] if (i["unit"], i["kind"], i["date"]) not in kept]
    for ins in moved:
        assert absent in ins["inspectors"] or int(ins["date"][5:7]) == month, ins
    assert not any(absent in i["inspectors"] and int(i["date"][5:7]) == month
                   for i in second["inspections"])


def test_week_search_improves_a_greedy_plan_and_keeps_it_valid(small):
    import time

    from planner.bench.greedy import greedy_plan
    from planner.check import score
    from planner.improve import improve
    from planner.occupancy import Calendar
    from planner.schema import load_instance

    instance = load_instance(small)
    greedy = greedy_plan(instance).inspections
    dropped = sorted((i for i in greedy if i.kind == "periodic"), key=lambda i: instance.unit_by_id[i.unit].weight)
    start = [i for i in greedy if i not in dropped[:4]]  # room for the search to add units back
    deadline = time.monotonic() + 4
    better = improve(instance, Calendar(instance), start, None, 0, lambda: deadline - time.monotonic(), 20)
    assert check(small, {"status": "FEASIBLE", "inspections": [i.to_json() for i in better]}).ok
    assert score(instance, better) > score(instance, start)


def test_malformed_instance_raises_from_solve():
    from planner import InstanceError

    data = base_instance()
    data["rules"]["team_min"], data["rules"]["team_max"] = 3, 2
    with pytest.raises(InstanceError, match="team_min"):
        solve(data)
