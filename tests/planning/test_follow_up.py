"""A unit that leaves a corrective action unanswered more than 60 days after its due date is
proposed as mandatory for a follow-up visit in the next plan; the planner may untick it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from inspection.extensions import db
from inspection.planning.instance import build_instance
from models import ActionStatus, InspectionStatus, Programme, Role
from tests.planning.conftest import add_corrective_actions


@pytest.fixture
def overdue(org, make_programme, make_inspection, time_machine):
    """Today 10/03/2020. CCTL: an action due 01/12/2019, still open (100 days late); TTKN: one due
    01/02/2020 (39 days late); VP: one due long ago but answered."""
    time_machine.move_to(datetime(2020, 3, 10, 2, 0, tzinfo=UTC), tick=False)
    last_year = make_programme(year=2019, window_start=date(2019, 3, 18), window_end=date(2019, 10, 31))
    a, b = org["inspectors"][2], org["inspectors"][3]
    for code, due, status in (("CCTL", date(2019, 12, 1), ActionStatus.OPEN),
                              ("TTKN", date(2020, 2, 1), ActionStatus.OPEN),
                              ("VP", date(2019, 9, 1), ActionStatus.ANSWERED)):
        unit = org["units"][code]
        visit = make_inspection(programme=last_year, unit=unit, team=[a, b], date=date(2019, 6, 3),
                                status=InspectionStatus.APPROVED)
        add_corrective_actions(unit, visit, [(due, status)])
    db.session.commit()
    return org


def _mandatory(programme) -> dict[str, bool]:
    return {u["id"]: u["mandatory"] for u in build_instance(db.session.get(Programme, programme.id))["units"]}


def test_a_long_overdue_action_makes_its_unit_mandatory_with_the_reason(overdue, client_as):
    programme = overdue["programme"]
    planner_client = client_as(Role.PLANNER)

    instance = build_instance(programme)
    units = {u["id"]: u for u in instance["units"]}
    assert units["CCTL"]["mandatory"] and units["CCTL"]["follow_up"] == "2019-12-01"
    assert not units["TTKN"]["mandatory"] and not units["VP"]["mandatory"]
    page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "Đơn vị được đề xuất kiểm tra lại" in page and "quá hạn 100 ngày" in page

    planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"})
    page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    reasons = page.split('id="reasons"')[1]
    row = re.search(r'<span class="fw-semibold">CCTL</span>.*?</tr>', reasons, re.S).group(0)
    assert "Kiểm tra lại: hành động khắc phục hạn 01/12/2019 vẫn chưa được thực hiện sau hơn 60 ngày." in row


def test_the_planner_unticks_a_proposed_follow_up(overdue, client_as):
    programme = overdue["programme"]
    planner_client = client_as(Role.PLANNER)
    cctl = overdue["units"]["CCTL"]
    form = planner_client.get(f"/planning/programmes/{programme.id}/edit").get_data(as_text=True)
    assert re.search(rf'id="follow_up_units-{cctl.id}"\s+checked', form)
    assert "CCTL — Đơn vị CCTL — hành động khắc phục hạn 01/12/2019, quá hạn 100 ngày" in form

    response = planner_client.post(f"/planning/programmes/{programme.id}/edit", data={
        "year": "2020", "name": programme.name, "window_start": "2020-03-16", "window_end": "2020-06-30",
        "coverage_percent": "50", "surprise_count": "1", "team_min": "2", "team_max": "3", "min_gap_days": "30",
        "max_inspections": "", "template_id": "", "balance_weight": "10", "stability_weight": "20", "seed": "7",
        "mandatory_units": [str(overdue["units"]["CCKL"].id)], "version": str(programme.version)})

    assert response.status_code == 302
    assert _mandatory(programme) == {"VP": False, "TTRA": False, "CCKL": True, "CCTL": False, "TTKN": False,
                                     "HKL-CC": False}
    page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "không áp dụng cho kế hoạch này" in page
    form = planner_client.get(f"/planning/programmes/{programme.id}/edit").get_data(as_text=True)
    assert not re.search(rf'id="follow_up_units-{cctl.id}"\s+checked', form)
