"""The audit log viewer: newest first, filtered by record, user, action and dates."""

from __future__ import annotations

from datetime import timedelta

from inspection import clock
from inspection.audit import SKIPPED_COLUMNS, acting_as, record_event
from inspection.extensions import db
from inspection.labels import AUDIT_FIELDS, AUDIT_RECORDS
from models import ActionStatus, CorrectiveAction, Inspection
from tests.access.conftest import world_factory  # noqa: F401  (the access matrix's world)


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


def _changes_table(page: str) -> str:
    return "".join(page.split('class="table table-sm mb-0 audit-changes"')[1:])


def test_the_log_speaks_in_words_not_in_columns_and_codes(leader_client, world_factory):  # noqa: F811
    world = world_factory()
    action = db.session.get(CorrectiveAction, world["action"])
    action.unit.head_name = "Bà Lê Thị Hoa"
    action.unit_answer = "Đã đeo thẻ"
    action.move_to(ActionStatus.ANSWERED)
    db.session.commit()

    page = leader_client.get("/admin/audit?action=update").get_data(as_text=True)
    changes = _changes_table(page)
    assert "<td class=\"text-break\">Người đứng đầu đơn vị</td>" in changes and "head_name" not in changes
    assert "Trả lời của đơn vị" in changes and "unit_answer" not in changes
    assert "<td class=\"text-break\">Chờ đơn vị khắc phục</td><td class=\"text-break\">Đã trả lời</td>" in changes
    assert ">open<" not in changes and ">answered<" not in changes

    # The evidence's uploaded name, never the stored one; the unit by its name.
    created = leader_client.get("/admin/audit?entity=corrective_actions&action=create").get_data(as_text=True)
    assert "matrix.pdf" in created and action.evidence.sha256 not in created
    assert action.unit.name in _changes_table(created)


def test_lifecycle_steps_are_named(leader_client, world_factory):  # noqa: F811
    world = world_factory()
    record_event(db.session, "approve", db.session.get(Inspection, world["periodic"]), actions=1)
    db.session.commit()
    page = leader_client.get("/admin/audit?action=approve").get_data(as_text=True)
    assert "<strong>Đã duyệt</strong> · Cuộc kiểm tra #" in page
    assert "Số biện pháp khắc phục đã giao" in _changes_table(page)


def test_every_audited_record_and_column_has_words(app):
    unnamed = [f"{mapper.local_table.name}.{attr.key}" for mapper in db.Model.registry.mappers
               if getattr(mapper.class_, "__audit__", True)
               for attr in mapper.column_attrs if attr.key not in SKIPPED_COLUMNS
               if attr.key not in AUDIT_FIELDS or mapper.local_table.name not in AUDIT_RECORDS]
    assert unnamed == []
