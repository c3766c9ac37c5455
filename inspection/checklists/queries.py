"""Reads of the checklists domain shared by views and other domains."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from inspection.security import actions_followed_by, inspections_seen_by, records_read_by
from models.base import db
from models.checklists import ActionStatus, ChecklistResponse, CorrectiveAction, Finding
from models.planning import Inspection, InspectionStatus
from models.users import Role, User

OPEN_ACTION = (ActionStatus.OPEN, ActionStatus.REOPENED)


def overdue_actions_by_unit(today: date) -> dict[int, int]:
    """Unit id → number of corrective actions past their due date and not yet answered."""
    rows = db.session.execute(
        select(CorrectiveAction.unit_id, func.count())
        .where(CorrectiveAction.status.in_(OPEN_ACTION), CorrectiveAction.due_date < today)
        .group_by(CorrectiveAction.unit_id)
    )
    return {unit_id: count for unit_id, count in rows}


def oldest_overdue_action_by_unit(today: date, more_than_days: int) -> dict[int, date]:
    """Unit id → due date of its oldest corrective action still unanswered more than
    ``more_than_days`` days after that date."""
    rows = db.session.execute(
        select(CorrectiveAction.unit_id, func.min(CorrectiveAction.due_date))
        .where(CorrectiveAction.status.in_(OPEN_ACTION),
               CorrectiveAction.due_date < today - timedelta(days=more_than_days))
        .group_by(CorrectiveAction.unit_id)
    )
    return {unit_id: due for unit_id, due in rows}


def my_inspections(user: User, today: date) -> list[Inspection]:
    """Today's and upcoming visits of the user's team, plus any checklist not submitted yet: a visit
    whose day has passed without its checklist must still be filled, so it stays (marked overdue)."""
    still_open = Inspection.status.in_(
        (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS, InspectionStatus.RETURNED)
    )
    upcoming = (Inspection.date >= today) & (Inspection.status != InspectionStatus.CANCELLED)
    return list(
        db.session.scalars(
            select(Inspection)
            .where(inspections_seen_by(user, today), or_(upcoming, still_open))
            .options(selectinload(Inspection.unit), selectinload(Inspection.members))
            .order_by(Inspection.date, Inspection.slot)
        )
    )


def records(user: User, today: date, status: InspectionStatus | None) -> list[ChecklistResponse]:
    """Records past filling (newest first): all of them for leaders and planners, a unit's own
    approved ones for the unit; ``status`` filters them."""
    shown = (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED, InspectionStatus.RETURNED)
    if user.role == Role.UNIT:
        status = InspectionStatus.APPROVED
    query = (
        select(ChecklistResponse)
        .join(ChecklistResponse.inspection)
        .where(records_read_by(user, today), Inspection.status.in_([status] if status else shown))
        .order_by(ChecklistResponse.submitted_at.desc())
    )
    return list(db.session.scalars(query))


def findings_of(response: ChecklistResponse) -> list[Finding]:
    return list(
        db.session.scalars(
            select(Finding).where(Finding.response_id == response.id).options(selectinload(Finding.action))
        )
    )


def actions_for(user: User, today: date) -> list[CorrectiveAction]:
    """The corrective actions a user follows, by due date: those of the approved records the
    user may read (:mod:`inspection.security`): a unit its own, an inspector those of their
    team's inspections, leaders and planners all of them."""
    query = (select(CorrectiveAction).join(CorrectiveAction.finding).join(Finding.inspection)
             .where(actions_followed_by(user, today))
             .options(selectinload(CorrectiveAction.unit),
                      selectinload(CorrectiveAction.finding).selectinload(Finding.item)))
    return list(db.session.scalars(query.order_by(CorrectiveAction.due_date, CorrectiveAction.id)))
