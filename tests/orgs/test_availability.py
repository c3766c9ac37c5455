"""Leave and unit blackouts: admins and planners enter them (audited); saving one that collides
with planned inspections lists those inspections at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inspection.extensions import db
from models import AuditEntry, InspectionKind, InspectorLeave, Role, Slot, UnitBlackout
from tests.orgs.conftest import error_beside


@pytest.fixture
def plan_2030(make_programme, make_unit, make_inspector, make_inspection):
    """Three inspections of 2030 (ahead of today): two with An, one of them published."""
    programme = make_programme(year=2030, name="Kế hoạch 2030", window_start=date(2030, 3, 18),
                               window_end=date(2030, 10, 31))
    an, binh, chi = (make_inspector(full_name=name) for name in ("Thanh tra An", "Thanh tra Bình", "Thanh tra Chi"))
    units = {code: make_unit(code=code, name=f"Đơn vị {code}") for code in "ABC"}
    rows = {
        "A": make_inspection(programme=programme, unit=units["A"], team=[an, binh], date=date(2030, 7, 2),
                             published_at=datetime(2030, 3, 1, tzinfo=UTC)),
        "B": make_inspection(programme=programme, unit=units["B"], team=[binh, an], date=date(2030, 7, 20),
                             slot=Slot.PM),
        "C": make_inspection(programme=programme, unit=units["C"], team=[binh, chi], date=date(2030, 7, 10),
                             kind=InspectionKind.SURPRISE),
    }
    return {"programme": programme, "people": {"An": an, "Bình": binh, "Chi": chi}, "units": units, "rows": rows}


def _listed(html: str) -> set[int]:
    section = html.split('id="broken"')[1].split("</section>")[0]
    return {int(part.split('"')[0]) for part in section.split('data-inspection="')[1:]}


@pytest.mark.parametrize("role", [Role.PLANNER, Role.ADMIN])
def test_leave_is_entered_by_planners_and_admins_and_lists_the_inspections_it_breaks(role, client_as, plan_2030):
    """To planners: admins, who do not see the plan, are told only that the planners see them."""
    client = client_as(role)
    an = plan_2030["people"]["An"]

    response = client.post("/admin/availability/leaves", data={
        "leave-inspector_id": str(an.id), "leave-start_date": "2030-07-01", "leave-end_date": "2030-07-31",
        "leave-note": "Ốm, nghỉ một tháng"})

    assert response.status_code == 302
    leave = db.session.scalars(db.select(InspectorLeave)).one()
    assert (leave.inspector_id, leave.start_date, leave.end_date) == (an.id, date(2030, 7, 1), date(2030, 7, 31))
    audit = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity == "inspector_leaves")).one()
    assert audit.action == "create" and audit.username == client.user.username
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thanh tra An" in html and "01/07/2030 – 31/07/2030" in html
    plan_link = f'/planning/programmes/{plan_2030["programme"].id}#clashes'
    if role == Role.PLANNER:
        assert _listed(html) == {plan_2030["rows"]["A"].id, plan_2030["rows"]["B"].id}
        assert "Khoảng thời gian này trùng với 2 cuộc kiểm tra đã xếp" in html and plan_link in html
    else:
        assert _listed(html) == set() and plan_link not in html and "Kế hoạch 2030" not in html
        assert "Cán bộ lập kế hoạch xem các cuộc kiểm tra đã xếp bị ảnh hưởng" in html


def test_an_admin_cannot_find_a_surprise_visit_by_entering_blackouts(admin_client, plan_2030):
    """A blackout on the surprise visit's day and one on a free day answer the same."""
    unit = plan_2030["units"]["C"]
    pages = []
    for day in ("2030-07-10", "2030-07-11"):
        response = admin_client.post("/admin/availability/blackouts", data={
            "blackout-unit_id": str(unit.id), "blackout-start_date": day, "blackout-end_date": day})
        assert response.status_code == 302
        html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
        pages.append(html.split('id="broken"')[1].split("</section>")[0])
    assert pages[0] == pages[1]


def test_a_blackout_lists_only_that_units_inspections_and_is_removed_again(planner_client, plan_2030):
    unit = plan_2030["units"]["C"]

    response = planner_client.post("/admin/availability/blackouts", data={
        "blackout-unit_id": str(unit.id), "blackout-start_date": "2030-07-06", "blackout-end_date": "2030-07-12",
        "blackout-note": "Đơn vị chuyển trụ sở"})

    html = planner_client.get(response.headers["Location"]).get_data(as_text=True)
    assert _listed(html) == {plan_2030["rows"]["C"].id}
    blackout = db.session.scalars(db.select(UnitBlackout)).one()
    assert "Đơn vị chuyển trụ sở" in planner_client.get("/admin/availability").get_data(as_text=True)

    planner_client.post(f"/admin/availability/blackouts/{blackout.id}/delete")
    assert db.session.scalar(db.select(db.func.count()).select_from(UnitBlackout)) == 0
    deleted = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity == "unit_blackouts",
                                                             AuditEntry.action == "delete")).one()
    assert deleted.username == planner_client.user.username


def test_a_period_that_breaks_nothing_says_so(planner_client, plan_2030):
    response = planner_client.post("/admin/availability/leaves", data={
        "leave-inspector_id": str(plan_2030["people"]["Chi"].id), "leave-start_date": "2030-08-03",
        "leave-end_date": "2030-08-07"})

    html = planner_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không có cuộc kiểm tra đã xếp nào rơi vào khoảng thời gian này." in html


def test_bad_periods_are_refused_beside_the_field(planner_client, plan_2030):
    backwards = planner_client.post("/admin/availability/leaves", data={
        "leave-inspector_id": str(plan_2030["people"]["An"].id), "leave-start_date": "2030-06-15",
        "leave-end_date": "2030-06-01"})
    nobody = planner_client.post("/admin/availability/blackouts", data={
        "blackout-unit_id": "", "blackout-start_date": "2030-06-15", "blackout-end_date": "2030-06-16"})

    assert backwards.status_code == 200
    assert error_beside(backwards.get_data(as_text=True), "leave-end_date") == \
        "Ngày kết thúc không được trước ngày bắt đầu."
    assert nobody.status_code == 200 and error_beside(nobody.get_data(as_text=True), "blackout-unit_id")
    assert db.session.scalar(db.select(db.func.count()).select_from(InspectorLeave)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(UnitBlackout)) == 0


def test_the_inspector_page_shows_leave_and_links_to_where_it_is_entered(admin_client, plan_2030):
    an = plan_2030["people"]["An"]
    db.session.add(InspectorLeave(inspector=an, start_date=date(2030, 6, 15), end_date=date(2030, 6, 26)))
    db.session.commit()

    html = admin_client.get(f"/admin/inspectors/{an.id}/edit").get_data(as_text=True)

    assert "15/06/2030 – 26/06/2030" in html and f"/admin/availability?inspector={an.id}" in html
    form = admin_client.get(f"/admin/availability?inspector={an.id}").get_data(as_text=True)
    assert f'<option selected value="{an.id}">' in form
