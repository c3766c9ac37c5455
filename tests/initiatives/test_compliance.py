"""Which active units have an initiative recognised as effective this year, and how long is left."""

from __future__ import annotations

from datetime import date

from inspection.initiatives.queries import compliance, deadline, units_without_recognised_initiative
from models import InitiativeStatus, Role

S = InitiativeStatus


def _small_world(make_unit, make_initiative) -> dict:
    units = {name: make_unit(code=name) for name in ("A", "B", "C", "D", "E")}
    units["GONE"] = make_unit(code="GONE", active=False)
    make_initiative(S.RECOGNISED, unit=units["A"], year=2026)
    make_initiative(S.RECOGNISED, unit=units["A"], year=2026)  # counted once
    make_initiative(S.RETURNED, unit=units["B"], year=2026)
    make_initiative(S.REJECTED, unit=units["C"], year=2026)
    make_initiative(S.UNDER_REVIEW, unit=units["C"], year=2026)
    make_initiative(S.RECOGNISED, unit=units["D"], year=2025)  # another year
    make_initiative(S.RECOGNISED, unit=units["E"], year=2026)
    make_initiative(S.RECOGNISED, unit=units["GONE"], year=2026)  # inactive: never counted
    return {name: unit.id for name, unit in units.items()}


def test_compliance_counts_active_units_with_a_recognised_initiative_of_the_year(app, make_unit, make_initiative):
    ids = _small_world(make_unit, make_initiative)
    result = compliance(2026, today=date(2026, 10, 1))
    assert (result.recognised_units, result.active_units) == (2, 5)
    assert [u.code for u in result.missing] == ["B", "C", "D"]
    assert result.deadline == date(2026, 10, 31)
    assert result.days_left == 30
    assert result.percent == 40
    assert units_without_recognised_initiative(2026) == {ids["B"], ids["C"], ids["D"]}


def test_only_the_year_asked_counts(app, make_unit, make_initiative):
    ids = _small_world(make_unit, make_initiative)
    result = compliance(2025, today=date(2026, 1, 1))
    assert (result.recognised_units, result.active_units) == (1, 5)
    assert units_without_recognised_initiative(2025) == {ids[n] for n in "ABCE"}


def test_days_left_turn_negative_after_the_deadline(app, make_unit):
    make_unit()
    assert compliance(2026, today=date(2026, 11, 2)).days_left == -2


def test_no_units_no_division_by_zero(app):
    result = compliance(2026, today=date(2026, 1, 1))
    assert (result.recognised_units, result.active_units, result.percent, result.missing) == (0, 0, 0, [])


def test_the_registry_shows_the_compliance_panel(leader_client, make_unit, make_initiative):
    _small_world(make_unit, make_initiative)
    html = leader_client.get("/initiatives/?year=2026").get_data(as_text=True)
    assert 'id="compliance-count">2/' in html and "/6" not in html.split('id="compliance-count">')[1][:10]
    missing = html.split('id="missing-units"')[1].split("</ul>")[0]
    assert all(f"{code} —" in missing for code in "BCD")
    assert "A —" not in missing and "GONE" not in missing


def test_an_admin_moves_the_deadline(admin_client):
    response = admin_client.post("/initiatives/settings", data={"day": "15", "month": "11"}, follow_redirects=True)
    assert response.status_code == 200
    assert deadline(2026) == date(2026, 11, 15)
    assert compliance(2026, today=date(2026, 11, 1)).days_left == 14
    page = admin_client.get("/initiatives/?year=2026").get_data(as_text=True)
    assert "15/11/2026" in page


def test_a_day_that_does_not_exist_is_refused_beside_the_field(admin_client):
    response = admin_client.post("/initiatives/settings", data={"day": "30", "month": "2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "invalid-feedback" in html and "Ngày này không có trong mọi năm" in html
    assert deadline(2026) == date(2026, 10, 31)


def test_the_deadline_form_is_for_admins_only(client_as):
    assert client_as(Role.LEADER).post("/initiatives/settings", data={"day": "1", "month": "1"}).status_code == 403
    assert deadline(2026) == date(2026, 10, 31)
