"""Scoring on the default template (checklists.md "Scoring")."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from inspection.checklists.default_template import create_default_template
from inspection.checklists.scoring import Given, item_score, score_checklist
from models.base import db
from models.checklists import AnswerType, Choice


@pytest.fixture
def template(app):
    template = create_default_template()
    db.session.flush()
    return template


def _all(template, choice=Choice.COMPLIANT, percent=100) -> dict:
    return {
        item.id: Given(choice=choice) if item.answer_type == AnswerType.CHOICE else Given(number=Decimal(percent))
        for item in template.items
    }


def _by_code(template) -> dict:
    return {item.code: item for item in template.items}


def test_all_compliant_scores_one_everywhere_without_findings(template):
    scores = score_checklist(template.sections, _all(template))
    assert scores.sections == {"A": Decimal(1), "B": Decimal(1)}
    assert scores.total == Decimal(1)
    assert scores.findings == []


def test_partly_scores_half_and_raises_a_finding(template):
    items = _by_code(template)
    answers = _all(template)
    answers[items["B1"].id] = Given(choice=Choice.PARTLY)
    answers[items["B2"].id] = Given(choice=Choice.NOT_COMPLIANT)
    scores = score_checklist(template.sections, answers)
    assert scores.items[items["B1"].id] == Decimal("0.5")
    assert scores.sections["B"] == Decimal("0.85")  # (8 + 0.5 + 0) / 10
    assert scores.sections["A"] == Decimal(1)
    assert scores.total == Decimal("0.925")  # 18.5 / 20
    assert scores.findings == [items["B1"].id, items["B2"].id]


def test_not_applicable_is_left_out_of_the_mean(template):
    items = _by_code(template)
    answers = _all(template)
    answers[items["B9"].id] = Given(choice=Choice.NOT_APPLICABLE)
    answers[items["B10"].id] = Given(choice=Choice.NOT_COMPLIANT)
    scores = score_checklist(template.sections, answers)
    assert scores.items[items["B9"].id] is None
    assert scores.sections["B"] == Decimal("0.8889")  # 8 / 9, not 8 / 10
    assert items["B9"].id not in scores.findings


def test_percentage_is_value_over_target_capped_at_one(template):
    items = _by_code(template)
    answers = _all(template)
    answers[items["A8"].id] = Given(number=Decimal(100))  # target 98: above it still scores 1
    answers[items["A3"].id] = Given(number=Decimal(80))
    answers[items["A5"].id] = Given(number=Decimal(49))
    scores = score_checklist(template.sections, answers)
    assert scores.items[items["A8"].id] == Decimal(1)
    assert scores.items[items["A3"].id] == Decimal("0.8")
    assert scores.items[items["A5"].id] == Decimal("0.49")
    assert item_score(items["A8"], Given(number=Decimal(49))) == Decimal("0.5")
    assert scores.findings == [items["A3"].id, items["A5"].id]


def test_a_count_item_and_an_unanswered_item_are_not_scored():
    count = SimpleNamespace(id=1, answer_type=AnswerType.COUNT, target=None, weight=Decimal(1))
    choice = SimpleNamespace(id=2, answer_type=AnswerType.CHOICE, target=None, weight=Decimal(1))
    open_item = SimpleNamespace(id=3, answer_type=AnswerType.CHOICE, target=None, weight=Decimal(1))
    section = SimpleNamespace(code="X", items=[count, choice, open_item])
    scores = score_checklist([section], {1: Given(number=Decimal(0)), 2: Given(choice=Choice.PARTLY)})
    assert scores.items == {1: None, 2: Decimal("0.5"), 3: None}
    assert scores.sections == {"X": Decimal("0.5")}
    assert scores.findings == [2]


def test_weights_make_a_weighted_mean():
    heavy = SimpleNamespace(id=1, answer_type=AnswerType.CHOICE, target=None, weight=Decimal(3))
    light = SimpleNamespace(id=2, answer_type=AnswerType.CHOICE, target=None, weight=Decimal(1))
    section = SimpleNamespace(code="X", items=[heavy, light])
    answers = {1: Given(choice=Choice.COMPLIANT), 2: Given(choice=Choice.NOT_COMPLIANT)}
    assert score_checklist([section], answers).sections["X"] == Decimal("0.75")


def test_a_section_with_nothing_scored_has_no_score(template):
    answers = {item.id: Given(choice=Choice.NOT_APPLICABLE) for item in template.sections[1].items}
    scores = score_checklist(template.sections, answers)
    assert scores.sections["B"] is None
    assert scores.total is None
