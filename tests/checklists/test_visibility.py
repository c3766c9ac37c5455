"""The checklists' pages and lists answer through the one visibility rule: what a person may not
see answers 404, a periodic inspection exactly as a surprise one, and no list shows it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from inspection import clock
from inspection.extensions import db
from models import ChecklistResponse, CorrectiveAction, InspectionKind, Photo, Role
from models.base import utcnow
from tests.checklists.conftest import answers_for
from tests.checklists.test_photos import _jpeg, _upload


def _approved_with_action(inspector_client, leader_client, inspection, template) -> ChecklistResponse:
    """Started, a photo taken, submitted with a finding and approved: a record, a photo and actions."""
    assert inspector_client.post(f"/checklists/inspections/{inspection.id}/start").status_code == 302
    response = db.session.scalar(select(ChecklistResponse).where(ChecklistResponse.inspection_id == inspection.id))
    assert _upload(inspector_client, response, template, _jpeg((32, 32)), "anh.jpg").status_code == 200
    response = db.session.get(ChecklistResponse, response.id)
    answers = answers_for(template, B1={"choice": "N", "note": "Không đeo thẻ"})
    body = {"client_id": f"visibility-{inspection.id:08d}", "version": response.version, "answers": answers}
    assert inspector_client.post(f"/checklists/responses/{response.id}/submit", json=body).status_code == 200
    assert leader_client.post(f"/checklists/records/{response.id}/approve").status_code == 302
    return db.session.get(ChecklistResponse, response.id)


def _routes(inspection, response) -> list[tuple[str, str]]:
    photo = db.session.scalar(select(Photo).join(Photo.answer).where(Photo.answer.has(response_id=response.id)))
    action = db.session.scalar(select(CorrectiveAction).join(CorrectiveAction.finding)
                               .where(CorrectiveAction.finding.has(response_id=response.id)))
    return [
        ("GET", f"/checklists/inspections/{inspection.id}"),
        ("POST", f"/checklists/inspections/{inspection.id}/start"),
        ("GET", f"/checklists/records/{response.id}"),
        ("GET", f"/checklists/records/{response.id}/print"),
        ("POST", f"/checklists/records/{response.id}/conclusions"),
        ("POST", f"/checklists/responses/{response.id}/draft"),
        ("GET", f"/checklists/photos/{photo.id}"),
        ("GET", f"/checklists/actions/{action.id}"),
        ("GET", f"/checklists/actions/{action.id}/evidence"),
        ("POST", f"/checklists/actions/{action.id}/verify"),
    ]


@pytest.fixture
def two_visits(inspector_client, leader_client, make_inspection, make_inspector, make_unit, default_template):
    """A periodic and a surprise inspection of the same team, each with an approved record; the
    surprise one is dated in six weeks and its checklist was sent early."""
    unit = make_unit(name="Chi cục Thủy lợi")
    team = [inspector_client.user.inspector, make_inspector(can_lead=False)]
    periodic = make_inspection(team=team, unit=unit, published_at=utcnow(), date=clock.today())
    surprise = make_inspection(team=team, unit=unit, published_at=utcnow(), kind=InspectionKind.SURPRISE,
                               date=clock.today() + timedelta(days=45))
    return unit, [(visit, _approved_with_action(inspector_client, leader_client, visit, default_template))
                  for visit in (periodic, surprise)]


def test_an_inspector_outside_the_team_gets_404_for_periodic_and_surprise_alike(client_as, make_inspector,
                                                                                two_visits):
    outsider = client_as(Role.INSPECTOR)
    make_inspector(user=outsider.user)
    _unit, visits = two_visits
    for inspection, response in visits:
        for method, path in _routes(inspection, response):
            answer = outsider.open(path, method=method)
            assert answer.status_code == 404, f"{inspection.kind} {method} {path}: {answer.status_code}"
    assert outsider.get("/checklists/actions").get_data(as_text=True).count("/checklists/actions/") == 0


def test_a_unit_does_not_learn_of_its_surprise_inspection_from_its_corrective_actions(client_as, two_visits):
    unit, visits = two_visits
    (_periodic, periodic_record), (surprise, surprise_record) = visits
    unit_client = client_as(Role.UNIT, unit=unit)
    page = unit_client.get("/checklists/actions").get_data(as_text=True)
    shown = {int(i) for i in re.findall(r'href="/checklists/actions/(\d+)"', page)}
    periodic_actions = {a.id for a in db.session.scalars(select(CorrectiveAction).join(CorrectiveAction.finding)
                                                          .where(CorrectiveAction.finding.has(
                                                              response_id=periodic_record.id)))}
    assert periodic_actions and shown == periodic_actions
    assert surprise.date.strftime("%d/%m/%Y") not in page
    for method, path in _routes(surprise, surprise_record)[2:]:
        if method == "GET":
            assert unit_client.get(path).status_code == 404, path
    assert unit_client.get("/checklists/records?status=approved").get_data(as_text=True).count(
        "/checklists/records/") == 1
