"""The record after submitting: conclusions, review, what the unit sees, corrective actions."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from inspection import clock
from inspection.checklists.queries import overdue_actions_by_unit
from inspection.extensions import db
from models import (
    ActionStatus,
    AuditEntry,
    ChecklistResponse,
    CorrectiveAction,
    FilePurpose,
    Inspection,
    InspectionStatus,
    Role,
)
from tests.checklists.conftest import answers_for
from tests.initiatives.conftest import PDF


def _submitted(inspector_client, started, template) -> ChecklistResponse:
    answers = answers_for(template, B1={"choice": "N", "note": "Không đeo thẻ"}, A3={"number": "50"})
    body = {"client_id": "record-0000-0000-0001", "version": started.version, "answers": answers}
    assert inspector_client.post(f"/checklists/responses/{started.id}/submit", json=body).status_code == 200
    return db.session.get(ChecklistResponse, started.id)


def test_the_lead_writes_conclusions_and_the_record_prints_everything(
    app, inspector_client, started, default_template, team_inspection
):
    response = _submitted(inspector_client, started, default_template)
    saved = inspector_client.post(f"/checklists/records/{response.id}/conclusions", data={
        "version": response.version, "conclusions": "Đơn vị cơ bản chấp hành tốt.",
        "representative_name": "Lê Thị Đại Diện", "representative_present": "1"})
    assert saved.status_code == 302
    page = inspector_client.get(f"/checklists/records/{response.id}").get_data(as_text=True)
    for text in (app.config["AGENCY_NAME"], "Biên bản kiểm tra", "Chi cục Kiểm lâm", "Đơn vị cơ bản chấp hành tốt.",
                 "Lê Thị Đại Diện", "có mặt", "Không đeo thẻ", team_inspection.date.strftime("%d/%m/%Y"),
                 "(ký, ghi rõ họ tên)", "css/checklists.css"):
        assert text in page
    assert page.count("<li>") >= 2  # the two findings


def test_a_stale_record_save_is_refused(inspector_client, started, default_template):
    response = _submitted(inspector_client, started, default_template)
    stale_version = response.version
    inspector_client.post(f"/checklists/records/{response.id}/conclusions",
                          data={"version": stale_version, "conclusions": "Bản đầu"})
    inspector_client.post(f"/checklists/records/{response.id}/conclusions",
                          data={"version": stale_version, "conclusions": "Bản cũ ghi đè"})
    assert db.session.get(ChecklistResponse, response.id).conclusions == "Bản đầu"


def test_only_the_lead_writes_conclusions(client_as, make_inspector, started, default_template, inspector_client,
                                          team_inspection):
    member = team_inspection.members[1].inspector
    other = client_as(Role.INSPECTOR)
    member.user = other.user
    db.session.commit()
    response = _submitted(inspector_client, started, default_template)
    assert other.post(f"/checklists/records/{response.id}/conclusions",
                      data={"version": response.version}).status_code == 403


def test_approval_makes_actions_due_in_30_days_and_shows_the_record_to_the_unit(
    inspector_client, leader_client, client_as, started, default_template, team_inspection
):
    unit_client = client_as(Role.UNIT, unit=team_inspection.unit)
    response = _submitted(inspector_client, started, default_template)
    assert unit_client.get(f"/checklists/records/{response.id}").status_code == 404
    assert f"/checklists/records/{response.id}" not in unit_client.get("/checklists/records").get_data(as_text=True)
    assert "Chi cục Kiểm lâm" in leader_client.get("/checklists/records").get_data(as_text=True)

    assert leader_client.post(f"/checklists/records/{response.id}/approve").status_code == 302
    assert db.session.get(Inspection, team_inspection.id).status == InspectionStatus.APPROVED
    actions = db.session.scalars(select(CorrectiveAction)).all()
    assert len(actions) == 2
    assert {a.due_date for a in actions} == {clock.today() + timedelta(days=30)}
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "approve")) is not None

    page = unit_client.get(f"/checklists/records/{response.id}").get_data(as_text=True)
    assert "Không đeo thẻ" in page
    assert f"/checklists/records/{response.id}" in unit_client.get("/checklists/records").get_data(as_text=True)
    assert "B1." in unit_client.get("/checklists/actions").get_data(as_text=True)
    other_unit = client_as(Role.UNIT)
    assert other_unit.get(f"/checklists/records/{response.id}").status_code == 404
    assert f"/checklists/records/{response.id}" not in other_unit.get("/checklists/records").get_data(as_text=True)
    assert other_unit.get(f"/checklists/actions/{actions[0].id}").status_code == 404


def test_returning_needs_a_comment_and_the_team_continues(
    inspector_client, leader_client, started, default_template, team_inspection
):
    response = _submitted(inspector_client, started, default_template)
    leader_client.post(f"/checklists/records/{response.id}/return", data={"comment": "  "})
    assert db.session.get(Inspection, team_inspection.id).status == InspectionStatus.SUBMITTED
    leader_client.post(f"/checklists/records/{response.id}/return", data={"comment": "Bổ sung ảnh B1"})
    assert db.session.get(Inspection, team_inspection.id).status == InspectionStatus.RETURNED
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "return"))
    assert audit.note == "Bổ sung ảnh B1"
    assert "Bổ sung ảnh B1" in inspector_client.get(f"/checklists/inspections/{team_inspection.id}").get_data(
        as_text=True)
    inspector_client.post(f"/checklists/inspections/{team_inspection.id}/start")
    assert db.session.get(Inspection, team_inspection.id).status == InspectionStatus.IN_PROGRESS
    response = db.session.get(ChecklistResponse, response.id)
    body = {"client_id": "record-0000-0000-0002", "version": response.version,
            "answers": answers_for(default_template)}
    again = inspector_client.post(f"/checklists/responses/{response.id}/submit", json=body)
    assert again.json["findings"] == 0


def test_the_unit_answers_and_the_lead_verifies_or_reopens(
    inspector_client, leader_client, client_as, started, default_template, team_inspection
):
    unit_client = client_as(Role.UNIT, unit=team_inspection.unit)
    response = _submitted(inspector_client, started, default_template)
    leader_client.post(f"/checklists/records/{response.id}/approve")
    first, second = db.session.scalars(select(CorrectiveAction).order_by(CorrectiveAction.id)).all()

    unit_client.post(f"/checklists/actions/{first.id}/answer", data={"version": first.version, "answer": ""})
    assert db.session.get(CorrectiveAction, first.id).status == ActionStatus.OPEN
    unit_client.post(f"/checklists/actions/{first.id}/answer",
                     data={"version": first.version, "answer": "Đã cấp thẻ cho toàn bộ công chức"})
    first = db.session.get(CorrectiveAction, first.id)
    assert first.status == ActionStatus.ANSWERED
    assert leader_client.post(f"/checklists/actions/{first.id}/verify", data={"version": first.version}).status_code \
        == 403
    inspector_client.post(f"/checklists/actions/{first.id}/reopen", data={"version": first.version, "comment": ""})
    assert db.session.get(CorrectiveAction, first.id).status == ActionStatus.ANSWERED
    inspector_client.post(f"/checklists/actions/{first.id}/reopen",
                          data={"version": first.version, "comment": "Thiếu ảnh"})
    assert db.session.get(CorrectiveAction, first.id).status == ActionStatus.REOPENED

    unit_client.post(f"/checklists/actions/{second.id}/answer", data={"version": second.version, "answer": "Xong"})
    second = db.session.get(CorrectiveAction, second.id)
    inspector_client.post(f"/checklists/actions/{second.id}/verify", data={"version": second.version})
    assert db.session.get(CorrectiveAction, second.id).status == ActionStatus.VERIFIED


def test_overdue_actions_are_counted_per_unit_and_flagged(
    inspector_client, leader_client, started, default_template, team_inspection
):
    response = _submitted(inspector_client, started, default_template)
    leader_client.post(f"/checklists/records/{response.id}/approve")
    due = clock.today() + timedelta(days=30)
    assert overdue_actions_by_unit(due) == {}
    assert overdue_actions_by_unit(due + timedelta(days=1)) == {team_inspection.unit_id: 2}
    action = db.session.scalars(select(CorrectiveAction)).first()
    action.due_date = clock.today() - timedelta(days=1)
    db.session.commit()
    assert "Quá hạn" in leader_client.get("/checklists/actions").get_data(as_text=True)


def test_evidence_is_stored_with_its_uploader_and_opened_by_the_team(
    inspector_client, leader_client, client_as, started, default_template, team_inspection
):
    body = {"client_id": "evidence-0000-0000-0001", "version": started.version,
            "answers": answers_for(default_template, B1={"choice": "N", "note": "Không đeo thẻ"})}
    inspector_client.post(f"/checklists/responses/{started.id}/submit", json=body)
    leader_client.post(f"/checklists/records/{started.id}/approve")
    action = db.session.scalars(select(CorrectiveAction)).first()
    unit_client = client_as(Role.UNIT, unit=team_inspection.unit)
    response = unit_client.post(f"/checklists/actions/{action.id}/answer", content_type="multipart/form-data", data={
        "version": action.version, "answer": "Đã cấp thẻ", "evidence": (io.BytesIO(PDF), "bien-ban.pdf")})
    assert response.status_code == 302
    evidence = db.session.get(CorrectiveAction, action.id).evidence
    assert (evidence.purpose, evidence.uploaded_by_id, evidence.original_name) == (
        FilePurpose.EVIDENCE, unit_client.user.id, "bien-ban.pdf")
    download = inspector_client.get(f"/checklists/actions/{action.id}/evidence")
    assert download.data == PDF and "attachment" in download.headers["Content-Disposition"]
