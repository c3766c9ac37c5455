"""A province-size organisation written straight into the database with bulk inserts.

Units, inspectors, a year's published plan (its revision with instance, plan and reasons), the
submitted and approved checklists with their answers, findings and corrective actions, twelve
months of service indicators and the units' initiatives: everything the main pages read, in
seconds rather than the minutes the app's own operations would take. Used by the page benchmark
(``python -m benchmarks.pages``) and by the tests that check a page's number of queries does
not grow with the organisation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from inspection import clock
from inspection.checklists.default_template import create_default_template
from inspection.extensions import db
from inspection.planning.instance import build_instance, inspection_entry
from inspection.planning.operations import explained
from inspection.text import fold
from models import (
    ActionStatus,
    Answer,
    AnswerType,
    ChecklistResponse,
    Choice,
    CorrectiveAction,
    Finding,
    Initiative,
    InitiativeCategory,
    InitiativeStatus,
    Inspection,
    InspectionKind,
    InspectionMember,
    InspectionStatus,
    Inspector,
    PlanRevision,
    Programme,
    ProgrammeStatus,
    RevisionSource,
    Role,
    ServiceIndicator,
    Slot,
    TemplateItem,
    Unit,
    UnitKind,
    User,
)

AREAS = ("Quận 1", "Quận 3", "Quận 12", "Bình Chánh", "Hóc Môn", "Củ Chi", "Cần Giờ", "Nhà Bè", "Thủ Đức",
         "Gò Vấp")
KINDS = tuple(UnitKind)
#: Share of the active units with an inspection in the plan (the target is "more than half").
PLANNED_SHARE = 0.56
#: Share of the active units whose checklist is in (submitted or approved).
DONE_SHARE = 0.5
SCORES = {Choice.COMPLIANT: Decimal(1), Choice.PARTLY: Decimal("0.5"), Choice.NOT_COMPLIANT: Decimal(0)}


@dataclass(frozen=True)
class Organisation:
    year: int
    units: int
    programme_id: int
    #: Role → the id of a user with that role.
    users: dict[Role, int]


def _bulk(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in a few statements; their ids, in order."""
    if not rows:
        return []
    result = db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return list(result)


def _bulk_rows(model, rows: list[dict]) -> None:
    """Insert ``rows`` whose ids nobody needs (faster: no ORM, no RETURNING)."""
    if rows:
        db.session.execute(insert(model.__table__), rows)


def _working_days(start: date, end: date) -> list[date]:
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [d for d in days if d.weekday() < 5]


def _people(password_hash: str) -> dict[Role, int]:
    roles = (Role.ADMIN, Role.PLANNER, Role.LEADER)
    rows = [{"username": f"{role.value}-bulk", "full_name": f"{role.value} (bulk)", "role": role,
             "password_hash": password_hash} for role in roles]
    return dict(zip(roles, _bulk(User, rows), strict=True))


def _units(count: int, rng: random.Random) -> list[int]:
    rows = [{"code": f"P{n:05d}", "name": f"Đơn vị số {n}", "kind": KINDS[n % len(KINDS)],
             "area": AREAS[n % len(AREAS)], "head_name": f"Trưởng đơn vị {n}", "address": f"{n} đường số {n % 90}",
             "active": rng.random() > 0.02} for n in range(1, count + 1)]
    ids = _bulk(Unit, rows)
    return [unit_id for unit_id, row in zip(ids, rows, strict=True) if row["active"]]


def _inspectors(count: int, unit_ids: list[int], rng: random.Random) -> tuple[list[int], list[int]]:
    """(leads, others): the inspectors who may lead, and those who may not."""
    rows = [{"full_name": f"Thanh tra viên {n}", "home_unit_id": rng.choice(unit_ids), "can_lead": n % 3 == 0,
             "max_per_week": 5} for n in range(1, count + 1)]
    ids = _bulk(Inspector, rows)
    leads = [i for i, row in zip(ids, rows, strict=True) if row["can_lead"]]
    return leads, [i for i in ids if i not in set(leads)]


def _programme(year: int, template_id: int, planner_id: int) -> Programme:
    programme = Programme(year=year, name=f"Kế hoạch kiểm tra {year}", window_start=date(year, 3, 16),
                          window_end=date(year, 10, 31), template_id=template_id, status=ProgrammeStatus.PUBLISHED,
                          published_at=clock.utcnow(), created_by_id=planner_id, surprise_count=0)
    db.session.add(programme)
    db.session.flush()
    return programme


def _inspections(programme: Programme, unit_ids: list[int], leads: list[int], others: list[int],
                 rng: random.Random) -> list[tuple[int, int, InspectionStatus]]:
    """(inspection id, unit id, status) of the plan's inspections, the first ones done."""
    planned = rng.sample(unit_ids, round(len(unit_ids) * PLANNED_SHARE))
    done = round(len(unit_ids) * DONE_SHARE)
    days = _working_days(programme.window_start, programme.window_end)
    published = clock.utcnow()
    rows, teams = [], []
    for n, unit_id in enumerate(planned):
        if n < done:
            status = InspectionStatus.APPROVED if n % 2 else InspectionStatus.SUBMITTED
        else:
            status = InspectionStatus.CANCELLED if n % 20 == 0 else InspectionStatus.PLANNED
        lead = rng.choice(leads)
        teams.append((lead, rng.choice(others)))
        rows.append({"programme_id": programme.id, "unit_id": unit_id, "date": rng.choice(days),
                     "slot": Slot.AM if n % 2 else Slot.PM, "kind": InspectionKind.PERIODIC, "status": status,
                     "lead_id": lead, "published_at": published, "published_sequence": 0})
    ids = _bulk(Inspection, rows)
    members = [{"inspection_id": i, "inspector_id": person}
               for i, team in zip(ids, teams, strict=True) for person in team]
    _bulk_rows(InspectionMember, members)
    return [(i, row["unit_id"], row["status"]) for i, row in zip(ids, rows, strict=True)]


def _answer(item: TemplateItem, rng: random.Random) -> dict:
    if item.answer_type == AnswerType.CHOICE:
        choice = rng.choices(list(SCORES), weights=(8, 1, 1))[0]
        return {"item_id": item.id, "choice": choice, "number": None, "score": SCORES[choice]}
    number = Decimal(rng.randint(60, 100))
    target = item.target or Decimal(100)
    score = min(Decimal(1), (number / target).quantize(Decimal("0.0001")))
    return {"item_id": item.id, "choice": None, "number": number, "score": score}


def _checklists(year: int, template_id: int, done: list[tuple[int, int, InspectionStatus]],
                rng: random.Random) -> None:
    """A submitted checklist per done inspection; an approved one's findings become corrective actions."""
    items = list(db.session.scalars(select(TemplateItem).where(TemplateItem.section.has(template_id=template_id))))
    submitted = clock.utcnow()
    answers_of, rows = [], []
    for inspection_id, _unit, _status in done:
        answers = [_answer(item, rng) for item in items]
        total = sum(a["score"] for a in answers) / len(answers)
        answers_of.append(answers)
        rows.append({"inspection_id": inspection_id, "template_id": template_id, "scores": {"A": float(total),
                     "B": float(total)}, "total_score": total.quantize(Decimal("0.0001")), "submitted_at": submitted})
    response_ids = _bulk(ChecklistResponse, rows)
    answer_rows = [{**a, "response_id": response_id}
                   for response_id, answers in zip(response_ids, answers_of, strict=True) for a in answers]
    _bulk_rows(Answer, answer_rows)
    findings, actions = [], []
    by_response = dict(zip(response_ids, done, strict=True))
    for row in answer_rows:
        inspection_id, unit_id, status = by_response[row["response_id"]]
        if status != InspectionStatus.APPROVED or row["score"] >= 1:
            continue
        findings.append({"inspection_id": inspection_id, "response_id": row["response_id"], "item_id": row["item_id"],
                         "unit_id": unit_id, "score": row["score"]})
    finding_ids = _bulk(Finding, findings)
    for n, (finding_id, finding) in enumerate(zip(finding_ids, findings, strict=True)):
        status = (ActionStatus.OPEN, ActionStatus.ANSWERED, ActionStatus.VERIFIED)[n % 3]
        actions.append({"finding_id": finding_id, "unit_id": finding["unit_id"], "status": status,
                        "due_date": date(year, 4, 1) + timedelta(days=n % 200)})
    _bulk_rows(CorrectiveAction, actions)


def _indicators(year: int, unit_ids: list[int], rng: random.Random) -> None:
    """Twelve months of figures per unit."""
    rows = []
    for unit_id in unit_ids:
        for month in range(1, 13):
            received = rng.randint(20, 200)
            late = rng.randint(0, received // 10)
            responses = rng.randint(20, 100)
            complaints = rng.randint(0, 3)
            rows.append({
                "unit_id": unit_id, "year": year, "month": month, "dossiers_received": received,
                "dossiers_on_time": received - late, "dossiers_late": late, "apology_letters": late,
                "online_dossiers": received // 2, "online_handled": received // 3, "postal_procedures": 4,
                "postal_procedures_used": rng.randint(1, 4), "postal_received": received // 10,
                "postal_returned": received // 12, "surveys_held": 1, "survey_responses": responses,
                "survey_satisfied": responses - rng.randint(0, 3), "surveys_published": True,
                "complaints_received": complaints, "complaints_on_time": complaints,
                "complaints_published": complaints > 0,
            })
    _bulk_rows(ServiceIndicator, rows)


def _initiatives(year: int, unit_ids: list[int], rng: random.Random) -> None:
    statuses = tuple(InitiativeStatus)
    categories = tuple(InitiativeCategory)
    rows = []
    for n, unit_id in enumerate(unit_ids):
        if rng.random() > 0.7:
            continue
        title = f"Sáng kiến cải cách thủ tục số {n}"
        description = "Rút ngắn thời gian giải quyết hồ sơ cho người dân."
        rows.append({"unit_id": unit_id, "year": year, "title": title, "description": description,
                     "category": categories[n % len(categories)], "status": statuses[n % len(statuses)],
                     "search_text": fold(f"{title} {description}")})
    _bulk_rows(Initiative, rows)


def _revision(programme: Programme, planner_id: int) -> None:
    """The plan as its current revision: the instance of today's organisation, the plan's
    inspections (cancelled ones left out) with their summary and reasons."""
    instance = build_instance(programme)
    rows = db.session.scalars(select(Inspection).where(Inspection.programme_id == programme.id,
                                                       Inspection.status != InspectionStatus.CANCELLED))
    entries = [inspection_entry(row) for row in rows]
    plan = explained(instance, {"format": "inspection-plan/1", "status": "FEASIBLE", "inspections": entries})
    revision = PlanRevision(programme=programme, number=1, source=RevisionSource.IMPORT, instance=instance, plan=plan,
                            status="FEASIBLE", created_by_id=planner_id)
    db.session.add(revision)
    db.session.flush()
    programme.current_revision = revision


def build(units: int, year: int | None = None, password_hash: str = "!", seed: int = 1) -> Organisation:
    """Write an organisation of ``units`` units (one inspector for fifteen, at least eight) and
    its year's published plan, half of it inspected; commit."""
    rng = random.Random(seed)
    year = year or clock.today().year
    users = _people(password_hash)
    template = create_default_template()
    unit_ids = _units(units, rng)
    leads, others = _inspectors(max(8, units // 15), unit_ids, rng)
    db.session.flush()
    programme = _programme(year, template.id, users[Role.PLANNER])
    inspections = _inspections(programme, unit_ids, leads, others, rng)
    done = [row for row in inspections if row[2] in (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)]
    _checklists(year, template.id, done, rng)
    _indicators(year, unit_ids, rng)
    _initiatives(year, unit_ids, rng)
    db.session.expire_all()
    _revision(programme, users[Role.PLANNER])
    db.session.commit()
    return Organisation(year, units, programme.id, users)
