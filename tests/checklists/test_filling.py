"""My inspections, starting a checklist, drafts, stale versions and submitting once."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import event, func, select

from inspection import clock
from inspection.cache import generation
from inspection.extensions import db
from models import (
    Answer,
    AuditEntry,
    ChecklistResponse,
    ChecklistSubmission,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Role,
    TemplateStatus,
)
from models.base import utcnow
from tests.checklists.conftest import answers_for, item_id


def test_my_inspections_lists_todays_and_upcoming_visits_of_my_team(
    inspector_client, team_inspection, make_inspection, make_inspector
):
    me = inspector_client.user.inspector
    upcoming = make_inspection(team=[me], kind=InspectionKind.SURPRISE, date=clock.today() + timedelta(days=3),
                               published_at=utcnow())
    missed = make_inspection(team=[me], date=clock.today() - timedelta(days=3), published_at=utcnow())
    make_inspection(team=[me], date=clock.today() - timedelta(days=5), published_at=utcnow(),
                    status=InspectionStatus.SUBMITTED)
    others = make_inspection(team=[make_inspector()], date=clock.today(), published_at=utcnow())
    page = inspector_client.get("/checklists/mine").get_data(as_text=True)
    assert "Chi cục Kiểm lâm" in page and "12 Lê Lợi" in page and "Nguyễn Văn Trưởng" in page
    assert upcoming.unit.name in page
    assert others.unit.name not in page
    # A past visit whose checklist was never started stays, marked overdue; a submitted one goes.
    assert missed.unit.name in page and "Quá hạn" in page
    # Today's and the missed one can be started; the upcoming one is opened to be filled ahead.
    assert page.count("/start") == 2
    assert f'href="/checklists/inspections/{upcoming.id}"' in page


def test_starting_uses_the_latest_published_default_and_keeps_that_version(
    inspector_client, team_inspection, started, default_template
):
    db.session.refresh(team_inspection)
    assert team_inspection.status == InspectionStatus.IN_PROGRESS
    assert started.template_id == default_template.id
    newer = ChecklistTemplate(key="default", number=2, name_vi="Mẫu 2", name_en="Template 2",
                              status=TemplateStatus.PUBLISHED)
    db.session.add(newer)
    db.session.commit()
    inspector_client.post(f"/checklists/inspections/{team_inspection.id}/start")
    page = inspector_client.get(f"/checklists/inspections/{team_inspection.id}").get_data(as_text=True)
    assert db.session.get(ChecklistResponse, started.id).template_id == default_template.id
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert page.count('class="card mb-3 checklist-item"') == 20


def test_a_draft_is_stored_and_the_version_moves_on(inspector_client, started, default_template):
    b1, version = item_id(default_template, "B1"), started.version
    response = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                     json={"version": version, "answers": {b1: {"choice": "P", "note": "x"}}})
    assert response.status_code == 200
    assert response.json["version"] == version + 1
    assert response.json["answers"][b1]["choice"] == "P"
    answer = db.session.scalar(select(Answer).where(Answer.response_id == started.id))
    assert (answer.choice.value, answer.note) == ("P", "x")


def test_a_stale_save_is_refused_and_nothing_is_overwritten(
    inspector_client, client_as, started, default_template, team_inspection
):
    b1, version = item_id(default_template, "B1"), started.version
    first = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                  json={"version": version, "answers": {b1: {"choice": "C"}}})
    assert first.status_code == 200
    stale = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                  json={"version": version, "answers": {b1: {"choice": "N", "note": "no"}}})
    assert stale.status_code == 409
    body = stale.json
    assert body["version"] == first.json["version"]
    [conflict] = body["conflicts"]
    assert conflict["item"] == b1 and conflict["code"] == "B1"
    assert conflict["yours"]["choice"] == "N" and conflict["theirs"]["choice"] == "C"
    assert conflict["theirs"]["by"] == inspector_client.user.full_name and conflict["theirs"]["at"]
    answer = db.session.scalar(select(Answer).where(Answer.response_id == started.id))
    assert answer.choice.value == "C" and answer.note == ""
    assert db.session.get(ChecklistResponse, started.id).version == first.json["version"]


def test_bad_answers_are_refused_with_a_message(inspector_client, started, default_template):
    a3 = item_id(default_template, "A3")
    response = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                     json={"version": started.version, "answers": {a3: {"number": "140"}}})
    assert response.status_code == 400
    assert "A3" in response.json["message"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def _submit(client, response_id: int, body: dict):
    return client.post(f"/checklists/responses/{response_id}/submit", json=body)


def test_submit_scores_raises_findings_and_the_same_id_is_stored_once(
    inspector_client, started, default_template, team_inspection
):
    answers = answers_for(default_template, B1={"choice": "P", "note": "one without a badge"}, A3={"number": "80"},
                          B9={"choice": "NA"})
    body = {"client_id": "c0ffee00-1111-2222-3333-444455556666", "version": started.version, "answers": answers}
    first = _submit(inspector_client, started.id, body)
    assert first.status_code == 200, first.json
    again = _submit(inspector_client, started.id, body)
    assert again.json == first.json
    other_press = _submit(inspector_client, started.id, dict(body, client_id="c0ffee00-9999-2222-3333-444455556666"))
    assert other_press.status_code == 409 and other_press.json["error"] == "refused"
    assert first.json["findings"] == 2
    assert first.json["sections"] == {"A": "0.9800", "B": "0.9444"}
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 1
    findings = db.session.scalars(select(Finding)).all()
    assert sorted(f.item.code for f in findings) == ["A3", "B1"]
    assert {f.unit_id for f in findings} == {team_inspection.unit_id}
    assert db.session.get(Inspection, team_inspection.id).status == InspectionStatus.SUBMITTED
    assert db.session.get(ChecklistResponse, started.id).total_score == Decimal("0.9632")


def _statements_of_a_draft_save(app, client, response_id: int, version: int, answers: dict) -> tuple[int, int]:
    """(statements the request sent, the new version)."""
    seen = []

    def record(*_args):
        seen.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        saved = client.post(f"/checklists/responses/{response_id}/draft", json={"version": version, "answers": answers})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert saved.status_code == 200, saved.json
    return len(seen), saved.json["version"]


def test_a_draft_save_costs_the_same_statements_however_many_answers_are_stored(
    app, inspector_client, started, default_template
):
    b1, b2 = item_id(default_template, "B1"), item_id(default_template, "B2")
    version = inspector_client.post(f"/checklists/responses/{started.id}/draft", json={
        "version": started.version, "answers": {b1: {"choice": "C"}}}).json["version"]
    with_one, version = _statements_of_a_draft_save(app, inspector_client, started.id, version, {b1: {"choice": "P"}})
    version = inspector_client.post(f"/checklists/responses/{started.id}/draft", json={
        "version": version, "answers": answers_for(default_template)}).json["version"]
    with_all, _ = _statements_of_a_draft_save(app, inspector_client, started.id, version, {b2: {"choice": "P"}})
    assert with_all == with_one
    # The user, the team's visit and its members, the template, the answers and their photos,
    # the two updates: the record's inspection is read once and the user not again after the commit.
    assert with_one <= 13


def test_draft_saves_are_not_logged_one_by_one_and_the_submission_keeps_the_answers(
    inspector_client, started, default_template, team_inspection
):
    b1, a3 = item_id(default_template, "B1"), item_id(default_template, "A3")
    version = started.version
    for note in ("một", "một hai", "một hai ba"):
        saved = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                      json={"version": version, "answers": {b1: {"choice": "P", "note": note}}})
        version = saved.json["version"]
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.entity.in_(["answers", "checklist_responses"]),
                                                       AuditEntry.action == "update")).all() == []
    body = {"client_id": "c0ffee00-1111-2222-3333-444455556677", "version": version,
            "answers": answers_for(default_template, B1={"choice": "P", "note": "một hai ba bốn"}, A3={"number": "80"})}
    assert _submit(inspector_client, started.id, body).status_code == 200
    [event] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "submit")).all()
    assert event.entity_id == str(team_inspection.id)
    assert event.after["answers"][str(b1)] == ["P", None, "một hai ba bốn"]
    assert event.after["answers"][str(a3)] == [None, "80.00", ""]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "answers")) == 0


def test_three_concurrent_submits_with_one_id_store_one_submission(app, inspector_client, started, default_template):
    body = {"client_id": "5eed5eed-0000-4000-8000-000000000001", "version": started.version,
            "answers": answers_for(default_template)}
    clients = [app.test_client() for _ in range(3)]
    with inspector_client.session_transaction() as session:
        cookie = dict(session)
    for c in clients:
        with c.session_transaction() as session:
            session.update(cookie)
    results: list = [None] * 3
    barrier = threading.Barrier(3)

    def post(index: int) -> None:
        with app.app_context():
            barrier.wait()
            results[index] = _submit(clients[index], started.id, body)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [200, 200, 200], [r.get_data(as_text=True) for r in results]
    assert results[0].json == results[1].json == results[2].json
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 1
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 20


def test_a_stale_submit_is_refused(inspector_client, started, default_template):
    b1, version = item_id(default_template, "B1"), started.version
    inspector_client.post(f"/checklists/responses/{started.id}/draft",
                          json={"version": version, "answers": {b1: {"choice": "N", "note": "late"}}})
    body = {"client_id": "abcdef01-0000-4000-8000-000000000002", "version": version,
            "answers": answers_for(default_template)}
    response = _submit(inspector_client, started.id, body)
    assert response.status_code == 409
    assert [c["code"] for c in response.json["conflicts"]] == ["B1"]
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 0
    assert db.session.get(ChecklistResponse, started.id).inspection.status == InspectionStatus.IN_PROGRESS


def test_only_the_assigned_team_opens_a_checklist(client_as, make_inspector, make_inspection, started,
                                                  team_inspection, default_template):
    outsider = client_as(Role.INSPECTOR)
    make_inspector(user=outsider.user)
    surprise = make_inspection(kind=InspectionKind.SURPRISE, published_at=utcnow(), date=clock.today())
    assert outsider.get(f"/checklists/inspections/{team_inspection.id}").status_code == 404
    assert outsider.post(f"/checklists/inspections/{team_inspection.id}/start").status_code == 404
    assert outsider.post(f"/checklists/responses/{started.id}/submit",
                         json={"client_id": "outsider-0001", "version": 1, "answers": {}}).status_code == 404
    assert outsider.get(f"/checklists/inspections/{surprise.id}").status_code == 404
    assert outsider.post(f"/checklists/inspections/{surprise.id}/start").status_code == 404


def test_draft_saves_keep_the_cached_figures_and_the_submission_renews_them(
    inspector_client, started, default_template
):
    b1, before, version = item_id(default_template, "B1"), generation(), started.version
    for choice in ("P", "C"):
        saved = inspector_client.post(f"/checklists/responses/{started.id}/draft",
                                      json={"version": version, "answers": {b1: {"choice": choice}}})
        assert saved.status_code == 200
        version = saved.json["version"]
    assert generation() == before
    body = {"client_id": "c0ffee00-1111-2222-3333-444455550000", "version": version,
            "answers": answers_for(default_template)}
    assert _submit(inspector_client, started.id, body).status_code == 200
    assert generation() > before
