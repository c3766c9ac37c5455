"""End-to-end behaviour of `solve`: validity, statuses, time limit, explanations."""

from __future__ import annotations

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


def test_progress_and_a_stop_once_the_periodic_plan_is_made(small):
    seen = []
    plan = solve(small, time_limit=5, on_progress=seen.append,
                 should_stop=lambda: any(s["phase"] == "schedule" for s in seen))
    assert check(small, plan).ok  # the draw still comes: without it there is no plan
    assert set(seen[-1]) == {"elapsed", "time_limit", "score", "bound", "phase"}


def _unknown(plan) -> str:
    assert plan["status"] == "UNKNOWN" and plan["inspections"] == []
    [reason] = plan["explanation_codes"]
    return reason["code"]


def test_a_stop_before_any_plan_says_so(small):
    assert _unknown(solve(small, time_limit=5, should_stop=lambda: True)) == "unknown_stopped"


def test_no_time_at_all_says_so(small):
    plan = solve(small, time_limit=0)
    assert _unknown(plan) == "unknown_time_limit"
    assert "time limit of 0 s" in plan["explanation"][0]


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


def test_english_counts_agree_with_their_noun():
    one = render("coverage_too_low", {"fraction": "0.5", "needed": 1, "covered": 0}, "en")
    assert "(1 unit)" in one
    assert "(2 units)" in render("coverage_too_low", {"fraction": "0.5", "needed": 2, "covered": 0}, "en")
    assert "1 inspection," in render("plan_summary", {"covered": 1, "units": 2, "needed_minus_one": 0,
                                                      "inspections": 1, "load": 1}, "en")


def test_no_working_day_is_said_plainly():
    data = base_instance()
    data["horizon"] = {"start": "2020-03-21", "end": "2020-03-22"}  # a weekend
    codes = _explained(data)
    assert codes == {"infeasible_no_working_day"}
    text = solve(data)["explanation"][0]
    assert "no working day from 2020-03-21 to 2020-03-22" in text and "half-day" not in text


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


def test_slots_and_lengths_are_words_in_messages():
    vi = render("slot_mismatch", {"unit": "CCKL", "slot": "PM", "duration": 2}, "vi")
    assert vi == "cuộc kiểm tra CCKL: buổi chiều không khớp thời lượng (cả ngày)"
    en = render("inspector_double_booked", {"inspector": "I1", "date": "2020-05-04", "slot": "AM"}, "en")
    assert en == "inspector I1 has two inspections on 2020-05-04 morning"
