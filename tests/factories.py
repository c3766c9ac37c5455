"""Factory fixtures: each returns a callable that makes one saved object, overridable by keyword."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from werkzeug.security import generate_password_hash

from inspection.extensions import db
from models import (
    Inspection,
    InspectionKind,
    InspectionMember,
    Inspector,
    Programme,
    Role,
    Slot,
    Unit,
    UnitKind,
    User,
)

PASSWORD = "correct horse battery"
#: Hashed once: scrypt per user would make every test slow.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt")
_seq = itertools.count(1)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


@pytest.fixture
def make_unit(app):
    def make(**kw) -> Unit:
        n = next(_seq)
        kw.setdefault("code", f"U{n:03d}")
        kw.setdefault("name", f"Đơn vị {n}")
        kw.setdefault("kind", UnitKind.DIVISION)
        kw.setdefault("area", "Quận 1")
        return _save(Unit(**kw))

    return make


@pytest.fixture
def make_user(app, make_unit):
    def make(role: Role = Role.PLANNER, **kw) -> User:
        n = next(_seq)
        kw.setdefault("username", f"{role.value}{n}")
        kw.setdefault("full_name", f"Người dùng {n}")
        if role == Role.UNIT and "unit" not in kw and "unit_id" not in kw:
            kw["unit"] = make_unit()
        user = User(role=role, password_hash=_PASSWORD_HASH, **kw)
        return _save(user)

    return make


@pytest.fixture
def make_inspector(app, make_unit):
    def make(**kw) -> Inspector:
        n = next(_seq)
        kw.setdefault("full_name", f"Thanh tra viên {n}")
        kw.setdefault("can_lead", True)
        return _save(Inspector(**kw))

    return make


@pytest.fixture
def make_programme(app):
    def make(**kw) -> Programme:
        kw.setdefault("year", 2020)
        kw.setdefault("name", "Kế hoạch kiểm tra 2020")
        kw.setdefault("window_start", date(2020, 3, 16))
        kw.setdefault("window_end", date(2020, 10, 30))
        return _save(Programme(**kw))

    return make


@pytest.fixture
def make_inspection(app, make_programme, make_unit, make_inspector):
    def make(team: list[Inspector] | None = None, **kw) -> Inspection:
        if "programme" not in kw and "programme_id" not in kw:
            kw["programme"] = make_programme()
        if "unit" not in kw and "unit_id" not in kw:
            kw["unit"] = make_unit()
        kw.setdefault("date", date(2020, 4, 6))
        kw.setdefault("slot", Slot.AM)
        kw.setdefault("kind", InspectionKind.PERIODIC)
        team = team if team is not None else [make_inspector(), make_inspector(can_lead=False)]
        inspection = Inspection(**kw)
        inspection.members = [InspectionMember(inspector=i) for i in team]
        inspection.lead = team[0] if team else None
        return _save(inspection)

    return make


@pytest.fixture
def as_user(app):
    """``as_user(user)`` → a test client logged in as that user (through the session: checking
    the password hash at every login would make these tests slow)."""

    def make(user):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        client.user = user
        return client

    return make


def login(client, user: User) -> None:
    """Log ``user`` in on ``client`` through the real login form."""
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def _client_for(app, make_user, role: Role, **kw):
    user = make_user(role, **kw)
    c = app.test_client()
    login(c, user)
    c.user = user
    return c


@pytest.fixture
def client_as(app, make_user):
    """``client_as(Role.LEADER)`` → a test client logged in as a new user with that role."""

    def make(role: Role, **kw):
        return _client_for(app, make_user, role, **kw)

    return make


@pytest.fixture
def admin_client(client_as):
    return client_as(Role.ADMIN)


@pytest.fixture
def planner_client(client_as):
    return client_as(Role.PLANNER)


@pytest.fixture
def leader_client(client_as):
    return client_as(Role.LEADER)


@pytest.fixture
def inspector_client(client_as, make_inspector):
    c = client_as(Role.INSPECTOR)
    make_inspector(user=c.user, full_name=c.user.full_name)
    return c


@pytest.fixture
def unit_client(client_as):
    return client_as(Role.UNIT)
