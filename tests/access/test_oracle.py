"""The 403/404 oracle probe: whoever may not see an inspection, or anything hanging off it, gets
for it exactly what they get for an id that does not exist, periodic or surprise alike. Ids are
made in date order, so a different answer for a surprise visit would tell its date."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from inspection import uploads
from inspection.extensions import db
from models import (
    ActionStatus,
    Answer,
    AnswerType,
    ChecklistResponse,
    ChecklistTemplate,
    Choice,
    CorrectiveAction,
    FilePurpose,
    Finding,
    InspectionKind,
    InspectionStatus,
    Photo,
    ProgrammeStatus,
    Role,
    TemplateItem,
    TemplateSection,
    TemplateStatus,
)
from models.base import utcnow
from tests.access.test_matrix import _login, _outcome

MISSING = 987654
#: What a person who may not have something gets (a 409 or a 400 goes to one who may).
REFUSALS = {"login", "403", "404"}

#: The URL arguments that name an inspection or something of it.
OBJECT_ARGUMENTS = {"inspection_id", "response_id", "photo_id", "action_id"}
#: Every route that names an inspection or something of it, with what a POST sends.
OBJECT_ROUTES = [
    ("GET", "/schedule/inspections/{inspection}", {}),
    ("GET", "/schedule/inspections/{inspection}/edit", {}),
    ("POST", "/schedule/inspections/{inspection}/edit", {}),
    ("GET", "/checklists/inspections/{inspection}", {}),
    ("POST", "/checklists/inspections/{inspection}/start", {}),
    ("GET", "/checklists/records/{response}", {}),
    ("GET", "/checklists/records/{response}/print", {}),
    ("GET", "/checklists/records/{response}/record.pdf", {}),
    ("POST", "/checklists/records/{response}/conclusions", {"version": "1", "conclusions": "Đạt"}),
    ("POST", "/checklists/records/{response}/return", {"comment": "Bổ sung"}),
    ("POST", "/checklists/records/{response}/approve", {}),
    ("POST", "/checklists/responses/{response}/draft", {"version": "1"}),
    ("POST", "/checklists/responses/{response}/submit", {"version": "1", "client_id": "oracle-0001"}),
    ("POST", "/checklists/responses/{response}/items/{item}/photos", {}),
    ("GET", "/checklists/photos/{photo}", {}),
    ("GET", "/checklists/actions/{action}", {}),
    ("GET", "/checklists/actions/{action}/evidence", {}),
    ("POST", "/checklists/actions/{action}/answer", {"version": "1", "answer": "Đã làm"}),
    ("POST", "/checklists/actions/{action}/verify", {"version": "1"}),
    ("POST", "/checklists/actions/{action}/reopen", {"version": "1", "comment": "Chưa đủ"}),
]


def _visit(make_inspection, programme, unit, team, template, item, kind: InspectionKind, day: date) -> dict:
    """An approved visit with its record, a photo, a finding and its corrective action."""
    inspection = make_inspection(programme=programme, unit=unit, team=team, kind=kind, date=day,
                                 status=InspectionStatus.APPROVED, published_at=utcnow())
    record = ChecklistResponse(inspection=inspection, template=template, submitted_at=utcnow())
    answer = Answer(response=record, item=item, choice=Choice.NOT_COMPLIANT, score=Decimal(0))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    jpeg = uploads.Upload(buffer.getvalue(), "image/jpeg", f"{kind}.jpg")
    photo = Photo(answer=answer, sha256=jpeg.sha256, file=uploads.store(jpeg, FilePurpose.PHOTO, None))
    db.session.add_all([record, answer, photo])
    db.session.flush()
    finding = Finding(inspection=inspection, response_id=record.id, item=item, unit=unit, score=Decimal(0))
    evidence = uploads.store(uploads.Upload(f"%PDF-1.4 {kind}".encode(), "application/pdf", "e.pdf"),
                             FilePurpose.EVIDENCE, None)
    action = CorrectiveAction(finding=finding, unit=unit, due_date=day, status=ActionStatus.ANSWERED,
                              evidence=evidence)
    db.session.add_all([finding, action])
    db.session.commit()
    return {"inspection": inspection.id, "response": record.id, "photo": photo.id, "action": action.id,
            "item": item.id}


@pytest.fixture
def probe(app, make_unit, make_user, make_inspector, make_programme, make_inspection):
    """A periodic visit (past) and a surprise one (not yet on its day) of the same unit by the same
    team, and a person of every kind: entitled or not."""
    unit, other_unit = make_unit(code="OWN"), make_unit(code="OTHER")
    people = {
        "planner": make_user(Role.PLANNER), "leader": make_user(Role.LEADER), "admin": make_user(Role.ADMIN),
        "team inspector": make_user(Role.INSPECTOR), "other inspector": make_user(Role.INSPECTOR),
        "inspected unit": make_user(Role.UNIT, unit=unit), "other unit": make_user(Role.UNIT, unit=other_unit),
    }
    team = [make_inspector(user=people["team inspector"]), make_inspector(can_lead=False)]
    make_inspector(user=people["other inspector"])
    template = ChecklistTemplate(key="default", number=1, name_vi="Mẫu", name_en="Template",
                                 status=TemplateStatus.PUBLISHED)
    section = TemplateSection(template=template, code="A", title_vi="Mục A", title_en="Section A")
    item = TemplateItem(section=section, code="A1", text_vi="Nội dung", text_en="Item",
                        answer_type=AnswerType.CHOICE, weight=Decimal(1))
    db.session.add_all([template, section, item])
    programme = make_programme(status=ProgrammeStatus.PUBLISHED, template=template, published_at=utcnow())
    visits = {kind: _visit(make_inspection, programme, unit, team, template, item, kind, day)
              for kind, day in ((InspectionKind.PERIODIC, date(2020, 4, 6)),
                                (InspectionKind.SURPRISE, date(2099, 6, 1)))}
    missing = dict.fromkeys(visits[InspectionKind.PERIODIC], MISSING)
    missing["item"] = item.id
    return people, visits, missing


def _answer(app, user, method: str, path: str, data: dict) -> str:
    client = app.test_client()
    if user is not None:
        _login(client, user)
    return _outcome(client.open(path, method=method, data=data))


def test_a_refusal_looks_the_same_for_a_periodic_a_surprise_and_a_missing_record(app, probe):
    people, visits, missing = probe
    leaks = []
    for name, user in {"anonymous": None, **people}.items():
        for method, template, data in OBJECT_ROUTES:
            answers = {kind: _answer(app, user, method, template.format(**ids), data)
                       for kind, ids in (*visits.items(), ("missing", missing))}
            refusals = {kind: got for kind, got in answers.items() if got in REFUSALS}
            if len(set(refusals.values())) > 1 or any(got != answers["missing"] for got in refusals.values()):
                leaks.append(f"{name} {method} {template}: {answers}")
    assert not leaks, "\n".join(leaks)


def test_every_route_naming_an_inspection_is_probed(app):
    adapter = app.url_map.bind("localhost")
    ids = {"inspection": 1, "response": 1, "photo": 1, "action": 1, "item": 1}
    probed = {(adapter.match(path.format(**ids), method=method)[0], method) for method, path, _data in OBJECT_ROUTES}
    wanted = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.arguments & OBJECT_ARGUMENTS
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert wanted - probed == set()
