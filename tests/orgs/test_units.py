"""Units: create, edit, the hierarchy, the list's filters and paging, deleting and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from inspection.extensions import db
from models import AuditEntry, Role, Unit, UnitKind
from tests.orgs.conftest import error_beside

UNIT = {"code": "CCTS", "name": "Chi cục Thủy sản", "kind": "chi_cuc", "area": "Quận 3", "head_name": "Lê Văn A",
        "address": "", "parent_id": "", "active": "y"}


def _form(unit: Unit, **changes) -> dict:
    data = {"code": unit.code, "name": unit.name, "kind": unit.kind.value, "area": unit.area,
            "head_name": unit.head_name, "address": unit.address, "parent_id": str(unit.parent_id or ""),
            "active": "y" if unit.active else "", "version": str(unit.version)}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_admin_creates_a_unit(admin_client):
    response = admin_client.post("/admin/units/new", data=UNIT)
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "CCTS"))
    assert (unit.name, unit.kind, unit.area) == ("Chi cục Thủy sản", UnitKind.SUB_DEPARTMENT, "Quận 3")
    assert unit.active
    assert "Đã thêm đơn vị CCTS" in admin_client.get("/admin/units").get_data(as_text=True)


def test_duplicate_code_is_refused_beside_the_field(admin_client, make_unit):
    make_unit(code="CCTS")
    response = admin_client.post("/admin/units/new", data=dict(UNIT, code="ccts"))
    assert response.status_code == 200
    assert error_beside(response.get_data(as_text=True), "code") == "Mã này đã được dùng cho đơn vị khác."
    assert db.session.scalar(select(db.func.count()).select_from(Unit)) == 1


def test_a_unit_cannot_be_placed_under_its_own_sub_unit(admin_client, make_unit):
    top = make_unit(code="CCKL")
    middle = make_unit(code="HKL", parent=top)
    bottom = make_unit(code="TRAM", parent=middle)
    response = admin_client.post(f"/admin/units/{top.id}/edit", data=_form(top, parent_id=str(bottom.id)))
    assert "Không thể đặt đơn vị trực thuộc chính nó" in error_beside(response.get_data(as_text=True), "parent_id")
    db.session.refresh(top)
    assert top.parent_id is None


def test_editing_a_unit_is_audited_and_shown_in_the_viewer(admin_client, make_unit):
    unit = make_unit(code="TTKN", name="Trung tâm Khuyến nông", area="Quận 3")
    response = admin_client.post(f"/admin/units/{unit.id}/edit", data=_form(unit, area="Quận 12", active=""))
    assert response.status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "units", AuditEntry.action == "update"))
    assert entry.entity_id == str(unit.id)
    assert entry.username == admin_client.user.username
    assert entry.before == {"area": "Quận 3", "active": True}
    assert entry.after == {"area": "Quận 12", "active": False}

    page = admin_client.get(f"/admin/audit?entity=units&entity_id={unit.id}&action=update").get_data(as_text=True)
    assert page.count('class="card mb-2 audit-entry"') == 1
    cells = '<td class="text-break">{}</td>' * 3
    assert cells.format("Địa bàn", "Quận 3", "Quận 12") in page
    assert cells.format("Đang hoạt động", "Có", "Không") in page


def test_a_stale_edit_is_refused(admin_client, make_unit):
    unit = make_unit(code="VP", name="Văn phòng Sở")
    stale = _form(unit, name="Tên cũ")
    admin_client.post(f"/admin/units/{unit.id}/edit", data=_form(unit, name="Văn phòng"))
    response = admin_client.post(f"/admin/units/{unit.id}/edit", data=stale, follow_redirects=True)
    assert "Người khác đã thay đổi nội dung này sau khi bạn mở trang" in response.get_data(as_text=True)
    db.session.refresh(unit)
    assert unit.name == "Văn phòng"


def test_list_filters_and_pages(admin_client, make_unit):
    for n in range(30):
        make_unit(code=f"T{n:02d}", name=f"Trạm số {n}", kind=UnitKind.STATION, area="Củ Chi")
    make_unit(code="CCKL", name="Chi cục Kiểm lâm", kind=UnitKind.SUB_DEPARTMENT, area="Quận 3", active=False)

    first = admin_client.get("/admin/units").get_data(as_text=True)
    assert "CCKL" in first and "T23" in first and "T24" not in first
    second = admin_client.get("/admin/units?page=2").get_data(as_text=True)
    assert "T24" in second and "T29" in second and "T23" not in second

    inactive = admin_client.get("/admin/units?active=0").get_data(as_text=True)
    assert "CCKL" in inactive and "T01" not in inactive
    assert "T07" not in admin_client.get("/admin/units?kind=chi_cuc").get_data(as_text=True)
    assert "CCKL" not in admin_client.get("/admin/units?area=Củ+Chi").get_data(as_text=True)
    found = admin_client.get("/admin/units?q=kiểm+lâm").get_data(as_text=True)
    assert "CCKL" in found and "T03" not in found


def test_bad_filter_values_do_not_break_the_list(admin_client, make_unit):
    make_unit(code="VP")
    response = admin_client.get("/admin/units?kind=bogus&page=abc&active=7")
    assert response.status_code == 200
    assert "VP" in response.get_data(as_text=True)


def test_a_unit_in_use_is_not_deleted(admin_client, make_unit, make_user):
    unit = make_unit(code="CCTS")
    make_user(Role.UNIT, unit=unit)
    page = admin_client.post(f"/admin/units/{unit.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "đang được dữ liệu khác sử dụng" in page
    assert db.session.get(Unit, unit.id) is not None


def test_an_unused_unit_is_deleted(admin_client, make_unit):
    unit_id = make_unit(code="TMP").id
    admin_client.post(f"/admin/units/{unit_id}/delete")
    assert db.session.get(Unit, unit_id) is None


def test_other_roles_cannot_manage_units(planner_client, make_unit):
    unit = make_unit()
    assert planner_client.post(f"/admin/units/{unit.id}/edit", data=_form(unit, name="X")).status_code == 403
