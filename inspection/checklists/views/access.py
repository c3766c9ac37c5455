"""Who may open a checklist, a record or an action: 404 when the person may not know it exists, 403 when they
may see it but not do this."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from inspection import clock
from inspection.security import visible_inspection_or_404
from models.base import db
from models.checklists import ChecklistResponse
from models.planning import Inspection, InspectionStatus
from models.users import Role


def team_inspection_or_404(inspection_id: int) -> Inspection:
    """Only the assigned team fills a checklist; a surprise visit stays hidden from others."""
    inspection = db.get_or_404(Inspection, inspection_id)
    if not inspection.has_member(current_user) or inspection.published_at is None:
        abort(404 if inspection.is_surprise or inspection.published_at is None else 403)
    return inspection


def team_response_or_404(response_id: int) -> ChecklistResponse:
    response = db.get_or_404(ChecklistResponse, response_id)
    team_inspection_or_404(response.inspection_id)
    return response


def readable_response_or_404(response_id: int) -> ChecklistResponse:
    """The record: the team, leaders and planners; the unit only once it is approved."""
    response = db.get_or_404(ChecklistResponse, response_id)
    if current_user.role == Role.INSPECTOR:
        team_inspection_or_404(response.inspection_id)
        return response
    inspection = visible_inspection_or_404(current_user, response.inspection_id, clock.today())
    if current_user.role == Role.UNIT and inspection.status != InspectionStatus.APPROVED:
        abort(404)
    return response


def is_lead(inspection: Inspection) -> bool:
    return current_user.inspector is not None and inspection.lead_id == current_user.inspector.id
