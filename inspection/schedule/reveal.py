"""The hourly surprise reveal: on its day a surprise inspection becomes visible to its unit."""

from __future__ import annotations

from datetime import date

from huey import crontab
from sqlalchemy import select

from inspection import clock
from inspection.audit import acting_as, record_event
from inspection.extensions import db
from inspection.jobs import periodic_task
from inspection.notifications import notices
from models import ChecklistResponse, Inspection, InspectionKind, InspectionStatus


def reveal_due(today: date) -> int:
    """Reveal every published surprise inspection dated ``today`` or earlier; each reveal is
    audited as done by the system. Commits; returns how many were revealed."""
    with acting_as(None, "system"):
        due = db.session.scalars(
            select(Inspection).where(
                Inspection.kind == InspectionKind.SURPRISE,
                Inspection.published_at.is_not(None),
                Inspection.revealed_at.is_(None),
                Inspection.status != InspectionStatus.CANCELLED,
                Inspection.date <= today,
            )
        ).all()
        now = clock.utcnow()
        for inspection in due:
            inspection.revealed_at = now
            record_event(db.session, "reveal", inspection, unit=inspection.unit_id, date=inspection.date)
        _tell_approved_records([i.id for i in due if i.status == InspectionStatus.APPROVED])
        db.session.commit()
    return len(due)


def _tell_approved_records(inspection_ids: list[int]) -> None:
    """A record approved before its surprise visit's day is told to the unit now that it may read it."""
    if not inspection_ids:
        return
    for response in db.session.scalars(select(ChecklistResponse)
                                       .where(ChecklistResponse.inspection_id.in_(inspection_ids))):
        notices.record_approved(response, notices.findings_of(response))


@periodic_task(crontab(minute="0"))
def reveal_surprise_inspections() -> int:
    """Every hour: reveal the surprise inspections whose day has come, in local time."""
    return reveal_due(clock.today())
