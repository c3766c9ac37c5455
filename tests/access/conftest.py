"""One of everything, for the access matrix: two units, a user per role, a published programme
with a periodic and a not-yet-revealed surprise inspection of the unit user's own unit, and the
records that hang off them. ``world`` maps placeholder names to ids for the matrix's URLs."""

from __future__ import annotations

from datetime import date

import pytest

from inspection import uploads
from inspection.extensions import db
from inspection.initiatives import attachments
from models import (
    ChecklistTemplate,
    FilePurpose,
    Holiday,
    Initiative,
    InitiativeAttachment,
    InitiativeCategory,
    InspectionKind,
    InspectorConflict,
    InspectorLeave,
    Notice,
    ProgrammeStatus,
    Role,
    Slot,
    TemplateStatus,
    Topic,
    UnitBlackout,
)
from models.base import utcnow
from tests.access.checklists_world import add_checklist_world
from tests.access.schedule_world import add_schedule_world


@pytest.fixture
def world_factory(app, make_unit, make_user, make_inspector, make_programme, make_inspection):
    """Builds the world on the current (empty) database; the matrix rebuilds it after a POST
    that changed it."""

    def build() -> dict:
        own_unit = make_unit(code="OWN", name="Đơn vị của đầu mối")
        other_unit = make_unit(code="OTHER", name="Đơn vị khác")
        users = {role: make_user(role) for role in Role if role != Role.UNIT}
        users[Role.UNIT] = make_user(Role.UNIT, unit=own_unit)
        assigned = make_inspector(user=users[Role.INSPECTOR], full_name=users[Role.INSPECTOR].full_name)
        colleague = make_inspector()
        template = ChecklistTemplate(key="default", number=1, name_vi="Mẫu", name_en="Template",
                                     status=TemplateStatus.PUBLISHED)
        db.session.add(template)
        programme = make_programme(status=ProgrammeStatus.PUBLISHED, template=template, published_at=utcnow())
        periodic = make_inspection(programme=programme, unit=own_unit, team=[assigned, colleague],
                                   kind=InspectionKind.PERIODIC, published_at=utcnow())
        surprise = make_inspection(programme=programme, unit=own_unit, team=[assigned, colleague],
                                   kind=InspectionKind.SURPRISE, date=date(2099, 6, 1), slot=Slot.PM,
                                   published_at=utcnow())
        own_initiative = Initiative(unit=own_unit, year=2020, title="Sáng kiến", description="Mô tả",
                                    category=InitiativeCategory.STAFF_ATTITUDE, submitted_by=users[Role.UNIT])
        other_initiative = Initiative(unit=other_unit, year=2020, title="Sáng kiến khác", description="Mô tả",
                                      category=InitiativeCategory.OTHER)
        holiday = Holiday(date=date(2020, 9, 2), name="Quốc khánh")
        leave = InspectorLeave(inspector=colleague, start_date=date(2020, 5, 4), end_date=date(2020, 5, 8))
        blackout = UnitBlackout(unit=other_unit, start_date=date(2020, 6, 1), end_date=date(2020, 6, 2))
        conflict = InspectorConflict(inspector=colleague, unit=other_unit, reason="Người thân làm việc tại đơn vị")
        pdf = attachments.check("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", max_mb=1)
        own_attachment = InitiativeAttachment(initiative=own_initiative,
                                              file=uploads.store(pdf, FilePurpose.ATTACHMENT, users[Role.UNIT]))
        notice = Notice(event="digest:2020-W01", topic=Topic.DIGEST, user=users[Role.LEADER], email="l@so.gov.vn",
                        locale="vi", subject="Bản tin", text_body="Bản tin", html_body="<p>Bản tin</p>")
        db.session.add_all([own_initiative, other_initiative, own_attachment, holiday, leave, blackout, conflict,
                            notice])
        db.session.commit()
        checklists = add_checklist_world(make_inspection, programme, own_unit, [assigned, colleague], template)
        notices = {name: Notice(event=f"matrix:{name}", topic=topic, user=users[Role.LEADER], email="a@so.gov.vn",
                                locale="vi", subject="Thư", text_body="Thư", html_body="<p>Thư</p>")
                   for name, topic in (("notice", Topic.INITIATIVE_SUBMITTED), ("plan_notice", Topic.VISITS))}
        db.session.add_all(notices.values())
        db.session.commit()
        return {
            **checklists,
            "users": users,
            "unit": own_unit.id,
            "other_unit": other_unit.id,
            "inspector": assigned.id,
            "other_inspector": colleague.id,
            "user": users[Role.LEADER].id,
            "template": template.id,
            "programme": programme.id,
            "periodic": periodic.id,
            "surprise": surprise.id,
            "initiative": own_initiative.id,
            "other_initiative": other_initiative.id,
            "initiative_attachment": own_attachment.id,
            "holiday": holiday.id,
            "leave": leave.id,
            "blackout": blackout.id,
            "conflict": conflict.id,
            "notice": notice.id,
            "year": 2020,
            **{name: notice.id for name, notice in notices.items()},
            **add_schedule_world(users[Role.INSPECTOR], programme),
        }

    return build


@pytest.fixture
def world(world_factory) -> dict:
    return world_factory()
