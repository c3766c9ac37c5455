"""Each dashboard figure on the hand-made organisation of conftest.py (today 15/06/2024)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from inspection.dashboard import queries
from inspection.dashboard.targets import AMBER, GREEN, NO_DATA, RED, colour, colour_counts, service_targets
from inspection.extensions import db
from models import Role, Setting
from tests.dashboard.conftest import TODAY


def test_coverage_counts_active_units_only(board):
    c = queries.coverage(board.programme)
    # Active: A–E (F is inactive). Done: A, B (F's approved visit does not count).
    # In the plan: A, B done + C overdue + D planned; E's only published visit is cancelled.
    assert (c.active, c.inspected, c.planned) == (5, 2, 4)
    # Strictly more than 50% of 5 units: at least 3.
    assert c.needed == 3
    assert not c.met and c.projected_met
    assert c.percent(c.inspected) == 40.0
    assert [u.code for u in queries.coverage_units(board.programme, "inspected")] == ["A", "B"]
    assert [u.code for u in queries.coverage_units(board.programme, "planned")] == ["A", "B", "C", "D"]
    assert [u.code for u in queries.coverage_units(board.programme, "not_planned")] == ["E"]


@pytest.mark.parametrize(("active", "needed"), [(4, 3), (5, 3), (6, 4), (30, 16), (1, 1)])
def test_the_target_is_strictly_more_than_half(active, needed):
    assert queries.Coverage(active, 0, 0, Decimal("0.5"), TODAY).needed == needed


def test_inspections_by_month_done_planned_overdue(board):
    rows = {m.month: (m.done, m.planned, m.overdue) for m in queries.by_month(board.programme, TODAY)}
    assert list(rows) == [3, 4, 5, 6, 7, 8, 9, 10]  # the window's months
    assert rows[4] == (2, 0, 0)  # A and F approved
    assert rows[5] == (1, 0, 0)  # B submitted
    assert rows[6] == (0, 1, 1)  # A's surprise visit on 20/06 to come; C's on 01/06 overdue
    assert rows[7] == (0, 0, 0)  # E cancelled
    assert rows[8] == (0, 0, 0)  # E's visit is not published
    assert rows[9] == (0, 1, 0)


def test_overdue_list_behind_the_figure(board):
    overdue = db.session.scalars(queries.inspections(board.programme, TODAY, "overdue")).all()
    assert [i.id for i in overdue] == [board.inspections["C"].id]
    june_planned = db.session.scalars(queries.inspections(board.programme, TODAY, "planned", month=6)).all()
    assert [i.id for i in june_planned] == [board.inspections["A-surprise"].id]


def test_checklist_scores_and_items_most_often_not_compliant_first(board, make_user):
    leader = make_user(Role.LEADER)
    results = queries.checklist_results(board.programme, leader, TODAY)
    assert [code for code, _vi, _en in results.sections] == ["A", "B"]
    assert [(r.inspection.unit.code, r.sections["A"], r.sections["B"], r.total) for r in results.rows] == [
        ("A", Decimal("0.9"), 0, Decimal("0.6")), ("B", Decimal("0.5"), Decimal("0.5"), Decimal("0.5"))]
    # B1: A not compliant + B partly = 2; A1 (B) and A2 (A, 80%) one each, in template order.
    assert [(i.code, i.not_compliant) for i in results.items] == [("B1", 2), ("A1", 1), ("A2", 1)]
    worst_first = queries.item_answers(board.programme, "B", "B1", leader, TODAY)
    assert [r.inspection.unit.code for r in worst_first] == ["A", "B"]


def test_corrective_actions_per_unit(board, make_user):
    leader = make_user(Role.LEADER)
    rows = {r.unit.code: (r.open, r.overdue, r.verified)
            for r in queries.corrective_actions(board.programme, TODAY, leader)}
    assert rows == {"A": (2, 1, 0), "B": (1, 0, 1)}
    overdue = queries.actions_list(board.programme, TODAY, leader, "overdue", None)
    assert [(a.unit.code, a.finding.item.code) for a in overdue] == [("A", "A2")]


def test_initiatives_count_active_units_with_a_recognised_one(board):
    result = queries.initiatives(2024, TODAY)
    assert (result.recognised_units, result.active_units) == (1, 5)
    assert result.deadline == date(2024, 10, 31)
    assert result.days_left == 15 + 31 + 31 + 30 + 31  # rest of June, July–October
    assert [u.code for u in queries.initiative_units(2024, "missing")] == ["B", "C", "D", "E"]
    assert [u.code for u in queries.initiative_units(2024, "recognised")] == ["A"]


def test_the_deadline_setting_moves_the_days_left(board):
    db.session.add(Setting(key="initiative_deadline", value="09-30"))
    db.session.commit()
    result = queries.initiatives(2024, TODAY)
    assert result.deadline == date(2024, 9, 30) and result.days_left == 15 + 31 + 31 + 30


def test_a_malformed_deadline_setting_falls_back_to_31_october(board):
    db.session.add(Setting(key="initiative_deadline", value="31/10"))
    db.session.commit()
    assert queries.initiatives(2024, TODAY).deadline == date(2024, 10, 31)


def test_service_targets_of_one_unit(board):
    a = next(r for r in service_targets(2024) if r.unit.code == "A")
    got = {key: (r.numerator, r.denominator, r.colour) for key, r in a.results.items()}
    assert got == {
        "on_time": (195, 200, AMBER),  # 97.5%: within a tenth of 100%
        "online": (14, 20, GREEN),  # exactly 70%
        "postal_procedures": (2, 4, GREEN),  # exactly 50%
        "postal_received": (10, 200, RED),  # 5% against 10%
        "postal_returned": (10, 200, RED),
        "apologies": (5, 5, GREEN),
        "surveys_monthly": (1, 2, RED),  # a survey in January only
        "surveys_published": (1, 1, GREEN),
        "satisfaction": (50, 50, GREEN),  # 100% and above last year's 99%
        "complaints_on_time": (2, 2, GREEN),
        "complaints_published": (1, 1, GREEN),
    }
    assert a.months == 2


def test_satisfaction_against_98_percent_and_last_year(board):
    rows = {r.unit.code: r.results["satisfaction"] for r in service_targets(2024)}
    assert (rows["B"].percent, rows["B"].previous, rows["B"].colour) == (99.0, 99.0, AMBER)  # not above last year
    assert (rows["C"].percent, rows["C"].previous, rows["C"].colour) == (97.0, None, AMBER)  # below 98, close
    assert (rows["D"].percent, rows["D"].colour) == (80.0, RED)
    assert rows["E"].colour == NO_DATA
    assert "F" not in rows  # inactive units are not measured


@pytest.mark.parametrize(
    ("numerator", "denominator", "target", "expected"),
    [(100, 100, 100, GREEN), (90, 100, 100, AMBER), (89, 100, 100, RED), (63, 100, 70, AMBER),
     (62, 100, 70, RED), (97, 99, 98, AMBER), (1, 10, 10, GREEN), (0, 0, 100, NO_DATA)],
)
def test_target_colours(numerator, denominator, target, expected):
    assert colour(numerator, denominator, target) == expected


def test_colour_counts_per_target(board):
    counts = colour_counts(service_targets(2024))
    assert counts["satisfaction"] == {GREEN: 1, AMBER: 2, RED: 1, NO_DATA: 1}
    assert counts["on_time"] == {GREEN: 0, AMBER: 1, RED: 0, NO_DATA: 4}
