"""Leaders hear of records and initiatives waiting for them, units of their approved records and
of the decisions on their initiatives, planners of the end of their solves: one mail per event
to exactly the people concerned, in their language."""

from __future__ import annotations

import pytest

import planner
from inspection.extensions import db
from inspection.initiatives import operations as initiatives
from inspection.planning import tasks
from inspection.planning.operations import start_solve
from models import InitiativeCategory, InitiativeStatus, Role
from tests.checklists import conftest as checklists_world
from tests.checklists.conftest import answers_for
from tests.notifications.conftest import addresses, mails_to
from tests.planning import conftest as planning_world

default_template = checklists_world.default_template
team_inspection = checklists_world.team_inspection
started = checklists_world.started


@pytest.fixture
def readers(make_user):
    """Two leaders who read Vietnamese and English, one without an address, one no longer active,
    and people who must hear nothing (a planner, an admin)."""
    users = {
        "vi": make_user(Role.LEADER, email="lanhdao@so.gov.vn"),
        "en": make_user(Role.LEADER, email="leader@so.gov.vn", locale="en"),
        "none": make_user(Role.LEADER),
        "gone": make_user(Role.LEADER, email="cu@so.gov.vn", active=False),
        "planner": make_user(Role.PLANNER, email="planner@so.gov.vn"),
        "admin": make_user(Role.ADMIN, email="admin@so.gov.vn"),
    }
    return users


def _submit(inspector_client, started, template):
    answers = answers_for(template, B1={"choice": "N", "note": "Không đeo thẻ"}, A3={"number": "50"})
    body = {"client_id": "record-0000-0000-0042", "version": started.version, "answers": answers}
    assert inspector_client.post(f"/checklists/responses/{started.id}/submit", json=body).status_code == 200
    assert inspector_client.post(f"/checklists/responses/{started.id}/submit", json=body).status_code == 200


def test_a_submitted_record_is_told_to_each_leader_once(readers, inspector_client, started, default_template, smtp,
                                                         make_user, team_inspection):
    make_user(Role.UNIT, unit=team_inspection.unit, email="donvi@so.gov.vn")
    _submit(inspector_client, started, default_template)

    assert addresses(smtp) == ["lanhdao@so.gov.vn", "leader@so.gov.vn"]
    [vi] = mails_to(smtp, "lanhdao@so.gov.vn")
    [en] = mails_to(smtp, "leader@so.gov.vn")
    assert vi.subject.startswith("Biên bản chờ phê duyệt: Chi cục Kiểm lâm")
    assert en.subject.startswith("Record to approve: Chi cục Kiểm lâm")
    assert f"/checklists/records/{started.id}" in en.text


def test_an_approved_record_with_findings_is_told_to_its_unit_only(readers, inspector_client, leader_client, started,
                                                                   default_template, team_inspection, make_user,
                                                                   smtp):
    make_user(Role.UNIT, unit=team_inspection.unit, email="donvi@so.gov.vn")
    make_user(Role.UNIT, email="khac@so.gov.vn")
    _submit(inspector_client, started, default_template)
    smtp.received.clear()

    assert leader_client.post(f"/checklists/records/{started.id}/approve").status_code == 302

    [mail] = smtp.received
    assert mail.to == ["donvi@so.gov.vn"]
    assert mail.subject.startswith("Biên bản kiểm tra được phê duyệt, có 2 phát hiện")


@pytest.fixture
def unit_people(make_unit, make_user):
    unit = make_unit(name="Trung tâm Khuyến nông")
    return {"unit": unit, "focal": make_user(Role.UNIT, unit=unit, email="khuyennong@so.gov.vn", locale="en"),
            "other": make_user(Role.UNIT, email="khac@so.gov.vn")}


def _details():
    return initiatives.Details(year=2026, title="Một cửa thân thiện", description="Bàn hướng dẫn",
                               category=InitiativeCategory.STAFF_ATTITUDE)


def test_initiatives_submitted_returned_and_recognised(readers, unit_people, smtp):
    initiative = initiatives.submit(unit_people["unit"], unit_people["focal"], _details(), [])
    db.session.commit()
    assert addresses(smtp) == ["lanhdao@so.gov.vn", "leader@so.gov.vn"]
    [mail] = mails_to(smtp, "lanhdao@so.gov.vn")
    assert mail.subject == "Sáng kiến chờ xem xét: Một cửa thân thiện (Trung tâm Khuyến nông)"
    smtp.received.clear()

    leader = readers["vi"]
    initiatives.start_review(initiative, leader, initiative.version)
    initiatives.decide(initiative, leader, InitiativeStatus.RETURNED, "Bổ sung số liệu", "", initiative.version)
    db.session.commit()
    [returned] = smtp.received
    assert returned.to == ["khuyennong@so.gov.vn"]
    assert returned.subject == "Initiative returned for changes: Một cửa thân thiện"
    assert "Bổ sung số liệu" in returned.text
    smtp.received.clear()

    initiatives.update(initiative, unit_people["focal"], _details(), [], initiative.version)
    db.session.commit()
    assert addresses(smtp) == ["lanhdao@so.gov.vn", "leader@so.gov.vn"]  # resubmitted: told again
    smtp.received.clear()

    initiatives.start_review(initiative, leader, initiative.version)
    initiatives.decide(initiative, leader, InitiativeStatus.RECOGNISED, "", "", initiative.version)
    db.session.commit()
    [recognised] = smtp.received
    assert recognised.to == ["khuyennong@so.gov.vn"]
    assert recognised.subject == "Initiative recognised as effective: Một cửa thân thiện"


org = planning_world.org
#: The task itself (the test replaces ``tasks.run_solve``, what a request enqueues).
run_solve = tasks.run_solve

FOUND = {"format": "inspection-plan/1", "status": "FEASIBLE", "score": 0, "bound": 0, "inspections": [],
         "explanation": [], "explanation_codes": []}
NONE = {**FOUND, "status": "INFEASIBLE", "score": None}


@pytest.mark.parametrize(("outcome", "subject"), [
    (FOUND, "Kế hoạch đã sẵn sàng"),
    (NONE, "Không tìm được kế hoạch"),
    (RuntimeError("solver crashed"), "Lập kế hoạch bị lỗi"),
])
def test_the_planner_hears_how_their_solve_ended(org, make_user, monkeypatch, smtp, readers, outcome, subject):
    def solve(*_args, **_kwargs):
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(tasks, "run_solve", lambda _job_id: None)  # queued, then run here as the worker would
    monkeypatch.setattr(planner, "solve", solve)
    starter = make_user(Role.PLANNER, email="laplich@so.gov.vn")
    job = start_solve(org["programme"], starter)

    run_solve.call_local(job.id)
    run_solve.call_local(job.id)  # delivered twice: runs once, told once

    [mail] = smtp.received
    assert mail.to == ["laplich@so.gov.vn"]
    assert mail.subject.startswith(subject)
    assert f"/planning/programmes/{org['programme'].id}/job" in mail.text
