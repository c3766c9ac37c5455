"""What the server refuses whatever the page does: a submission id reused for another checklist,
over-long notes, unreadable bodies, missing answers, a checklist before its day; and the JSON
answers a script gets instead of the login page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from inspection import clock
from inspection.checklists import operations
from inspection.dashboard import queries
from inspection.extensions import db
from models import (
    Answer,
    ChecklistResponse,
    ChecklistSubmission,
    Inspection,
    InspectionStatus,
    Role,
)
from models.base import utcnow
from tests.checklists.conftest import answers_for, item_id

CLIENT_ID = "c11e7700-0000-4000-8000-000000000001"


def _submit(client, response_id: int, body: dict, **kw):
    return client.post(f"/checklists/responses/{response_id}/submit", json=body, **kw)


def _second_checklist(inspector_client, make_inspection, make_inspector, default_template) -> ChecklistResponse:
    other = make_inspection(team=[inspector_client.user.inspector, make_inspector(can_lead=False)],
                            published_at=utcnow(), date=clock.today())
    assert inspector_client.post(f"/checklists/inspections/{other.id}/start").status_code == 302
    return db.session.scalar(select(ChecklistResponse).where(ChecklistResponse.inspection_id == other.id))


def test_a_submission_id_belongs_to_one_checklist(
    inspector_client, started, default_template, make_inspection, make_inspector
):
    second = _second_checklist(inspector_client, make_inspection, make_inspector, default_template)
    body = {"client_id": CLIENT_ID, "version": started.version, "answers": answers_for(default_template)}
    first = _submit(inspector_client, started.id, body)
    assert first.status_code == 200 and first.json["client_id"] == CLIENT_ID
    reused = _submit(inspector_client, second.id, dict(body, version=second.version))
    assert reused.status_code == 409
    assert reused.json["error"] == "client_id_taken" and "phiếu khác" in reused.json["message"]
    assert "total" not in reused.json
    db.session.rollback()
    assert db.session.get(Inspection, second.inspection_id).status == InspectionStatus.IN_PROGRESS
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 1
    # The same id sent again for its own checklist still answers what was stored.
    assert _submit(inspector_client, started.id, body).json == first.json


def test_an_over_long_note_is_refused_not_cut(inspector_client, started, default_template):
    b1 = item_id(default_template, "B1")
    note = "x" * (operations.MAX_NOTE + 1)
    draft = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                  json={"version": started.version, "answers": {b1: {"choice": "N", "note": note}}})
    assert draft.status_code == 400
    assert "B1" in draft.json["message"] and "5000" in draft.json["message"]
    answers = answers_for(default_template, B1={"choice": "N", "note": note})
    submit = _submit(inspector_client, started.id, {"client_id": CLIENT_ID, "version": started.version,
                                                    "answers": answers})
    assert submit.status_code == 400 and "B1" in submit.json["message"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    fits = inspector_client.post(f"/checklists/responses/{started.id}/draft", json={
        "version": started.version, "answers": {b1: {"choice": "N", "note": "y" * operations.MAX_NOTE}}})
    assert fits.status_code == 200


def test_an_unreadable_body_is_a_bad_request_not_a_conflict(inspector_client, started):
    for path in ("draft", "submit"):
        response = inspector_client.post(f"/checklists/responses/{started.id}/{path}", data="{not json",
                                         content_type="application/json")
        assert response.status_code == 400, path
        assert response.json["error"] == "bad_request"
        assert "changed" not in response.json["message"] and "thay đổi" not in response.json["message"]


def test_the_server_requires_every_item(inspector_client, started, default_template, team_inspection):
    answers = answers_for(default_template)
    del answers[item_id(default_template, "B10")]
    answers[item_id(default_template, "A3")] = {"number": None, "note": ""}
    response = _submit(inspector_client, started.id, {"client_id": CLIENT_ID, "version": started.version,
                                                      "answers": answers})
    assert response.status_code == 400
    assert "A3" in response.json["message"] and "B10" in response.json["message"]
    db.session.rollback()
    assert db.session.get(Inspection, team_inspection.id).status == InspectionStatus.IN_PROGRESS
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 0


def test_a_checklist_waits_for_its_day(
    inspector_client, client_as, default_template, make_inspection, make_inspector, time_machine
):
    day = clock.today() + timedelta(days=3)
    inspection = make_inspection(team=[inspector_client.user.inspector, make_inspector(can_lead=False)],
                                 published_at=utcnow(), date=day)
    refused = inspector_client.post(f"/checklists/inspections/{inspection.id}/start", follow_redirects=True)
    assert day.strftime("%d/%m/%Y") in refused.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Inspection, inspection.id).status == InspectionStatus.PLANNED
    # Started on a wrong clock (or before the rule): still no submission before the day.
    db.session.get(Inspection, inspection.id).status = InspectionStatus.IN_PROGRESS
    response = ChecklistResponse(inspection_id=inspection.id, template=default_template)
    db.session.add(response)
    db.session.commit()
    body = {"client_id": CLIENT_ID, "version": response.version, "answers": answers_for(default_template)}
    early = _submit(inspector_client, response.id, body)
    assert early.status_code == 400 and day.strftime("%d/%m/%Y") in early.json["message"]
    db.session.rollback()
    assert db.session.get(Inspection, inspection.id).status == InspectionStatus.IN_PROGRESS


def test_a_record_is_not_approved_before_its_day_nor_counted(
    leader_client, default_template, make_inspection, make_programme
):
    programme = make_programme(year=clock.today().year, window_start=clock.today() - timedelta(days=30),
                               window_end=clock.today() + timedelta(days=60))
    inspection = make_inspection(programme=programme, published_at=utcnow(), date=clock.today() + timedelta(days=5),
                                 status=InspectionStatus.SUBMITTED)
    response = ChecklistResponse(inspection=inspection, template=default_template, submitted_at=utcnow())
    db.session.add(response)
    db.session.commit()
    assert queries.coverage(programme).inspected == 0
    page = leader_client.post(f"/checklists/records/{response.id}/approve", follow_redirects=True)
    assert inspection.date.strftime("%d/%m/%Y") in page.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Inspection, inspection.id).status == InspectionStatus.SUBMITTED


def test_a_script_gets_json_never_the_login_page(app, inspector_client, started, default_template, client_as):
    anonymous = app.test_client()
    for response in (
        _submit(anonymous, started.id, {"client_id": CLIENT_ID, "answers": {}}),
        anonymous.get("/session", headers={"Accept": "application/json"}),
    ):
        assert response.status_code == 401
        assert response.json["error"] == "login" and response.json["message"]
    session = inspector_client.get("/session", headers={"Accept": "application/json"})
    assert session.json["user"] == inspector_client.user.id and "csrf_token" in session.json
    # A page made for one user never sends under another's login.
    teammate = client_as(Role.INSPECTOR)
    body = {"client_id": CLIENT_ID, "version": started.version, "answers": answers_for(default_template)}
    foreign = _submit(teammate, started.id, body, headers={"X-User-Id": str(inspector_client.user.id)})
    assert foreign.status_code == 401 and foreign.json["error"] == "other_user"
    missing = inspector_client.get("/checklists/records/999999", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and missing.json["error"] == "http"
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 0


def test_pages_name_the_user_they_were_made_for(inspector_client, started):
    page = inspector_client.get(f"/checklists/inspections/{started.inspection_id}")
    assert page.headers["X-User-Id"] == str(inspector_client.user.id)


def test_a_visit_can_be_filled_ahead_and_is_started_by_its_first_save(
    inspector_client, default_template, make_inspection, make_inspector
):
    team = [inspector_client.user.inspector, make_inspector(can_lead=False)]
    ahead = make_inspection(team=team, published_at=utcnow(), date=clock.today() + timedelta(days=2))
    today = make_inspection(team=team, published_at=utcnow(), date=clock.today())
    page = inspector_client.get(f"/checklists/inspections/{ahead.id}").get_data(as_text=True)
    assert page.count('class="card mb-3 checklist-item"') == 20 and '"started": false' in page
    assert db.session.scalar(select(func.count()).select_from(ChecklistResponse)) == 0

    json = {"Accept": "application/json"}
    early = inspector_client.post(f"/checklists/inspections/{ahead.id}/start", headers=json)
    assert early.status_code == 400 and early.json["error"] == "not_started"
    assert ahead.date.strftime("%d/%m/%Y") in early.json["message"]
    started = inspector_client.post(f"/checklists/inspections/{today.id}/start", headers=json)
    assert started.status_code == 200 and started.json["started"] is True
    assert started.json["draft_url"] == f"/checklists/responses/{started.json['response']}/draft"
    db.session.rollback()
    assert db.session.get(Inspection, today.id).status == InspectionStatus.IN_PROGRESS
    assert db.session.get(Inspection, ahead.id).status == InspectionStatus.PLANNED


def test_a_stale_csrf_token_gets_json_and_the_session_gives_a_fresh_one(app, inspector_client, started,
                                                                       default_template):
    b1 = item_id(default_template, "B1")
    body = {"version": started.version, "answers": {b1: {"choice": "C"}}}
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        stale = inspector_client.post(f"/checklists/responses/{started.id}/draft", json=body,
                                      headers={"X-CSRFToken": "from-an-older-session"})
        assert stale.status_code == 400 and stale.json["error"] == "csrf"
        token = inspector_client.get("/session", headers={"Accept": "application/json"}).json["csrf_token"]
        saved = inspector_client.post(f"/checklists/responses/{started.id}/draft", json=body,
                                      headers={"X-CSRFToken": token})
        assert saved.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
