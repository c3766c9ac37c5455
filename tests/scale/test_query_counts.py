"""Each main page sends a fixed number of SQL statements, whatever the size of the organisation:
the same ceiling holds at 30 units and at 1,000 (no query per unit, inspection or row)."""

from __future__ import annotations

import pytest

from benchmarks.organisation import build
from benchmarks.pages import PAGES, logged_in
from inspection.cache import cache
from inspection.extensions import db
from tests.conftest import reset_database
from tests.querycount import count_queries

#: Page name → the most statements its request may send (login, locale and page included).
CEILINGS = {
    "dashboard": 23,
    "dashboard Excel": 24,
    "records list": 5,
    "registry": 10,
    "registry Excel": 4,
    "missing units Excel": 7,
    "schedule list": 9,
    "schedule Excel": 11,
    "plan page": 24,
    "weights page": 11,
    "indicators": 4,
}

pytestmark = pytest.mark.xdist_group("scale")


@pytest.fixture(scope="module", params=[30, 1000], ids=lambda n: f"{n}-units")
def organisation(request, _app):
    with _app.app_context():
        reset_database(_app)
        org = build(request.param)
        db.session.remove()
        cache.clear()
    return org


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name.replace(" ", "-"))
def test_queries_do_not_grow_with_the_organisation(_app, organisation, page, monkeypatch):
    monkeypatch.setattr("inspection.exports.operations.BACKGROUND_ROWS", 10**9)  # the file itself, made inline
    client = logged_in(_app, organisation.users[page.role])
    with _app.app_context(), count_queries() as statements:
        response = client.get(page.address(organisation))
    assert response.status_code == 200
    assert len(statements) <= CEILINGS[page.name], "\n".join(statements)
