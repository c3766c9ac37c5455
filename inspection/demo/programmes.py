"""The demo's inspection programmes, planned by the planner and carried out through the same
operations people use: the seed's 2020 programme and last year's, closed with every record
approved, and this year's, published, with its first inspections done, records awaiting approval
and corrective actions overdue. Each step is dated when it would have happened."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import planner
from inspection.checklists import operations as checklists
from inspection.demo import data
from inspection.demo.timeline import moment, workday_on_or_after
from inspection.documents import numbering
from inspection.extensions import db
from inspection.planning.instance import build_instance
from inspection.planning.operations import has_plan, record_revision
from inspection.schedule.operations import publish
from models import (
    ActionStatus,
    Answer,
    AnswerType,
    ChecklistResponse,
    ChecklistTemplate,
    Choice,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Programme,
    ProgrammeStatus,
    RevisionSource,
    TemplateItem,
    User,
)

#: The demo organisation is solved to optimality in well under a second; this only bounds a surprise.
SOLVE_SECONDS = 10
#: Days between a visit and the leader's approval of its record.
APPROVAL_DELAY = 4

#: Per risk level: chance that an item is partly met, chance that it is not met, range of a
#: percentage item's value.
_ANSWERS = {
    "low": (0.03, 0.0, (100, 100)),
    "medium": (0.1, 0.02, (90, 100)),
    "high": (0.15, 0.07, (60, 95)),
}


@dataclass(frozen=True)
class Cast:
    """Who does what in the demo's story."""

    planner: User
    leader: User
    #: Signs answers and records when the lead inspector has no login.
    inspector: User


def create_programme(year: int, window: tuple[date, date], template: ChecklistTemplate, cast: Cast,
                     seed: int) -> Programme:
    programme = Programme(
        year=year,
        name=f"Kế hoạch kiểm tra công vụ, cải cách hành chính năm {year}",
        window_start=window[0],
        window_end=window[1],
        coverage_fraction=Decimal("0.5"),
        surprise_count=4,
        team_min=2,
        team_max=3,
        min_gap_days=30,
        seed=seed,
        template=template,
        status=ProgrammeStatus.DRAFT,
        created_by_id=cast.planner.id,
        created_at=moment(window[0] - timedelta(days=30)),
    )
    db.session.add(programme)
    db.session.flush()
    return programme


def plan_and_publish(programme: Programme, cast: Cast) -> None:
    """Solve the whole window as on its first day, and publish the plan a week before it starts."""
    planned_on = workday_on_or_after(programme.window_start - timedelta(days=14))
    published_on = workday_on_or_after(programme.window_start - timedelta(days=7))
    instance = build_instance(programme)
    plan = planner.solve(instance, time_limit=SOLVE_SECONDS)
    if not has_plan(plan):
        raise RuntimeError(f"the demo programme {programme.year} has no plan: {plan.get('explanation')}")
    revision = record_revision(programme, instance, plan, RevisionSource.SOLVE, cast.planner)
    revision.created_at = moment(planned_on, 15)
    db.session.flush()
    numbering.issue_plan(programme, published_on)
    publish(programme)
    programme.published_at = moment(published_on, 16)
    for inspection in programme.inspections:
        inspection.published_at = programme.published_at
    db.session.flush()


def carry_out(programme: Programme, today: date, cast: Cast, rng: random.Random) -> None:
    """Every visit dated before ``today`` took place. A closed programme's records are all
    approved; in the current one the latest visit is still being filled in, the two before it
    await approval, the one before was returned, and the older ones are approved. Surprise
    visits whose day has come are revealed to their unit.

    The rows are written in their final state (a few flushes for the whole programme, which
    keeps the demo quick to load), scored by the checklists' own scoring and numbered by the
    documents' own counter."""
    rows = sorted(
        (i for i in programme.inspections if i.status == InspectionStatus.PLANNED),
        key=lambda i: (i.date, i.id),
    )
    for inspection in rows:
        if inspection.kind == InspectionKind.SURPRISE and inspection.date <= today:
            inspection.revealed_at = moment(inspection.date, 7)
    done = [i for i in rows if i.date < today]
    recent = [] if programme.window_end < today else done[-4:][::-1]
    items = programme.template.items
    responses = {i.id: _fill(i, items, _signer(i, cast), rng, complete=not recent or i is not recent[0])
                 for i in done}
    db.session.flush()
    with db.session.no_autoflush:
        for inspection in done:
            if recent and inspection is recent[0]:
                continue
            response = responses[inspection.id]
            findings = _submit(response, inspection, _signer(inspection, cast))
            reviewed_on = workday_on_or_after(inspection.date + timedelta(days=APPROVAL_DELAY))
            if inspection in recent[1:3] or reviewed_on >= today:
                continue
            response.reviewed_at = moment(reviewed_on, 10)
            response.reviewed_by_id = cast.leader.id
            if inspection in recent[3:]:
                inspection.move_to(InspectionStatus.RETURNED)
                response.review_comment = "Đề nghị bổ sung ý kiến của đại diện đơn vị vào biên bản."
                continue
            inspection.move_to(InspectionStatus.APPROVED)
            numbering.issue_record(response, reviewed_on).issued_at = response.reviewed_at
            for finding in findings:
                action = CorrectiveAction(finding=finding, unit_id=finding.unit_id,
                                          due_date=reviewed_on + timedelta(days=checklists.ACTION_DAYS),
                                          status=ActionStatus.OPEN, created_at=response.reviewed_at)
                _follow_up(action, inspection.unit.code, programme, today, _signer(inspection, cast), rng)
                db.session.add(action)
    db.session.flush()


def _signer(inspection: Inspection, cast: Cast) -> User:
    users = [m.inspector.user for m in inspection.members if m.inspector.user is not None]
    lead = inspection.lead.user if inspection.lead is not None else None
    return lead or (users[0] if users else cast.inspector)


def _answer(item: TemplateItem, level: str, rng: random.Random, signer: User, day: date) -> Answer:
    partly, not_met, (low, high) = _ANSWERS[level]
    answer = Answer(item_id=item.id, updated_by_id=signer.id, updated_at=moment(day, 10))
    if item.answer_type == AnswerType.PERCENT:
        answer.number = Decimal(min(rng.randint(low, high), 100))
        answer.note = "" if answer.number >= item.target else data.FINDING_NOTES["P"]
    elif item.answer_type == AnswerType.CHOICE:
        draw = rng.random()
        answer.choice = (Choice.NOT_COMPLIANT if draw < not_met
                         else Choice.PARTLY if draw < not_met + partly else Choice.COMPLIANT)
        answer.note = data.FINDING_NOTES.get(answer.choice.value, "")
    return answer


def _fill(inspection: Inspection, items: list[TemplateItem], signer: User, rng: random.Random,
          complete: bool) -> ChecklistResponse:
    """The checklist started and answered on the visit's day (half of it when not ``complete``)."""
    level = data.risk_level(inspection.unit.code)
    answers = [_answer(item, level, rng, signer, inspection.date) for item in items]
    response = ChecklistResponse(inspection=inspection, template=checklists.template_for(inspection),
                                 answers=answers if complete else answers[: len(answers) // 2],
                                 created_at=moment(inspection.date, 8), updated_at=moment(inspection.date, 11))
    inspection.move_to(InspectionStatus.IN_PROGRESS)
    db.session.add(response)
    return response


def _submit(response: ChecklistResponse, inspection: Inspection, signer: User) -> list[Finding]:
    """Submitted at the end of the visit's day: scored, a finding per item below 1, and the record's
    conclusions and the unit's representative filled in."""
    inspection.move_to(InspectionStatus.SUBMITTED)
    response.submitted_at = moment(inspection.date, 16)
    response.submitted_by_id = signer.id
    findings = [
        Finding(inspection_id=inspection.id, response_id=response.id, item_id=answer.item_id,
                unit_id=inspection.unit_id, score=answer.score, description=answer.note,
                created_at=response.submitted_at)
        for answer in checklists.score_response(response)
    ]
    db.session.add_all(findings)
    response.conclusions = (
        f"Đơn vị thực hiện cơ bản đầy đủ các nội dung kiểm tra; có {len(findings)} nội dung cần khắc phục."
        if findings else "Đơn vị thực hiện đầy đủ các nội dung kiểm tra."
    )
    response.representative_name = inspection.unit.head_name or ""
    response.representative_present = True
    return findings


def _follow_up(action: CorrectiveAction, unit_code: str, programme: Programme, today: date, signer: User,
               rng: random.Random) -> None:
    """The unit's answer and the lead inspector's check, as far as they got by ``today``: in a
    closed programme nearly everything is verified, but a unit at high risk may still owe its
    answer (long overdue, proposed for a follow-up visit); in the current one about half the
    actions past their due date are still unanswered."""
    draw = rng.random()
    if programme.window_end < today:
        if programme.year < today.year - 1 or data.risk_level(unit_code) != "high":
            stage = 2 if draw < 0.9 else 1
        else:
            stage = 0 if draw < 0.6 else 2
    elif action.due_date < today:
        stage = 0 if draw < 0.5 else 1 if draw < 0.75 else 2
    else:
        stage = 0 if draw < 0.6 else 1
    answered_on = action.due_date - timedelta(days=rng.randint(2, 20))
    if stage == 0 or answered_on >= today:
        return
    action.move_to(ActionStatus.ANSWERED)
    action.unit_answer = "Đơn vị đã khắc phục và gửi kèm tài liệu chứng minh."
    action.answered_at = moment(answered_on, 14)
    verified_on = answered_on + timedelta(days=5)
    if stage == 1 or verified_on >= today:
        return
    action.move_to(ActionStatus.VERIFIED)
    action.verified_at = moment(verified_on, 10)
    action.verified_by_id = signer.id
    action.verifier_comment = "Đã kiểm tra, đạt yêu cầu."
