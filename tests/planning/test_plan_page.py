from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import planner
from inspection.extensions import db
from inspection.planning.instance import inspection_entry
from models import Inspection, InspectionStatus, PlanRevision, RevisionSource, Role


def _solve(client, programme, **extra):
    url = f"/planning/programmes/{programme.id}/" + ("replan" if "replan_from" in extra else "solve")
    assert client.post(url, data={"time_limit": "10", **extra}).status_code == 302
    db.session.refresh(programme)
    return programme.current_revision


def _upload(client, programme, content: bytes):
    return client.post(f"/planning/programmes/{programme.id}/import",
                       data={"plan": (io.BytesIO(content), "plan.json"), "note": "kế hoạch sửa tay"},
                       content_type="multipart/form-data")


def test_plan_page_shows_calendar_loads_coverage_and_reasons(org, planner_client):
    programme = org["programme"]
    revision = _solve(planner_client, programme)

    html = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    surprise = next(i for i in revision.plan["inspections"] if i["kind"] == "surprise")
    assert "Tháng 3 2020" in html and "Tháng 6 2020" in html
    assert 'class="plan-item surprise"' in html and surprise["unit"] in html
    covered = len({i["unit"] for i in revision.plan["inspections"]})
    assert f"Độ bao phủ: {covered}/6 đơn vị" in html and "chỉ tiêu: trên 50% (4 đơn vị)" in html
    assert "Số cuộc kiểm tra của từng thành viên theo tuần" in html and "Nguyễn Văn A" in html
    assert "được chọn: trọng số" in html and "bắt buộc" in html


def test_an_infeasible_request_is_explained_with_links_to_what_to_change(org, planner_client):
    programme = org["programme"]
    programme.team_min = programme.team_max = 6  # five inspectors only
    db.session.commit()

    assert _solve(planner_client, programme) is None
    revision = db.session.scalars(db.select(PlanRevision)).one()
    assert revision.status == "INFEASIBLE" and inspections_of(programme) == []

    html = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "mỗi đoàn cần ít nhất 6 thanh tra viên nhưng chỉ có 5" in html
    assert f'href="/planning/programmes/{programme.id}/edit#team_min"' in html
    assert "/admin/availability" in html  # planners enter leave themselves
    assert "Đề nghị quản trị viên rà soát giới hạn mỗi tuần" in html  # but do not manage inspectors


def inspections_of(programme):
    return list(db.session.scalars(db.select(Inspection).where(Inspection.programme_id == programme.id)))


def test_replan_keeps_what_is_before_its_date_and_started_inspections(org, client_as, time_machine):
    time_machine.move_to(datetime(2020, 3, 10, 9, 0, tzinfo=UTC), tick=False)  # before the window
    planner_client = client_as(Role.PLANNER)
    programme = org["programme"]
    first = _solve(planner_client, programme)
    rows = sorted(inspections_of(programme), key=lambda i: i.date)
    before = {r.id: inspection_entry(r) for r in rows if r.date < date(2020, 5, 4)}
    assert before, "the first plan has inspections before the re-plan date"
    started = rows[-1]
    started.status = InspectionStatus.IN_PROGRESS
    db.session.commit()

    second = _solve(planner_client, programme, replan_from="2020-05-04")

    assert second.source == RevisionSource.REPLAN and second.number == first.number + 1
    assert second.instance["today"] == "2020-05-04"
    assert {e["date"] for e in second.instance["pinned"]} >= {e["date"] for e in before.values()}
    assert all(e["date"] >= "2020-05-04" for e in second.instance["previous"])
    assert planner.check(second.instance, second.plan).ok
    kept = {r.id: inspection_entry(r) for r in inspections_of(programme) if r.id in before}
    assert kept == before  # same rows, same date, slot, kind, team and lead
    assert db.session.get(Inspection, started.id).status == InspectionStatus.IN_PROGRESS
    html = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert f"Thay đổi so với phiên bản {first.number}" in html


def test_a_replan_cannot_start_in_the_past(org, client_as, time_machine):
    time_machine.move_to(datetime(2020, 5, 20, 9, 0, tzinfo=UTC), tick=False)
    planner_client = client_as(Role.PLANNER)
    programme = org["programme"]
    _solve(planner_client, programme)

    response = planner_client.post(f"/planning/programmes/{programme.id}/replan",
                                   data={"time_limit": "10", "replan_from": "2020-05-04"}, follow_redirects=True)

    assert "Chỉ lập lại kế hoạch từ hôm nay trở đi" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(PlanRevision)) == 1


def test_json_export_and_import_round_trip(org, planner_client, leader_client):
    programme = org["programme"]
    revision = _solve(planner_client, programme)
    ids = {i.id for i in inspections_of(programme)}

    instance = json.loads(planner_client.get(f"/planning/programmes/{programme.id}/instance.json").data)
    exported = planner_client.get(f"/planning/programmes/{programme.id}/plan.json")
    assert "attachment" in exported.headers["Content-Disposition"]
    plan = json.loads(exported.data)
    assert instance == revision.instance and planner.check(instance, plan).ok
    assert instance["rules"]["seed"] == programme.seed == plan["stats"]["seed"]
    # The seed of the surprise draw is the planners' alone: a leader's copies leave it out.
    leaders = [json.loads(leader_client.get(f"/planning/programmes/{programme.id}/{name}").data)
               for name in ("instance.json", "plan.json")]
    assert "seed" not in leaders[0]["rules"] and "seed" not in leaders[1]["stats"]
    assert dict(leaders[0], rules=instance["rules"]) == instance and planner.check(leaders[0], leaders[1]).ok

    assert _upload(planner_client, programme, exported.data).status_code == 302
    db.session.refresh(programme)
    imported = programme.current_revision
    assert imported.source == RevisionSource.IMPORT and imported.note == "kế hoạch sửa tay"
    assert {i.id for i in inspections_of(programme)} == ids

    mandatory_dropped = dict(plan, inspections=[i for i in plan["inspections"] if i["unit"] != "CCKL"])
    refused = _upload(planner_client, programme, json.dumps(mandatory_dropped).encode())
    assert "đơn vị bắt buộc CCKL không được kiểm tra" in refused.get_data(as_text=True)
    assert "Tệp không đúng định dạng JSON." in _upload(planner_client, programme, b"{oops").get_data(as_text=True)
    unknown = dict(plan, inspections=[dict(plan["inspections"][0], unit="NOPE")])
    assert "Tệp không phải là kế hoạch" in _upload(planner_client, programme, json.dumps(unknown).encode()).get_data(
        as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(PlanRevision)) == 2
