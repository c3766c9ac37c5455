"""A small demo-like organisation for the planning tests: a few units in two areas, five
inspectors (three can lead, one on leave, one with a conflict) and the 2020 holidays."""

from __future__ import annotations

from datetime import date

import pytest

from inspection.extensions import db
from models import (
    ActionStatus,
    AnswerType,
    ChecklistResponse,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Holiday,
    InspectorConflict,
    InspectorLeave,
    ProgrammeUnit,
    TemplateItem,
    TemplateSection,
)

UNITS = [("VP", "Quận 1"), ("TTRA", "Quận 1"), ("CCKL", "Quận 3"), ("CCTL", "Quận 3"), ("TTKN", "Quận 3"),
         ("HKL-CC", "Củ Chi")]


@pytest.fixture
def org(app, make_unit, make_inspector, make_programme):
    units = {code: make_unit(code=code, name=f"Đơn vị {code}", area=area) for code, area in UNITS}
    inspectors = [
        make_inspector(full_name="Nguyễn Văn A", can_lead=True, home_unit=units["TTRA"]),
        make_inspector(full_name="Trần Thị B", can_lead=True, home_unit=units["VP"]),
        make_inspector(full_name="Lê Văn C", can_lead=True),
        make_inspector(full_name="Phạm Thị D", can_lead=False),
        make_inspector(full_name="Hoàng Văn E", can_lead=False),
    ]
    db.session.add_all([
        Holiday(date=date(2020, 4, 2), name="Giỗ Tổ Hùng Vương"),
        Holiday(date=date(2020, 4, 30), name="Ngày Giải phóng miền Nam"),
        Holiday(date=date(2020, 5, 1), name="Quốc tế Lao động"),
        Holiday(date=date(2021, 1, 1), name="Tết Dương lịch"),
        InspectorLeave(inspector=inspectors[2], start_date=date(2020, 4, 6), end_date=date(2020, 4, 8)),
        InspectorConflict(inspector=inspectors[3], unit=units["CCKL"], reason="Vợ công tác tại đơn vị"),
    ])
    programme = make_programme(surprise_count=1, min_gap_days=30, seed=7,
                               window_start=date(2020, 3, 16), window_end=date(2020, 6, 30))
    db.session.add(ProgrammeUnit(programme=programme, unit=units["CCKL"], mandatory=True))
    db.session.commit()
    return {"units": units, "inspectors": inspectors, "programme": programme}


def add_corrective_actions(unit, inspection, dues: list[tuple[date, ActionStatus]]) -> None:
    """Corrective actions of ``unit`` raised at ``inspection``, one per (due date, status)."""
    template = ChecklistTemplate(key=f"actions-{unit.code}", number=1, name_vi="Mẫu", name_en="Template")
    items = [TemplateItem(position=k, code=f"A{k}", text_vi="Nội dung", text_en="Item",
                          answer_type=AnswerType.CHOICE) for k in range(len(dues))]
    template.sections = [TemplateSection(position=1, code="A", title_vi="Phần A", title_en="Part A", items=items)]
    response = ChecklistResponse(inspection=inspection, template=template)
    db.session.add(response)
    db.session.flush()
    for item, (due, status) in zip(items, dues, strict=True):
        finding = Finding(inspection=inspection, response_id=response.id, item=item, unit=unit, description="Thiếu")
        db.session.add(CorrectiveAction(finding=finding, unit=unit, due_date=due, status=status))
