"""Hand edits of the plan: every change is checked against the hard rules; an allowed one becomes
a new revision, a rule-breaking one is refused with the rule in plain words and nothing saved."""

from __future__ import annotations

import re
from datetime import date

import pytest

from inspection import clock
from inspection.extensions import db
from inspection.planning.instance import inspection_entry
from inspection.planning.operations import record_revision
from models import Holiday, Inspection, InspectionStatus, InspectorLeave, PlanRevision, Programme, RevisionSource


@pytest.fixture
def planner(planned, as_user):
    return as_user(planned["planner"])


def _revisions(org) -> list[PlanRevision]:
    programme = db.session.get(Programme, org["programme"].id)
    return list(programme.revisions)


def _form(row: Inspection, **changes) -> dict:
    data = {"date": row.date.isoformat(), "slot": row.slot.value, "lead": row.lead_id,
            "team": [m.inspector_id for m in row.members], "version": row.version, "submit": "1"}
    return {**data, **changes}


def _edit(client, row, **changes):
    return client.post(f"/schedule/inspections/{row.id}/edit", data=_form(row, **changes))


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _plan_of(org) -> list[dict]:
    programme = db.session.get(Programme, org["programme"].id)
    return programme.current_revision.plan["inspections"]


def test_moving_an_inspection_saves_a_new_revision_and_keeps_the_inspection(planned, planner):
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, date="2030-04-09", slot="PM", note="Đơn vị xin lùi lịch")

    moved = db.session.scalars(db.select(Inspection).where(Inspection.date == date(2030, 4, 9))).one()
    assert moved.id == row.id and moved.sequence == 1
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/schedule/inspections/{row.id}")
    revisions = _revisions(planned)
    assert [(r.number, r.source) for r in revisions] == [(1, RevisionSource.SOLVE), (2, RevisionSource.EDIT)]
    assert revisions[1].note == "Đơn vị xin lùi lịch" and revisions[1].created_by_id == planned["planner"].id
    assert inspection_entry(moved) in _plan_of(planned)
    assert (moved.unit.code, moved.slot.value) == ("B", "PM")
    assert _count(Inspection) == 5


def test_changing_the_team_keeps_the_inspection(planned, planner):
    row = planned["rows"][("B", "periodic")]
    p = planned["people"]

    _edit(planner, row, team=[p["Chi"].id], lead=p["An"].id)

    kept = db.session.get(Inspection, row.id)
    assert kept.lead_id == p["An"].id and {i.id for i in kept.inspectors} == {p["An"].id, p["Chi"].id}
    assert len(_revisions(planned)) == 2


def _refused(response, *words):
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không lưu" in html, html
    for word in words:
        assert word in html


def _nothing_saved(org, row):
    assert len(_revisions(org)) == 1
    same = db.session.get(Inspection, row.id)
    assert same is not None and inspection_entry(same) == inspection_entry(row)


def test_double_booking_an_inspector_is_refused_with_the_rule_named(planned, planner):
    row = planned["rows"][("B", "periodic")]  # Bình and Chi; Chi inspects A on 01/04 morning

    response = _edit(planner, row, date="2030-04-01")

    _refused(response, "thanh tra viên Thanh tra Chi có hai cuộc kiểm tra vào buổi sáng ngày 01/04/2030")
    _nothing_saved(planned, row)


def test_a_conflict_of_interest_is_refused(planned, planner):
    row = planned["rows"][("B", "periodic")]
    p = planned["people"]

    response = _edit(planner, row, team=[p["Bình"].id, p["Dũng"].id])

    _refused(response, "thanh tra viên Thanh tra Dũng có xung đột lợi ích với B — Đơn vị B")
    _nothing_saved(planned, row)


def test_a_refusal_is_in_the_users_language(planned, planner):
    planner.get("/language/en")
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, date="2030-04-01")

    assert "inspector Thanh tra Chi has two inspections on 01/04/2030" not in response.get_data(as_text=True)
    assert "inspector Thanh tra Chi has two inspections on 2030-04-01 morning" in response.get_data(as_text=True)
    _nothing_saved(planned, row)


def test_a_stale_form_is_refused(planned, planner):
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, version=row.version - 1, date="2030-04-09")

    assert "Someone else changed" in response.get_data(as_text=True) or "Người khác" in response.get_data(as_text=True)
    _nothing_saved(planned, row)


def test_a_date_in_the_past_is_refused(planned, planner):
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, date="2020-04-09")

    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    _nothing_saved(planned, row)


def test_pinning_puts_the_inspection_in_the_instance_pinned_list(planned, planner):
    row = planned["rows"][("C", "periodic")]

    _edit(planner, row, pinned="y")

    pinned = db.session.get(Inspection, row.id)
    assert pinned.pinned
    assert _revisions(planned)[-1].instance["pinned"] == [inspection_entry(pinned)]

    _edit(planner, pinned)  # unticked: unpinned
    assert not db.session.get(Inspection, row.id).pinned
    assert _revisions(planned)[-1].instance["pinned"] == []


def test_cancelling_an_inspection_the_coverage_can_spare(planned, planner):
    row = planned["rows"][("E", "periodic")]  # 4 of 5 units covered; 3 needed

    response = _edit(planner, row, cancel_inspection="1", submit=None)

    assert response.status_code == 302
    assert db.session.get(Inspection, row.id).status == InspectionStatus.CANCELLED
    assert all(e["unit"] != "E" for e in _plan_of(planned)) and len(_revisions(planned)) == 2


def test_cancelling_below_the_coverage_target_is_refused_with_the_numbers(planned, planner):
    _edit(planner, planned["rows"][("E", "periodic")], cancel_inspection="1", submit=None)
    row = planned["rows"][("C", "periodic")]

    response = _edit(planner, row, cancel_inspection="1", submit=None)

    _refused(response, "Cần kiểm tra hơn 0.5 số đơn vị (3 đơn vị) nhưng kế hoạch chỉ có 2")
    assert db.session.get(Inspection, row.id).status == InspectionStatus.PLANNED
    assert len(_revisions(planned)) == 2


def test_cancelling_the_surprise_inspection_is_refused(planned, planner):
    row = planned["rows"][("A", "surprise")]

    _refused(_edit(planner, row, cancel_inspection="1", submit=None), "phải đúng 1")


def test_adding_an_inspection_by_hand(planned, planner):
    p = planned["people"]
    data = {"unit": planned["units"]["D"].id, "kind": "periodic", "date": "2030-04-10", "slot": "AM",
            "lead": p["Bình"].id, "team": [p["Chi"].id], "submit": "1"}

    response = planner.post(f"/schedule/programmes/{planned['programme'].id}/add", data=data)

    assert response.status_code == 302
    added = db.session.scalars(db.select(Inspection).where(Inspection.unit_id == planned["units"]["D"].id)).one()
    assert {i.id for i in added.inspectors} == {p["Bình"].id, p["Chi"].id}
    assert _revisions(planned)[-1].source == RevisionSource.EDIT


def test_adding_an_inspection_of_the_inspectors_own_unit_is_refused(planned, planner):
    p = planned["people"]
    data = {"unit": planned["units"]["D"].id, "kind": "periodic", "date": "2030-04-10", "slot": "AM",
            "lead": p["An"].id, "team": [p["Chi"].id], "submit": "1"}

    response = planner.post(f"/schedule/programmes/{planned['programme'].id}/add", data=data)

    _refused(response, "thanh tra viên Thanh tra An kiểm tra chính đơn vị mình D — Đơn vị D")
    assert len(_revisions(planned)) == 1


def test_a_started_inspection_cannot_be_edited(planned, planner):
    row = db.session.get(Inspection, planned["rows"][("B", "periodic")].id)
    row.status = InspectionStatus.IN_PROGRESS
    db.session.commit()

    response = _edit(planner, row, date="2030-04-09")

    assert "Only a planned inspection" in response.get_data(as_text=True) or "Chỉ" in response.get_data(as_text=True)
    assert len(_revisions(planned)) == 1


# ------------------------------------------------------------------ revisions

def test_restoring_an_older_revision(planned, planner):
    row = planned["rows"][("B", "periodic")]
    _edit(planner, row, date="2030-04-09")
    first = _revisions(planned)[0]

    response = planner.post(f"/schedule/revisions/{first.id}/restore")

    assert response.status_code == 302
    revisions = _revisions(planned)
    assert [r.source for r in revisions] == [RevisionSource.SOLVE, RevisionSource.EDIT, RevisionSource.RESTORE]
    assert revisions[2].plan["inspections"] == first.plan["inspections"]
    back = db.session.scalars(db.select(Inspection).where(Inspection.unit.has(code="B"))).one()
    assert back.date == date(2030, 4, 2)


def test_restoring_a_revision_that_no_longer_holds_is_refused(planned, planner):
    _edit(planner, planned["rows"][("B", "periodic")], date="2030-04-09")
    first = _revisions(planned)[0]
    db.session.add(InspectorLeave(inspector=planned["people"]["Chi"], start_date=date(2030, 4, 2),
                                  end_date=date(2030, 4, 2)))
    db.session.commit()

    response = planner.post(f"/schedule/revisions/{first.id}/restore")

    assert response.status_code == 200
    assert "thanh tra viên Thanh tra Chi vắng mặt ngày 02/04/2030" in response.get_data(as_text=True)
    assert len(_revisions(planned)) == 2


def test_compare_lists_what_moved(planned, planner):
    p = planned["people"]
    _edit(planner, planned["rows"][("B", "periodic")], date="2030-04-09")
    _edit(planner, planned["rows"][("C", "periodic")], team=[p["Bình"].id, p["Chi"].id], lead=p["Bình"].id)
    _edit(planner, planned["rows"][("E", "periodic")], cancel_inspection="1", submit=None)

    html = planner.get(f"/schedule/programmes/{planned['programme'].id}/compare?a=1&b=4").get_data(as_text=True)

    rows = html.split('<tr class="change-')[1:]
    assert [r.split('"')[0] for r in rows] == ["moved", "team", "removed"]
    assert "02/04/2030" in rows[0] and "09/04/2030" in rows[0] and "Đơn vị B" in rows[0]
    assert "Thanh tra Dũng" in rows[1] and "Thanh tra Chi" in rows[1]
    assert "Đơn vị E" in rows[2]


def test_the_revision_list_shows_who_did_what(planned, planner):
    _edit(planner, planned["rows"][("B", "periodic")], date="2030-04-09")

    html = planner.get(f"/schedule/programmes/{planned['programme'].id}/revisions").get_data(as_text=True)

    table = html.split("<tbody>")[1]
    assert table.count(planned["planner"].full_name) == 2
    assert "Hand edit" in html or "Chỉnh sửa thủ công" in html
    assert "<td>Tối ưu</td>" in table and "<td>Khả thi</td>" in table  # the solver's word, then a hand edit's


def test_the_edit_form_starts_from_the_inspection_as_it_is(planned, planner):
    row = planned["rows"][("B", "periodic")]
    p = planned["people"]

    html = planner.get(f"/schedule/inspections/{row.id}/edit").get_data(as_text=True)

    checked = set(re.findall(r'<input checked[^>]*name="team"[^>]*value="(\d+)"', html))
    assert checked == {str(p["Bình"].id), str(p["Chi"].id)}
    assert 'value="2030-04-02"' in html
    assert re.search(rf'<option selected value="{p["Bình"].id}">', html)


def _leave(person, day: date) -> None:
    db.session.add(InspectorLeave(inspector=person, start_date=day, end_date=day))
    db.session.commit()


def test_an_edit_is_checked_against_leave_taken_since_the_plan_was_made(planned, planner):
    _leave(planned["people"]["Chi"], date(2030, 4, 9))
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, date="2030-04-09")

    _refused(response, "thanh tra viên Thanh tra Chi vắng mặt ngày 09/04/2030")
    _nothing_saved(planned, row)


def test_an_edit_is_not_blamed_for_a_problem_it_did_not_cause(planned, planner):
    _leave(planned["people"]["Dũng"], date(2030, 4, 3))  # Dũng is in C's team that day
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, date="2030-04-09")

    assert response.status_code == 302 and len(_revisions(planned)) == 2


@pytest.mark.parametrize("changes", [
    {"date": "not a date"}, {"lead": "abc"}, {"team": ["x"]}, {"team": ["999999"]}, {"slot": "NIGHT"},
    {"lead": ""}, {"team": []},
])
def test_bad_input_is_explained_beside_the_field(planned, planner, changes):
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, **changes)

    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    _nothing_saved(planned, row)


@pytest.mark.parametrize("query", ["?programme=abc", "?month=2030-13", "?kind=weekly", "?unit=999999",
                                   "?month=9999-01&programme=1"])
def test_bad_filters_never_fail(planned, planner, query):
    assert planner.get(f"/schedule/inspections{query}").status_code == 200


def test_every_revision_explains_its_own_plan(planned, planner):
    _edit(planner, planned["rows"][("E", "periodic")], cancel_inspection="1", submit=None)

    revision = db.session.get(Programme, planned["programme"].id).current_revision
    summary = revision.plan["explanation_codes"]
    assert [c["code"] for c in summary] == ["plan_summary"] and summary[0]["params"]["inspections"] == 4
    assert revision.plan["reason_codes"]["E"]["code"].startswith("not_chosen")
    exported = planner.get(f"/planning/programmes/{planned['programme'].id}/plan.json").json
    assert exported["explanation_codes"] == summary and "4 inspections" in exported["explanation"][0]


def test_a_replan_date_is_not_a_new_today_for_edits_and_restores(planned, planner):
    """After a re-plan from 01/06/2030 (a date still ahead), April is not in the past."""
    programme = db.session.get(Programme, planned["programme"].id)
    current = programme.current_revision
    replanned = {**current.instance, "today": "2030-06-01", "pinned": current.plan["inspections"][:4]}
    record_revision(programme, replanned, current.plan, RevisionSource.REPLAN, planned["planner"])
    db.session.commit()

    moved = _edit(planner, planned["rows"][("B", "periodic")], date="2030-04-09")
    first = _revisions(planned)[0]
    restored = planner.post(f"/schedule/revisions/{first.id}/restore")

    assert moved.status_code == 302 and restored.status_code == 302
    assert [r.source for r in _revisions(planned)][-2:] == [RevisionSource.EDIT, RevisionSource.RESTORE]
    assert _revisions(planned)[-1].instance["today"] == max(clock.today(), programme.window_start).isoformat()


def test_two_planners_saving_at_once_the_second_is_told_not_a_500(planned, planner, as_user, make_user,
                                                                   monkeypatch):
    """Both read the next revision number before either saved: the second save is refused."""
    from inspection.planning import operations

    other = as_user(make_user(planned["planner"].role))
    assert _edit(other, planned["rows"][("B", "periodic")], date="2030-04-09").status_code == 302
    monkeypatch.setattr(operations, "next_revision_number", lambda programme: 2)  # read before that save
    row = planned["rows"][("C", "periodic")]

    response = _edit(planner, row, date="2030-04-10")

    assert response.status_code == 409
    assert "Người khác đã thay đổi nội dung này sau khi bạn mở trang" in response.get_data(as_text=True)
    assert [r.number for r in _revisions(planned)] == [1, 2]
    assert db.session.get(Inspection, row.id).date == date(2030, 4, 3)


def test_a_move_onto_a_holiday_is_refused_naming_the_holiday(planned, planner):
    db.session.add(Holiday(date=date(2030, 4, 30), name="Ngày Chiến thắng"))
    db.session.commit()
    row = planned["rows"][("B", "periodic")]

    response = _edit(planner, row, date="2030-04-30")

    _refused(response, "ngày 30/04/2030: không phải ngày làm việc (ngày nghỉ lễ: Ngày Chiến thắng)")
    _nothing_saved(planned, row)
