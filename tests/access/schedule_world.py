"""The schedule part of the access matrix's world: a calendar feed token and a plan revision."""

from __future__ import annotations

from inspection.extensions import db
from models import PlanRevision, Programme, RevisionSource, User

CALENDAR_TOKEN = "world-calendar-token"


def add_schedule_world(feed_user: User, programme: Programme) -> dict:
    """The feed user's secret calendar token, and an (infeasible) revision of the programme."""
    feed_user.calendar_token = CALENDAR_TOKEN
    revision = PlanRevision(programme=programme, number=1, source=RevisionSource.SOLVE, status="INFEASIBLE",
                            instance={}, plan={"format": "inspection-plan/1", "status": "INFEASIBLE",
                                               "inspections": []})
    db.session.add(revision)
    db.session.commit()
    return {"calendar_token": CALENDAR_TOKEN, "revision": revision.id}
