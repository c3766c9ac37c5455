"""The audit log keeps the plan's secrets: entries about programmes, their revisions and
inspections (kind, date, unit and team of surprise visits) go to planners and leaders, never to
admins; the seed of the surprise draw to planners alone."""

from __future__ import annotations

import re

import pytest

from inspection.extensions import db
from inspection.security import PLAN_TABLES
from models import Programme, Role

SEED = 987123


def _entries(page: str) -> int:
    return page.count('class="card mb-2 audit-entry"')


@pytest.fixture
def logged(planned, as_user, make_user):
    """A published plan with a surprise visit of A on 06/05/2030, and a seed set by hand."""
    planner = as_user(planned["planner"])
    programme = db.session.get(Programme, planned["programme"].id)
    programme.seed = SEED
    db.session.commit()
    assert planner.post(f"/schedule/programmes/{programme.id}/publish").status_code == 302
    return {"surprise": planned["rows"][("A", "surprise")].id, "planner": planner,
            "leader": as_user(make_user(Role.LEADER)), "admin": as_user(make_user(Role.ADMIN))}


def _page(client, query: str = "") -> str:
    response = client.get(f"/admin/audit{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_admins_read_nothing_of_the_plan_in_the_audit_log(logged):
    admin = logged["admin"]
    assert _entries(_page(admin)) > 0  # the organisation's own changes are there
    choices = re.findall(r'<option value="([a-z_]+)"', _page(admin))
    assert not {"programmes", "plan_revisions", "inspections", "inspection_members", "publish"} & set(choices)
    # Asking for them by name is a filter the admin cannot choose: it is ignored.
    for query in ("", "?entity=programmes", "?entity=plan_revisions", "?entity=inspections", "?action=publish",
                  f"?entity_id={logged['surprise']}"):
        page = _page(admin, query)
        for secret in (str(SEED), "2030-05-06", "06/05/2030", "surprise", "Kế hoạch 2030", "inspection_id"):
            assert secret not in page, (query, secret)


def test_planners_and_leaders_read_the_plan_and_only_planners_its_seed(logged):
    for name in ("planner", "leader"):
        inspections = _page(logged[name], "?entity=inspections&action=create")
        assert _entries(inspections) == 5 and "06/05/2030" in inspections, name
        assert _entries(_page(logged[name], "?entity=plan_revisions")) >= 1, name
    assert str(SEED) in _page(logged["planner"], "?entity=programmes")
    leader_view = _page(logged["leader"], "?entity=programmes")
    assert _entries(leader_view) >= 2 and str(SEED) not in leader_view and "***" in leader_view


def test_every_table_that_hangs_off_the_plan_is_kept_from_admins(app):
    """A new table pointing at a programme or an inspection (directly or through another such
    table) must join the plan's tables, or its audit entries would tell admins of the plan."""
    plan = {"programmes", "inspections"}
    grown = True
    while grown:
        before = len(plan)
        plan |= {table.name for table in db.metadata.sorted_tables
                 if any(fk.column.table.name in plan for fk in table.foreign_keys)}
        grown = len(plan) > before
    assert plan - PLAN_TABLES - {"audit_log"} == set()
