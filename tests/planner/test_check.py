"""One pair per hard rule: a plan that keeps it and one that breaks it."""

from __future__ import annotations

import pytest

from planner import check
from planner.check import rule1_calendar, rule3_team, rule4_inspector
from planner.schema import load_instance
from tests.planner.conftest import base_instance, inspection, valid_plan


def codes(data, plan) -> set[str]:
    return {v.code for v in check(data, plan).violations}


def with_inspections(*items) -> dict:
    return {"status": "FEASIBLE", "inspections": list(items)}


def test_valid_plan_passes_every_rule():
    report = check(base_instance(), valid_plan())
    assert report.ok, [v.text() for v in report.violations]
    assert report.score == 10 + 5 + 3 - 10 * 2


def test_rule1_weekend_and_slot_break_it():
    plan = valid_plan()
    plan["inspections"][0]["date"] = "2020-03-21"  # a Saturday
    plan["inspections"][2]["slot"] = "AM"  # U3 is a full-day unit
    assert {"not_working_day", "slot_mismatch"} <= codes(base_instance(), plan)


def test_rule1_before_today_only_allowed_when_pinned(make_instance):
    data = make_instance(today="2020-03-17")
    assert "before_today" in codes(data, valid_plan())
    data["pinned"] = [valid_plan()["inspections"][0], valid_plan()["inspections"][1]]
    assert check(data, valid_plan()).ok


def test_rule2_coverage_is_strict_and_exact(make_instance):
    plan = valid_plan()
    plan["inspections"].pop()  # 2 of 4 covered: 0.5 × 4 = 2 is not exceeded
    assert "coverage_too_low" in codes(base_instance(), plan)
    assert check(make_instance(rules={"coverage_fraction": 0.49}), plan).ok


def test_rule2_mandatory(make_instance):
    data = make_instance()
    data["units"][3]["mandatory"] = True
    assert codes(data, valid_plan()) == {"mandatory_not_covered"}


def test_rule3_team():
    plan = valid_plan()
    plan["inspections"][0]["inspectors"] = ["I1", "I1"]
    plan["inspections"][1]["lead"] = "I2"
    found = codes(base_instance(), plan)
    assert {"team_repeated_inspector", "lead_not_qualified"} <= found
    plan = valid_plan()
    plan["inspections"][0]["inspectors"] = ["I1"]
    assert "team_size" in codes(base_instance(), plan)


def test_rule4_double_booking_and_areas():
    plan = valid_plan()
    plan["inspections"][2] = inspection("U3", "2020-03-16", "DAY", ("I1", "I3"))
    assert {"inspector_double_booked", "inspector_two_areas"} <= codes(base_instance(), plan)


def test_rule4_unavailable_and_week(make_instance):
    data = make_instance()
    data["inspectors"][1]["unavailable"] = ["2020-03-16"]
    data["inspectors"][0]["max_per_week"] = 1
    assert {"inspector_unavailable", "inspector_week_overload"} <= codes(data, valid_plan())


def test_rule5_home_unit_and_conflict(make_instance):
    data = make_instance(conflicts=[{"inspector": "I4", "unit": "U3"}])
    data["inspectors"][1]["home_unit"] = "U1"
    assert codes(data, valid_plan()) == {"inspector_home_unit", "inspector_conflict"}


def test_rule6_gap_blackout_and_one_periodic(make_instance):
    data = make_instance(rules={"surprise_count": 1})
    data["units"][0]["blackout"] = ["2020-03-16"]
    plan = valid_plan()
    plan["inspections"].append(inspection("U2", "2020-03-20", "AM", ("I3", "I4")))
    plan["inspections"].append(inspection("U1", "2020-04-20", "AM", kind="surprise"))
    assert codes(data, plan) == {"unit_blackout", "unit_gap_too_small", "unit_two_periodic"}


def test_rule7_surprise_count(make_instance):
    assert codes(make_instance(rules={"surprise_count": 1}), valid_plan()) == {"surprise_count_wrong"}
    plan = valid_plan()
    plan["inspections"][0]["kind"] = "surprise"
    assert check(make_instance(rules={"surprise_count": 1}), plan).ok


def test_rule8_pinned(make_instance):
    pin = inspection("U1", "2020-03-16", "AM", ("I2", "I1"), lead="I1")
    assert check(make_instance(pinned=[pin]), valid_plan()).ok  # order of inspectors is free
    data = make_instance(pinned=[inspection("U4", "2020-04-20", "AM", ("I3", "I4"))])
    assert codes(data, valid_plan()) == {"pinned_missing"}


def test_rule9_budget(make_instance):
    assert codes(make_instance(rules={"max_inspections": 2}), valid_plan()) == {"budget_exceeded"}
    assert check(make_instance(rules={"max_inspections": 3}), valid_plan()).ok


def test_score_counts_balance_and_stability(make_instance):
    previous = [inspection("U1", "2020-03-16"), inspection("U4", "2020-03-18", team=("I3", "I4"))]
    report = check(make_instance(previous=previous), valid_plan())
    assert report.score == 18 - 10 * 2 - 20 * 1


@pytest.mark.parametrize(("kept", "changed"), [
    (inspection("U1", "2020-03-16", "AM"), 0),
    (inspection("U1", "2020-03-16", "PM"), 1),  # another slot
    (inspection("U1", "2020-03-16", "AM", ("I2", "I1"), lead="I2"), 1),  # another lead
    (inspection("U1", "2020-03-16", "AM", ("I1", "I4")), 1),  # one member replaced
    (inspection("U1", "2020-03-16", "AM", ("I1", "I2", "I4")), 1),  # one member added
    (inspection("U1", "2020-03-16", "PM", ("I3", "I4")), 4),  # slot, lead, both members
])
def test_team_changes_of_a_kept_inspection_cost_part_of_stability(make_instance, kept, changed):
    previous = inspection("U1", "2020-03-16", "AM")
    data = make_instance(previous=[previous], objective={"balance": 0, "stability": 20})
    plan = with_inspections(kept, inspection("U2", "2020-03-17", "AM", ("I3", "I4")),
                            inspection("U4", "2020-03-18", "AM", ("I3", "I2")))
    weights = 10 + 5 + 1
    assert check(data, plan).score == weights - 2 * changed  # team_stability: a tenth of 20
    data["objective"]["team_stability"] = 7
    assert check(data, plan).score == weights - 7 * changed


def test_unknown_status_is_not_checked():
    report = check(base_instance(), {"status": "INFEASIBLE", "inspections": []})
    assert not report.ok and not report.checked and report.score is None


@pytest.mark.parametrize("rule", [rule1_calendar, rule3_team, rule4_inspector])
def test_rule_functions_quote_the_contract(rule):
    assert rule.__doc__.startswith("Hard rule")
    assert list(rule(load_instance(base_instance()), [])) == []


def test_vietnamese_texts_use_day_month_year():
    plan = valid_plan()
    plan["inspections"][0]["date"] = "2020-03-21"
    violation = next(v for v in check(base_instance(), plan).violations if v.code == "not_working_day")
    assert "21/03/2020" in violation.text("vi")
    assert "2020-03-21" in violation.text("en")
