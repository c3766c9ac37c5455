"""Who may open a checklist, a record or an action, through the one visibility rule of
:mod:`inspection.security`: 404 when the person may not know it exists, 403 when they may see it
but not do this."""

from __future__ import annotations

from flask_login import current_user

from inspection import clock, security
from models.checklists import ChecklistResponse, CorrectiveAction, Photo
from models.planning import Inspection


def team_inspection_or_404(inspection_id: int) -> Inspection:
    """Only the assigned team fills a checklist; anyone else gets 404, periodic or surprise."""
    return security.team_inspection_or_404(current_user, inspection_id, clock.today())


def team_response_or_404(response_id: int) -> ChecklistResponse:
    response = security.visible_record_or_404(current_user, response_id, clock.today())
    team_inspection_or_404(response.inspection_id)
    return response


def readable_response_or_404(response_id: int) -> ChecklistResponse:
    """The record: the team, leaders and planners; the unit only once it is approved."""
    return security.visible_record_or_404(current_user, response_id, clock.today())


def readable_photo_or_404(photo_id: int) -> Photo:
    return security.visible_photo_or_404(current_user, photo_id, clock.today())


def readable_action_or_404(action_id: int) -> CorrectiveAction:
    """A corrective action (they exist once the record is approved) of a record the user may read."""
    return security.visible_action_or_404(current_user, action_id, clock.today())


def is_lead(inspection: Inspection) -> bool:
    return current_user.inspector is not None and inspection.lead_id == current_user.inspector.id
