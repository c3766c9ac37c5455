"""Every page and job counts days on the agency's clock (TIMEZONE), not on the server's.

At 01:00 in Ho Chi Minh City a server in UTC is still at 18:00 the day before: the surprise
visit of A on 06/05/2030 is today for the reveal job, the inspector's list, the dashboard and
the plan page alike.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from inspection.extensions import db
from inspection.schedule.operations import publish
from inspection.schedule.reveal import reveal_surprise_inspections
from models import Role

ONE_AM_LOCAL = datetime(2030, 5, 5, 18, 0, tzinfo=UTC)


@pytest.fixture
def published(planned, time_machine):
    publish(planned["programme"])
    db.session.commit()
    time_machine.move_to(ONE_AM_LOCAL, tick=False)
    return planned


def test_pages_and_the_reveal_job_agree_on_the_date_at_one_in_the_morning(published, as_user, make_user):
    surprise = published["rows"][("A", "surprise")]
    assert reveal_surprise_inspections.call_local() == 1
    assert db.session.get(type(surprise), surprise.id).revealed_at is not None

    mine = as_user(published["users"]["Bình"]).get("/checklists/mine").get_data(as_text=True)
    card = mine[mine.index("06/05/2030"):]
    assert card.index("Hôm nay") < card.index("</p>")

    dashboard = as_user(make_user(Role.LEADER)).get("/dashboard/?year=2030").get_data(as_text=True)
    assert "tính đến ngày 06/05/2030" in dashboard

    plan = as_user(published["planner"]).get(f"/planning/programmes/{published['programme'].id}")
    assert re.search(r'id="replan-from"[^>]*value="2030-05-06"', plan.get_data(as_text=True))
