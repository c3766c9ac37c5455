"""The surprise draw: random from the seed, invisible in the periodic plan, and always placed."""

from __future__ import annotations

import copy
import statistics
from collections import Counter

import pytest

from planner import check, load_instance, solve
from planner.bench.generate import generate
from planner.occupancy import Calendar, Occupancy
from planner.reserve import repair, reserve
from planner.schema import Inspection
from planner.surprise import Draw
from tests.planner.conftest import base_instance, compact_instance, kinds, published


@pytest.fixture(scope="module")
def small() -> dict:
    return generate("S")


@pytest.mark.slow
@pytest.mark.parametrize("data", [compact_instance(), generate("S", 1)], ids=["compact", "S"])
def test_periodic_plan_is_the_same_for_100_seeds(data):
    plans, draws = set(), set()
    for seed in range(100):
        plan = solve(data, time_limit=2, seed=seed)
        assert check(data, plan).ok and plan["stats"]["blind"]
        plans.add(published(plan))
        draws.add(tuple(sorted((i["unit"], i["date"]) for i in kinds(plan, "surprise"))))
    assert len(plans) == 1
    assert len(draws) > 50  # while the draw itself changes with the seed


def test_same_seed_same_plan(small):
    first, again = solve(small, time_limit=5, seed=7), solve(small, time_limit=5, seed=7)
    first["stats"].pop("wall_seconds"), again["stats"].pop("wall_seconds")
    first["stats"].pop("phases"), again["stats"].pop("phases")
    assert first == again


@pytest.mark.slow
def test_surprise_draw_reaches_every_unit_and_favours_weight(small):
    data = copy.deepcopy(small)
    data["rules"]["max_inspections"] = None
    drawn = Counter()
    periodic = None
    for seed in range(200):
        plan = solve(data, time_limit=5, seed=seed)
        assert plan["status"] in ("OPTIMAL", "FEASIBLE")
        drawn.update({i["unit"] for i in kinds(plan, "surprise")})
        periodic = periodic or {i["unit"] for i in kinds(plan, "periodic")}
    units = data["units"]
    assert all(drawn[u["id"]] > 0 for u in units)  # every unit, covered periodically or not
    assert sum(drawn[u] > 0 for u in periodic) >= len(periodic) * 0.8  # a periodic visit is no safety
    weights = [u["weight"] for u in units]
    assert statistics.correlation(weights, [drawn[u["id"]] for u in units]) > 0.3


def test_no_periodic_inspection_when_every_unit_is_drawn(small):
    data = copy.deepcopy(small)
    data["rules"].update(surprise_count=len(data["units"]) + 2, max_inspections=None)
    plan = solve(data, time_limit=5)
    assert check(data, plan).ok
    assert kinds(plan, "periodic") == []  # each unit gets a surprise visit anyway
    assert {i["unit"] for i in plan["inspections"]} == {u["id"] for u in data["units"]}
    assert plan["status"] == "OPTIMAL"


def test_a_gap_longer_than_the_horizon_still_gets_a_plan(small):
    """A unit can then be visited once: with one surprise inspection per unit, none periodic."""
    data = copy.deepcopy(small)
    data["rules"].update(min_gap_days=365, surprise_count=len(data["units"]), max_inspections=None)
    plan = solve(data, time_limit=5)
    assert check(data, plan).ok
    assert len(kinds(plan, "surprise")) == len(data["units"]) and not kinds(plan, "periodic")


def test_half_the_units_drawn_with_a_long_gap_makes_room_before_the_draw(small):
    data = copy.deepcopy(small)
    data["rules"].update(min_gap_days=365, surprise_count=len(data["units"]) // 2, max_inspections=None)
    plan = solve(data, time_limit=5)
    assert check(data, plan).ok
    assert plan["stats"]["reserved"] > 0 and plan["stats"]["blind"]


def test_a_budget_below_coverage_plus_surprises_cannot_stay_blind_but_is_planned():
    data = compact_instance(max_inspections=9)  # 6 periodic places, 7 units to cover
    plan = solve(data, time_limit=5)
    assert check(data, plan).ok and plan["stats"]["blind"] is False


def _filled() -> tuple[Occupancy, list[Inspection]]:
    """Every unit of the base instance has a periodic inspection; with a gap longer than the
    horizon no unit can take the one surprise inspection due."""
    data = base_instance()
    data["rules"].update(min_gap_days=365, surprise_count=1)
    instance = load_instance(data)
    occupancy = Occupancy(Calendar(instance))
    placed = [occupancy.try_place(u.id, "periodic", occupancy.cal.days, None) for u in instance.units]
    return occupancy, placed


def test_simulated_draws_drop_the_lowest_value_periodic_inspection():
    occupancy, placed = _filled()
    dropped = reserve(occupancy, None, lambda: 1.0)
    assert [i.unit for i in dropped] == ["U4"]  # weight 1, the least valuable
    assert not Draw(occupancy.copy(), 5, None).run().missing


def test_a_draw_that_does_not_fit_is_repaired():
    occupancy, placed = _filled()
    draw = Draw(occupancy, 5, None).run()
    assert draw.missing == 1
    fixed = repair(occupancy, draw, lambda: 1.0)
    assert draw.missing == 0 and [i.unit for i in fixed.dropped] == ["U4"]
    assert [i.unit for i in draw.inspections] == ["U4"]
