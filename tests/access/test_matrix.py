"""Every route, requested anonymously and as each role, answers what the role table allows."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.access
from tests.access.matrix import ROLES, Route
from tests.conftest import reset_database

#: Served by extensions, not by the application's own views.
NOT_APPLICATION_ROUTES = {"static", "bootstrap.static"}


def _declared() -> list[Route]:
    routes: list[Route] = []
    for info in pkgutil.iter_modules(tests.access.__path__):
        if info.name.startswith("routes_"):
            routes += importlib.import_module(f"tests.access.{info.name}").ROUTES
    return routes


ROUTES = _declared()


def _request(client, r: Route, world: dict):
    path = r.path.format(**world)
    if r.method == "POST":
        return client.post(path, data={k: v.format(**world) if isinstance(v, str) else v for k, v in r.data.items()})
    return client.open(path, method=r.method)


def _login(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _outcome(response) -> str:
    location = response.headers.get("Location", "")
    # The login wall always says where to come back to; logging out lands on a plain /login.
    if response.status_code in (301, 302, 303) and "/login?next=" in location:
        return "login"
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code >= 400:
        return f"error {response.status_code}"
    return "ok"


@pytest.mark.parametrize("r", ROUTES, ids=[r.id for r in ROUTES])
def test_route_answers_as_the_role_table_says(app, world_factory, r: Route):
    """One world per route: a GET changes nothing, so every role asks the same world; a POST that
    was served may have changed it, so the world is built afresh before the next role asks."""
    world = world_factory()
    wrong = []
    for role in (None, *ROLES):
        client = app.test_client()
        if role is not None:
            _login(client, world["users"][role])
        got = _outcome(_request(client, r, world))
        if got != r.expected(role):
            wrong.append(f"{role or 'anonymous'}: expected {r.expected(role)}, got {got}")
        if r.method != "GET" and got == "ok":
            reset_database(app)
            world = world_factory()
    assert not wrong, f"{r.path} answered " + "; ".join(wrong)


def test_every_route_is_in_the_matrix(app):
    declared = {(r.endpoint, r.method) for r in ROUTES}
    missing = sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in NOT_APPLICATION_ROUTES
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if (rule.endpoint, method) not in declared
    )
    assert not missing, f"routes missing from tests/access/routes_*.py: {missing}"
