"""Mid-year change through the pages: leave for a month, a unit that asks to move one visit, a
budget cut by 10%, a holiday added. Each re-plan changes exactly the inspections the change
breaks (or, for the budget, drops exactly as many as it must), never one dated before the
re-plan date, and keeps every other inspection as it was, team and lead included, with its id.

The plan is made once per test session (by the planner, quickly) and stored again for each test.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from inspection.extensions import db
from inspection.planning.instance import build_instance, inspection_entry, inspector_key
from inspection.planning.operations import record_revision
from models import Inspection, InspectionStatus, Programme, RevisionSource, Role
from planner import check, solve

UNITS = [("VP", "Quận 1"), ("TTRA", "Quận 1"), ("TTTT", "Quận 1"), ("CCKL", "Quận 3"), ("CCTL", "Quận 3"),
         ("TTKN", "Quận 3"), ("CCCN", "Quận 3"), ("BQL", "Thủ Đức"), ("TTGD", "Thủ Đức"), ("CCTY", "Thủ Đức")]
#: The re-plan date: the agency's today when the changes come in.
D = date(2020, 6, 1)

_first_plan: dict = {}


def _at(day: date):
    """Nine in the morning of ``day`` in Ho Chi Minh City."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(app, make_unit, make_inspector, make_programme, make_user, time_machine):
    """Ten units in three areas, six inspectors (three may lead) and a published plan made before
    the window opened; the clock then stands at D."""
    time_machine.move_to(_at(date(2020, 3, 10)), tick=False)
    units = {code: make_unit(code=code, name=f"Đơn vị {code}", area=area) for code, area in UNITS}
    people = [make_inspector(full_name=f"Thanh tra {name}", can_lead=name in ("An", "Bình", "Cường"), max_per_week=2)
              for name in ("An", "Bình", "Cường", "Dung", "Giang", "Hà")]
    programme = make_programme(surprise_count=1, team_min=2, team_max=2, min_gap_days=30, seed=7,
                               balance_weight=1, stability_weight=20)
    planner = make_user(Role.PLANNER, full_name="Người lập kế hoạch")
    instance = build_instance(programme)
    if "plan" not in _first_plan:
        _first_plan["plan"] = solve(instance, time_limit=10)
    plan = _first_plan["plan"]
    assert check(instance, plan).ok
    record_revision(programme, instance, plan, RevisionSource.SOLVE, planner)
    db.session.commit()
    time_machine.move_to(_at(D), tick=False)
    return {"units": units, "people": people, "programme": programme, "planner": planner}


@pytest.fixture
def pages(world, client_as, as_user):
    """The planner and the admin, logged in at D; the plan published."""
    clients = {"planner": as_user(world["planner"]), "admin": client_as(Role.ADMIN)}
    assert clients["planner"].post(f"/schedule/programmes/{world['programme'].id}/publish").status_code == 302
    return clients


def _snapshot(world) -> dict[int, dict]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(Inspection).where(Inspection.programme_id == world["programme"].id,
                                                          Inspection.status != InspectionStatus.CANCELLED))
    return {r.id: inspection_entry(r) for r in rows}


def _changed(before: dict[int, dict], after: dict[int, dict]) -> set[int]:
    return {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}


def _plan_page(client, world) -> str:
    return client.get(f"/planning/programmes/{world['programme'].id}").get_data(as_text=True)


def _flagged(html: str) -> set[int]:
    section = html.split('id="clashes"')[1].split("</section>")[0]
    return {int(i) for i in re.findall(r'data-inspection="(\d+)"', section)}


def _replan_affected(client, world) -> str:
    """Press "Lập lại kế hoạch cho các cuộc bị ảnh hưởng" on the plan page."""
    html = _plan_page(client, world)
    assert "Lập lại kế hoạch cho các cuộc bị ảnh hưởng" in html
    replan_from = re.search(r'id="clashes".*?name="replan_from" value="([\d-]+)"', html, re.S).group(1)
    assert replan_from == D.isoformat()
    response = client.post(f"/planning/programmes/{world['programme'].id}/replan",
                           data={"replan_from": replan_from, "time_limit": "10"})
    assert response.status_code == 302
    return _current_plan_page(client, world)


def _current_plan_page(client, world) -> str:
    programme = db.session.get(Programme, world["programme"].id)
    db.session.refresh(programme)
    assert programme.current_revision.source == RevisionSource.REPLAN
    assert check(programme.current_revision.instance, programme.current_revision.plan).ok
    return _plan_page(client, world)


def _group(html: str, cause: str) -> list[str]:
    """The units listed in the change list under ``cause``."""
    section = html.split('id="changes"')[1].split("</section>")[0]
    found = re.search(rf'<ul class="change-list" data-cause="{cause}">(.*?)</ul>', section, re.S)
    return re.findall(r'data-unit="([^"]+)"', found.group(1)) if found else []


def _assert_only(before: dict, after: dict, expected: set[int]) -> None:
    assert expected, "the scenario must break at least one inspection"
    assert _changed(before, after) == expected
    assert all(before[i]["date"] >= D.isoformat() for i in expected)


def test_an_inspector_on_leave_for_a_month_moves_only_that_months_visits_of_theirs(world, pages):
    before = _snapshot(world)
    month = [(i, e) for i, e in before.items() if e["date"].startswith("2020-07")]
    busiest = max(world["people"], key=lambda p: sum(inspector_key(p) in e["inspectors"] for _, e in month))
    affected = {i for i, e in month if inspector_key(busiest) in e["inspectors"]}

    saved = pages["planner"].post("/admin/availability/leaves", data={
        "leave-inspector_id": str(busiest.id), "leave-start_date": "2020-07-01", "leave-end_date": "2020-07-31",
        "leave-note": "Ốm dài ngày"})
    warning = pages["planner"].get(saved.headers["Location"]).get_data(as_text=True)
    assert {int(i) for i in re.findall(r'data-inspection="(\d+)"', warning)} == affected
    assert _flagged(_plan_page(pages["planner"], world)) == affected

    html = _replan_affected(pages["planner"], world)

    after = _snapshot(world)
    _assert_only(before, after, affected)
    assert after.keys() == before.keys()  # every visit keeps its id
    assert all(inspector_key(busiest) not in e["inspectors"] for e in after.values()
               if "2020-07-01" <= e["date"] <= "2020-07-31")
    assert sorted(_group(html, "leave")) == sorted(before[i]["unit"] for i in affected)
    untouched = len(before) - len(affected)
    assert f"{untouched} cuộc kiểm tra giữ nguyên, {len(affected)} cuộc thay đổi." in html
    assert "id=\"clashes\"" not in html


def test_a_unit_that_cannot_receive_its_visit_gets_only_that_visit_moved(world, pages):
    before = _snapshot(world)
    visit_id, visit = min(((i, e) for i, e in before.items() if e["date"] >= "2020-07-01" and e["kind"] == "periodic"),
                          key=lambda item: item[1]["date"])
    unit = world["units"][visit["unit"]]

    pages["planner"].post("/admin/availability/blackouts", data={
        "blackout-unit_id": str(unit.id), "blackout-start_date": visit["date"], "blackout-end_date": visit["date"],
        "blackout-note": "Đơn vị đề nghị dời: trùng hội nghị tổng kết"})
    assert _flagged(_plan_page(pages["planner"], world)) == {visit_id}

    html = _replan_affected(pages["planner"], world)

    after = _snapshot(world)
    _assert_only(before, after, {visit_id})
    assert after[visit_id]["date"] != visit["date"] and after[visit_id]["unit"] == visit["unit"]
    assert _group(html, "blackout") == [visit["unit"]]


def test_a_budget_cut_by_a_tenth_drops_only_as_many_visits_as_it_must(world, pages):
    before = _snapshot(world)
    programme = db.session.get(Programme, world["programme"].id)
    budget = math.floor(len(before) * 0.9)
    form = {"year": "2020", "name": programme.name, "window_start": "2020-03-16", "window_end": "2020-10-30",
            "coverage_percent": "50", "surprise_count": "1", "team_min": "2", "team_max": "2", "min_gap_days": "30",
            "max_inspections": str(budget), "template_id": "", "balance_weight": "1", "stability_weight": "20",
            "seed": "7", "version": str(programme.version)}
    assert pages["planner"].post(f"/planning/programmes/{programme.id}/edit", data=form).status_code == 302

    response = pages["planner"].post(f"/planning/programmes/{programme.id}/replan",
                                     data={"replan_from": D.isoformat(), "time_limit": "10"})
    assert response.status_code == 302
    html = _current_plan_page(pages["planner"], world)

    after = _snapshot(world)
    dropped = before.keys() - after.keys()
    assert len(after) == budget and len(dropped) == len(before) - budget
    _assert_only(before, after, dropped)
    assert all(before[i]["kind"] == "periodic" for i in dropped)  # the surprise visit stays drawn
    assert sorted(_group(html, "budget")) == sorted(before[i]["unit"] for i in dropped)


def test_a_holiday_added_moves_only_the_visits_of_that_day(world, pages):
    before = _snapshot(world)
    day = min(e["date"] for e in before.values() if e["date"] >= "2020-08-01")
    affected = {i for i, e in before.items() if e["date"] == day}

    response = pages["admin"].post("/admin/holidays/new", data={"date": day, "name": "Nghỉ bù"})
    assert response.status_code == 302
    assert _flagged(_plan_page(pages["planner"], world)) == affected

    html = _replan_affected(pages["planner"], world)

    after = _snapshot(world)
    _assert_only(before, after, affected)
    assert all(after[i]["date"] != day for i in affected)
    assert sorted(_group(html, "holiday")) == sorted(before[i]["unit"] for i in affected)


def test_a_hand_move_is_listed_as_moved_by_request(world, pages):
    before = _snapshot(world)
    visit_id = next(i for i, e in sorted(before.items(), key=lambda item: item[1]["date"])
                    if e["date"] >= "2020-09-01" and e["kind"] == "periodic")
    row = db.session.get(Inspection, visit_id)
    free_day = _free_monday(before, after=date(2020, 9, 1))
    response = pages["planner"].post(f"/schedule/inspections/{visit_id}/edit", data={
        "date": free_day.isoformat(), "slot": row.slot.value, "lead": row.lead_id,
        "team": [m.inspector_id for m in row.members], "version": row.version, "submit": "1",
        "note": "Đơn vị xin dời lịch"})
    assert response.status_code == 302, response.get_data(as_text=True)

    html = _plan_page(pages["planner"], world)

    assert _changed(before, _snapshot(world)) == {visit_id}
    assert _group(html, "request") == [before[visit_id]["unit"]]


def _free_monday(entries: dict[int, dict], after: date) -> date:
    """A Monday after ``after`` with no inspection in its week and none of the same unit near it."""
    busy = {date.fromisoformat(e["date"]).isocalendar()[:2] for e in entries.values()}
    day = after + timedelta(days=(7 - after.weekday()) % 7)
    while day.isocalendar()[:2] in busy:
        day += timedelta(days=7)
    return day
