"""Inspectors: their login, home unit and limits, and declared conflicts (leave: test_availability)."""

from __future__ import annotations

from sqlalchemy import select

from inspection.extensions import db
from models import Inspector, Role
from tests.orgs.conftest import error_beside


def test_admin_creates_an_inspector_with_a_login(admin_client, make_user, make_unit):
    user = make_user(Role.INSPECTOR)
    home = make_unit(code="TTRA")
    response = admin_client.post("/admin/inspectors/new", data={
        "full_name": "Võ Minh Khang", "user_id": str(user.id), "home_unit_id": str(home.id), "can_lead": "y",
        "max_per_week": "2", "active": "y"})
    assert response.status_code == 302
    inspector = db.session.scalar(select(Inspector).where(Inspector.full_name == "Võ Minh Khang"))
    assert (inspector.user_id, inspector.home_unit_id, inspector.can_lead, inspector.max_per_week) == (
        user.id, home.id, True, 2)
    assert "Võ Minh Khang" in admin_client.get("/admin/inspectors").get_data(as_text=True)


def test_only_an_inspector_login_can_be_linked(admin_client, make_user, make_inspector):
    inspector = make_inspector()
    planner = make_user(Role.PLANNER)
    response = admin_client.post(f"/admin/inspectors/{inspector.id}/edit", data={
        "full_name": inspector.full_name, "user_id": str(planner.id), "max_per_week": "3",
        "version": str(inspector.version)})
    # A planner is not offered, and a forged choice is refused beside the field.
    assert error_beside(response.get_data(as_text=True), "user_id")
    assert db.session.get(Inspector, inspector.id).user_id is None


def test_conflicts_are_declared_once_per_unit(admin_client, make_inspector, make_unit):
    inspector = make_inspector()
    unit = make_unit(code="CCTS")
    data = {"unit_id": str(unit.id), "reason": "Vợ công tác tại đơn vị"}
    assert admin_client.post(f"/admin/inspectors/{inspector.id}/conflicts", data=data).status_code == 302
    again = admin_client.post(f"/admin/inspectors/{inspector.id}/conflicts", data=data).get_data(as_text=True)
    assert error_beside(again, "unit_id") == "Đã khai báo xung đột lợi ích với đơn vị này."
    conflicts = db.session.get(Inspector, inspector.id).conflicts
    assert [(c.unit_id, c.reason) for c in conflicts] == [(unit.id, "Vợ công tác tại đơn vị")]


def test_an_inspector_of_a_planned_inspection_is_not_deleted(admin_client, make_inspection):
    inspection = make_inspection()
    lead_id = inspection.lead.id
    page = admin_client.post(f"/admin/inspectors/{lead_id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "không thể xóa" in page
    assert db.session.get(Inspector, lead_id) is not None
