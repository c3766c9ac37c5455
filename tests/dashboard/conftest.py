"""A small organisation whose every dashboard figure is worked out by hand in the tests.

Today is 15/06/2024. Units A–E are active, F is not. Programme 2024, window 15/03–31/10,
coverage strictly above 50%. Published inspections: A 10/04 approved, B 20/05 submitted,
C 01/06 planned (overdue), D 10/09 planned, E 01/07 cancelled, F 15/04 approved (inactive unit),
A 20/06 surprise in progress; plus E 01/08 planned but never published (not counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from inspection.extensions import db
from models import (
    ActionStatus,
    Answer,
    AnswerType,
    ChecklistResponse,
    ChecklistTemplate,
    Choice,
    CorrectiveAction,
    Finding,
    Initiative,
    InitiativeCategory,
    InitiativeStatus,
    Inspection,
    InspectionKind,
    InspectionStatus,
    ServiceIndicator,
    Slot,
    TemplateItem,
    TemplateSection,
    TemplateStatus,
)
from models.base import utcnow
from models.indicators import COUNT_FIELDS

TODAY = date(2024, 6, 15)


def at_noon(day: date) -> datetime:
    """Midday of ``day`` in Ho Chi Minh City, for ``time_machine.move_to``."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@dataclass
class World:
    units: dict
    programme: object
    inspections: dict
    template: ChecklistTemplate


def _template() -> ChecklistTemplate:
    template = ChecklistTemplate(key="t", number=1, name_vi="Mẫu", name_en="Template", status=TemplateStatus.PUBLISHED)
    a = TemplateSection(code="A", position=1, title_vi="Trách nhiệm người đứng đầu", title_en="Leadership")
    b = TemplateSection(code="B", position=2, title_vi="Thái độ ứng xử", title_en="Conduct")
    a.items = [
        TemplateItem(code="A1", position=1, text_vi="Kế hoạch CCHC", text_en="Reform plan",
                     answer_type=AnswerType.CHOICE),
        TemplateItem(code="A2", position=2, text_vi="Tỷ lệ đúng hạn", text_en="On-time share",
                     answer_type=AnswerType.PERCENT, target=Decimal(100)),
    ]
    b.items = [TemplateItem(code="B1", position=1, text_vi="Đeo thẻ", text_en="Badge", answer_type=AnswerType.CHOICE)]
    template.sections = [a, b]
    db.session.add(template)
    return template


def _response(inspection, template, answers: dict, sections: dict, total: str) -> ChecklistResponse:
    items = {i.code: i for i in template.items}
    response = ChecklistResponse(inspection=inspection, template=template, scores=sections,
                                 total_score=Decimal(total), submitted_at=utcnow())
    for code, (choice, number, score) in answers.items():
        response.answers.append(Answer(item=items[code], choice=choice, number=number,
                                       score=None if score is None else Decimal(score)))
    db.session.add(response)
    return response


def _action(response, code: str, due: date, status: ActionStatus) -> None:
    db.session.flush()
    answer = next(a for a in response.answers if a.item.code == code)
    finding = Finding(inspection=response.inspection, response_id=response.id, item=answer.item,
                      unit=response.inspection.unit, score=answer.score)
    db.session.add(CorrectiveAction(finding=finding, unit=response.inspection.unit, due_date=due, status=status))


def month(unit, year: int, number: int, **figures) -> ServiceIndicator:
    values = dict.fromkeys(COUNT_FIELDS, 0) | figures
    record = ServiceIndicator(unit=unit, year=year, month=number, **values)
    db.session.add(record)
    return record


@pytest.fixture
def board(app, make_unit, make_programme) -> World:
    units = {code: make_unit(code=code, name=f"Đơn vị {code}") for code in "ABCDE"}
    units["F"] = make_unit(code="F", name="Đơn vị F", active=False)
    template = _template()
    programme = make_programme(year=2024, name="Kế hoạch 2024", window_start=date(2024, 3, 15),
                               window_end=date(2024, 10, 31), template=template)
    published = utcnow()

    def visit(code, day, status, kind=InspectionKind.PERIODIC, published_at=published):
        inspection = Inspection(programme=programme, unit=units[code], date=day, slot=Slot.AM, status=status,
                                kind=kind, published_at=published_at)
        db.session.add(inspection)
        return inspection

    inspections = {
        "A": visit("A", date(2024, 4, 10), InspectionStatus.APPROVED),
        "B": visit("B", date(2024, 5, 20), InspectionStatus.SUBMITTED),
        "C": visit("C", date(2024, 6, 1), InspectionStatus.PLANNED),
        "D": visit("D", date(2024, 9, 10), InspectionStatus.PLANNED),
        "E": visit("E", date(2024, 7, 1), InspectionStatus.CANCELLED),
        "F": visit("F", date(2024, 4, 15), InspectionStatus.APPROVED),
        "A-surprise": visit("A", date(2024, 6, 20), InspectionStatus.IN_PROGRESS, InspectionKind.SURPRISE),
        "E-draft": visit("E", date(2024, 8, 1), InspectionStatus.PLANNED, published_at=None),
    }
    response_a = _response(inspections["A"], template,
                           {"A1": (Choice.COMPLIANT, None, "1"), "A2": (None, Decimal(80), "0.8"),
                            "B1": (Choice.NOT_COMPLIANT, None, "0")},
                           {"A": "0.9", "B": "0"}, "0.6")
    response_b = _response(inspections["B"], template,
                           {"A1": (Choice.NOT_COMPLIANT, None, "0"), "A2": (None, Decimal(100), "1"),
                            "B1": (Choice.PARTLY, None, "0.5")},
                           {"A": "0.5", "B": "0.5"}, "0.5")
    _action(response_a, "A2", date(2024, 6, 1), ActionStatus.OPEN)  # overdue
    _action(response_a, "B1", date(2024, 7, 1), ActionStatus.OPEN)  # open, not yet due
    _action(response_b, "A1", date(2024, 5, 1), ActionStatus.VERIFIED)
    _action(response_b, "B1", date(2024, 6, 10), ActionStatus.ANSWERED)  # open; answered, so not overdue

    def initiative(code, year, status):
        db.session.add(Initiative(unit=units[code], year=year, title=f"Sáng kiến {code}", description="…",
                                  category=InitiativeCategory.OTHER, status=status))

    initiative("A", 2024, InitiativeStatus.RECOGNISED)
    initiative("A", 2024, InitiativeStatus.RECOGNISED)  # a second one does not count twice
    initiative("B", 2024, InitiativeStatus.UNDER_REVIEW)
    initiative("F", 2024, InitiativeStatus.RECOGNISED)  # inactive unit
    initiative("C", 2023, InitiativeStatus.RECOGNISED)  # last year

    month(units["A"], 2024, 1, dossiers_received=100, dossiers_on_time=100, online_dossiers=10, online_handled=8,
          postal_procedures=4, postal_procedures_used=2, postal_received=10, postal_returned=10, surveys_held=1,
          survey_responses=50, survey_satisfied=50, surveys_published=True, complaints_received=2,
          complaints_on_time=2, complaints_published=True)
    month(units["A"], 2024, 2, dossiers_received=100, dossiers_on_time=95, dossiers_late=5, apology_letters=5,
          online_dossiers=10, online_handled=6)
    month(units["A"], 2023, 5, surveys_held=1, survey_responses=100, survey_satisfied=99)
    month(units["B"], 2024, 1, surveys_held=1, survey_responses=100, survey_satisfied=99)
    month(units["B"], 2023, 1, surveys_held=1, survey_responses=100, survey_satisfied=99)
    month(units["C"], 2024, 1, surveys_held=1, survey_responses=100, survey_satisfied=97)
    month(units["D"], 2024, 1, surveys_held=1, survey_responses=100, survey_satisfied=80)
    db.session.commit()
    return World(units, programme, inspections, template)
