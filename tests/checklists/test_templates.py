"""Admins edit templates by making a new version; checklists already started keep theirs."""

from __future__ import annotations

from sqlalchemy import select

from inspection import clock
from inspection.extensions import db
from models import ChecklistResponse, ChecklistTemplate, TemplateStatus
from models.base import utcnow


def _versions() -> list[ChecklistTemplate]:
    db.session.rollback()
    return db.session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.number)).all()


def test_a_new_version_is_edited_published_and_started_checklists_keep_theirs(
    admin_client, inspector_client, started, default_template, make_inspection, make_inspector
):
    assert admin_client.post(f"/checklists/templates/{default_template.id}/new-version").status_code == 302
    v1, v2 = _versions()
    assert (v2.number, v2.status, len(v2.items)) == (2, TemplateStatus.DRAFT, 20)
    b1 = next(i for i in v2.items if i.code == "B1")
    edited = admin_client.post(f"/checklists/templates/{v2.id}/items/{b1.id}", data={
        "code": "B1", "text_vi": "Đeo thẻ đúng quy định", "text_en": "Wears the badge as required",
        "answer_type": "choice", "weight": "2", "evidence_required": "y"})
    assert edited.status_code == 302
    assert admin_client.post(f"/checklists/templates/{v2.id}/publish").status_code == 302
    v1, v2 = _versions()
    assert (v1.status, v2.status) == (TemplateStatus.RETIRED, TemplateStatus.PUBLISHED)

    page = inspector_client.get(f"/checklists/inspections/{started.inspection_id}").get_data(as_text=True)
    assert "Đeo thẻ công chức, viên chức trong khi thi hành công vụ" in page
    assert db.session.get(ChecklistResponse, started.id).template_id == v1.id

    later = make_inspection(team=[inspector_client.user.inspector, make_inspector()], published_at=utcnow(),
                            date=clock.today())
    inspector_client.post(f"/checklists/inspections/{later.id}/start")
    response = db.session.scalar(select(ChecklistResponse).where(ChecklistResponse.inspection_id == later.id))
    assert response.template_id == v2.id
    page = inspector_client.get(f"/checklists/inspections/{later.id}").get_data(as_text=True)
    assert "Đeo thẻ đúng quy định" in page


def test_one_draft_at_a_time_and_published_versions_are_not_edited(admin_client, default_template):
    admin_client.post(f"/checklists/templates/{default_template.id}/new-version")
    admin_client.post(f"/checklists/templates/{default_template.id}/new-version")
    assert len(_versions()) == 2
    item = default_template.items[0]
    admin_client.post(f"/checklists/templates/{default_template.id}/items/{item.id}", data={
        "code": "A1", "text_vi": "Sửa", "text_en": "Changed", "answer_type": "choice", "weight": "1"})
    assert db.session.get(type(item), item.id).text_vi.startswith("Đơn vị ban hành")


def test_a_percentage_needs_a_target_said_beside_the_field(admin_client, default_template):
    admin_client.post(f"/checklists/templates/{default_template.id}/new-version")
    draft = _versions()[-1]
    section = draft.sections[0]
    page = admin_client.post(f"/checklists/templates/{draft.id}/sections/{section.id}/items/new", data={
        "code": "A11", "text_vi": "Tỷ lệ", "text_en": "Share", "answer_type": "percent", "weight": "1"})
    assert page.status_code == 200
    assert "cần có mục tiêu" in page.get_data(as_text=True)
    added = admin_client.post(f"/checklists/templates/{draft.id}/sections/{section.id}/items/new", data={
        "code": "A11", "text_vi": "Tỷ lệ", "text_en": "Share", "answer_type": "percent", "target": "90",
        "weight": "1"})
    assert added.status_code == 302
    assert [i.code for i in _versions()[-1].sections[0].items][-1] == "A11"
