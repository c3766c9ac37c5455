"""Fixtures of the checklists tests: the default template, an inspection of the logged-in
inspector's team (they lead it) and its started checklist."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inspection import clock
from inspection.checklists.default_template import create_default_template
from inspection.extensions import db
from models import AnswerType, ChecklistResponse
from models.base import utcnow


@pytest.fixture
def default_template(app):
    template = create_default_template()
    db.session.commit()
    return template


@pytest.fixture
def team_inspection(inspector_client, make_inspection, make_inspector, make_unit, default_template):
    unit = make_unit(name="Chi cục Kiểm lâm", address="12 Lê Lợi", head_name="Nguyễn Văn Trưởng")
    team = [inspector_client.user.inspector, make_inspector(can_lead=False)]
    return make_inspection(team=team, unit=unit, published_at=utcnow(), date=clock.today())


@pytest.fixture
def started(inspector_client, team_inspection) -> ChecklistResponse:
    response = inspector_client.post(f"/checklists/inspections/{team_inspection.id}/start")
    assert response.status_code == 302
    return db.session.scalar(select(ChecklistResponse).where(ChecklistResponse.inspection_id == team_inspection.id))


def answers_for(template, choice: str = "C", percent: str = "100", **overrides) -> dict:
    """A full set of answers keyed by item id, overridden by item code."""
    answers = {}
    for item in template.items:
        if item.answer_type == AnswerType.CHOICE:
            value = {"choice": choice, "note": ""}
        else:
            value = {"number": percent, "note": ""}
        value.update(overrides.get(item.code, {}))
        answers[str(item.id)] = value
    return answers


def item_id(template, code: str) -> str:
    return str(next(item.id for item in template.items if item.code == code))
