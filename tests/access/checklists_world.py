"""The checklists part of the access matrix's world: a checklist being filled, and an
approved record with a photo, a finding and its corrective action."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from PIL import Image

from inspection import uploads
from inspection.extensions import db
from models import (
    ActionStatus,
    Answer,
    AnswerType,
    ChecklistResponse,
    Choice,
    CorrectiveAction,
    FilePurpose,
    Finding,
    InspectionStatus,
    Photo,
    TemplateItem,
    TemplateSection,
)
from models.base import utcnow


def add_checklist_world(make_inspection, programme, unit, team, template) -> dict:
    section = TemplateSection(template=template, code="A", title_vi="Mục A", title_en="Section A")
    item = TemplateItem(section=section, code="A1", text_vi="Nội dung", text_en="Item",
                        answer_type=AnswerType.CHOICE, weight=Decimal(1), evidence_required=True)
    filling = make_inspection(programme=programme, unit=unit, team=team, status=InspectionStatus.IN_PROGRESS,
                              date=date(2020, 5, 4), published_at=utcnow())
    approved = make_inspection(programme=programme, unit=unit, team=team, status=InspectionStatus.APPROVED,
                               date=date(2020, 4, 20), published_at=utcnow())
    response = ChecklistResponse(inspection=filling, template=template)
    record = ChecklistResponse(inspection=approved, template=template, submitted_at=utcnow())
    answer = Answer(response=record, item=item, choice=Choice.NOT_COMPLIANT, score=Decimal(0), note="Không đeo thẻ")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    jpeg = uploads.Upload(buffer.getvalue(), "image/jpeg", "anh.jpg")
    photo = Photo(answer=answer, sha256=jpeg.sha256, file=uploads.store(jpeg, FilePurpose.PHOTO, None))
    evidence = uploads.store(uploads.Upload(b"%PDF-1.4 matrix", "application/pdf", "matrix.pdf"),
                             FilePurpose.EVIDENCE, None)
    db.session.add_all([section, item, response, record, answer, photo])
    db.session.flush()
    finding = Finding(inspection=approved, response_id=record.id, item=item, unit=unit, score=Decimal(0))
    action = CorrectiveAction(finding=finding, unit=unit, due_date=date(2020, 5, 20), status=ActionStatus.OPEN,
                              evidence=evidence)
    db.session.add_all([finding, action])
    db.session.commit()
    return {
        "filling": filling.id,
        "response": response.id,
        "item": item.id,
        "section": section.id,
        "record": record.id,
        "photo": photo.id,
        "action": action.id,
    }
