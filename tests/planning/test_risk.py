"""Risk weights on a hand-worked example (default coefficients: base 10, late 30, dissatisfied 20,
complaints 20, no initiative 15, months since 20 over 24 months, overdue 15 over 5 actions)."""

from __future__ import annotations

from datetime import date

import pytest

from inspection.extensions import db
from inspection.planning import risk
from inspection.planning.instance import build_instance
from models import (
    ActionStatus,
    AuditEntry,
    Initiative,
    InitiativeCategory,
    InitiativeStatus,
    InspectionStatus,
    ProgrammeUnit,
    ServiceIndicator,
    Setting,
)
from tests.planning.conftest import add_corrective_actions

TODAY = date(2021, 3, 10)


def _indicator(unit, year, month, **figures):
    db.session.add(ServiceIndicator(unit=unit, year=year, month=month, **figures))


@pytest.fixture
def risky(app, make_unit, make_programme, make_inspection):
    """Unit A has every kind of risk; unit B has none but was never inspected."""
    a, b = make_unit(code="A"), make_unit(code="B")
    programme = make_programme(year=2021, window_start=date(2021, 3, 16), window_end=date(2021, 10, 29))
    _indicator(a, 2020, 5, dossiers_received=100, dossiers_on_time=90, dossiers_late=10, survey_responses=50,
               survey_satisfied=45, complaints_received=4, complaints_on_time=3)
    _indicator(a, 2021, 2, dossiers_received=100, dossiers_on_time=70, dossiers_late=30, survey_responses=50,
               survey_satisfied=35)
    # Outside the 12 complete months before today: ignored.
    _indicator(a, 2020, 2, dossiers_received=1000, dossiers_late=1000)
    _indicator(a, 2021, 3, dossiers_received=10, dossiers_late=10)
    done = make_inspection(programme=programme, unit=a, date=date(2020, 9, 10), status=InspectionStatus.APPROVED)
    make_inspection(programme=programme, unit=a, date=date(2021, 1, 5), status=InspectionStatus.PLANNED)
    add_corrective_actions(a, done, [(date(2021, 1, 1), ActionStatus.OPEN), (date(2021, 2, 1), ActionStatus.REOPENED),
                               (date(2021, 1, 1), ActionStatus.VERIFIED), (date(2021, 4, 1), ActionStatus.OPEN)])
    db.session.add_all([
        Initiative(unit=b, year=2021, title="Một cửa", description="Mô tả", category=InitiativeCategory.OTHER,
                   status=InitiativeStatus.RECOGNISED),
        Initiative(unit=a, year=2021, title="Chưa duyệt", description="Mô tả", category=InitiativeCategory.OTHER),
    ])
    db.session.commit()
    return programme, a, b


def test_weight_components_on_a_hand_worked_example(risky):
    programme, a, b = risky
    by_code = {r.unit.code: r for r in risk.unit_risks(programme, [a, b], TODAY)}

    ra = by_code["A"]
    assert ra.components == pytest.approx({"late": 0.2, "dissatisfied": 0.2, "complaints": 0.25,
                                           "no_initiative": 1.0, "months_since": 0.25, "overdue": 0.4})
    assert (ra.months_since, ra.overdue_count) == (6, 2)
    assert ra.computed == 10 + 6 + 4 + 5 + 15 + 5 + 6 == 51
    rb = by_code["B"]
    assert rb.months_since is None and rb.computed == 10 + 20 == 30


def test_a_past_programme_is_weighed_on_the_figures_of_its_own_time(risky):
    """Opened years later, the 2021 plan still sees the late dossiers of 2020–2021."""
    programme, a, _b = risky
    years_later = {r.unit.code: r for r in risk.unit_risks(programme, [a], date(2026, 11, 27))}
    assert years_later["A"].components["late"] > 0
    assert risk.as_of(programme, date(2026, 11, 27)) == programme.window_end


def test_admins_change_the_coefficients(risky, admin_client, planner_client):
    programme, a, _b = risky
    values = dict(risk.DEFAULT_COEFFICIENTS, base=0, late=100, dissatisfied=0, complaints=0, no_initiative=0,
                  months_since=0, overdue=0)
    assert planner_client.get("/planning/settings/risk").status_code == 403
    assert admin_client.post("/planning/settings/risk", data=values).status_code == 302

    assert db.session.get(Setting, risk.SETTING_KEY).value["late"] == 100
    assert risk.unit_risks(programme, [a], TODAY)[0].computed == 20

    bad = admin_client.post("/planning/settings/risk", data=dict(values, months_cap=0))
    assert bad.status_code == 200 and "is-invalid" in bad.get_data(as_text=True)
    assert db.session.get(Setting, risk.SETTING_KEY).value["months_cap"] == 24


def test_the_weights_page_shows_where_each_weight_comes_from(risky, leader_client):
    programme, _a, _b = risky
    html = leader_client.get(f"/planning/programmes/{programme.id}/weights").get_data(as_text=True)
    assert "Hồ sơ trễ hạn" in html and "chưa kiểm tra" in html  # B was never inspected


def test_a_hand_set_weight_needs_a_reason_and_is_audited(risky, planner_client):
    programme, a, _b = risky
    url = f"/planning/programmes/{programme.id}/weights/{a.id}"

    refused = planner_client.post(url, data={"weight": "90", "reason": "  "})
    assert refused.status_code == 200 and "Vui lòng nêu lý do điều chỉnh trọng số." in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(ProgrammeUnit).where(ProgrammeUnit.unit_id == a.id)) is None

    assert planner_client.post(url, data={"weight": "90", "reason": "Nhiều phản ánh trên báo chí"}).status_code == 302
    setting = db.session.scalars(db.select(ProgrammeUnit).where(ProgrammeUnit.unit_id == a.id)).one()
    assert (setting.weight_override, setting.override_reason) == (90, "Nhiều phản ánh trên báo chí")
    event = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "weight_override")).one()
    assert event.note == "Nhiều phản ánh trên báo chí" and event.after["weight"] == 90
    assert event.username == planner_client.user.username
    units = {u["id"]: u for u in build_instance(db.session.get(type(programme), programme.id))["units"]}
    assert units["A"]["weight"] == 90

    assert planner_client.post(url + "/clear").status_code == 302
    db.session.refresh(setting)
    assert setting.weight_override is None
    assert db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "weight_override_cleared")).one()
