"""The audit log viewer: newest first, filtered by record, user, action and dates."""

from __future__ import annotations

from datetime import timedelta

from inspection import clock
from inspection.audit import acting_as
from inspection.extensions import db


def _entries(page: str) -> int:
    return page.count('class="card mb-2 audit-entry"')


def test_viewer_filters_and_shows_newest_first(admin_client, make_unit):
    with acting_as(None, "batch"):
        make_unit(code="OLD")
    unit = make_unit(code="NEW")
    unit.name = "Tên mới"
    db.session.commit()

    page = admin_client.get("/admin/audit").get_data(as_text=True)
    entries = page[page.index("audit-entry"):]
    assert entries.index("<strong>Sửa đổi</strong> · Đơn vị #") < entries.index("<strong>Thêm mới</strong>")
    assert _entries(admin_client.get("/admin/audit?username=batch").get_data(as_text=True)) == 1
    assert _entries(admin_client.get("/admin/audit?entity=units&action=create").get_data(as_text=True)) == 2
    assert _entries(admin_client.get(f"/admin/audit?entity=units&entity_id={unit.id}").get_data(as_text=True)) == 2
    tomorrow = (clock.today() + timedelta(days=2)).isoformat()
    assert _entries(admin_client.get(f"/admin/audit?date_from={tomorrow}").get_data(as_text=True)) == 0
    assert _entries(admin_client.get(f"/admin/audit?date_to={tomorrow}&entity=units").get_data(as_text=True)) == 3


def test_a_bad_date_is_shown_beside_its_filter(admin_client):
    response = admin_client.get("/admin/audit?date_from=31-02-2020")
    assert response.status_code == 200
    assert 'class="form-control is-invalid" id="date_from"' in response.get_data(as_text=True)
