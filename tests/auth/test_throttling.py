"""Login throttling: one account backs off without locking out the others, the client's address
comes from trusted proxies only, and an unknown username costs as much as a known one."""

from __future__ import annotations

import pytest

from inspection import create_app
from inspection.auth import operations
from inspection.extensions import db, limiter
from models import Role
from tests.factories import PASSWORD


def _login(client, username: str, password: str, **environ):
    return client.post("/login", data={"username": username, "password": password}, environ_base=environ)


def test_wrong_passwords_for_one_account_never_lock_out_another(app, make_user):
    """Behind the reverse proxy every request comes from the proxy's address."""
    clumsy, planner = make_user(Role.LEADER), make_user(Role.PLANNER)
    for _ in range(5):
        assert _login(app.test_client(), clumsy.username, "sai-mat-khau").status_code == 200
    assert _login(app.test_client(), planner.username, PASSWORD).status_code == 302
    assert _login(app.test_client(), clumsy.username, PASSWORD).status_code == 429


def test_an_account_backs_off_longer_after_many_failures(app, make_user, time_machine, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_MINUTE", 2)
    user = make_user(Role.LEADER)
    for minute in range(4):
        time_machine.move_to(f"2026-03-02 08:{minute * 2:02d}:00", tick=False)
        for _ in range(2):
            _login(app.test_client(), user.username, "sai-mat-khau")
    time_machine.move_to("2026-03-02 08:10:00", tick=False)
    assert _login(app.test_client(), user.username, PASSWORD).status_code == 429
    time_machine.move_to("2026-03-02 09:01:00", tick=False)
    assert _login(app.test_client(), user.username, PASSWORD).status_code == 302


@pytest.fixture
def proxied_app(app):
    """The same database served behind one trusted reverse proxy."""
    behind = create_app("test", TRUSTED_PROXIES=1, LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE=3,
                        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    yield behind
    with behind.app_context():
        db.engine.dispose()
    with app.app_context():
        limiter.init_app(app)  # the limiter is shared: give it back to the suite's app


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(proxied_app, make_user):
    user = make_user(Role.LEADER)
    client = proxied_app.test_client()
    for n in range(3):
        _login(client, f"nobody{n}", "sai", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _login(client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert _login(client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE", 3)
    user = make_user(Role.LEADER)
    client = app.test_client()
    for n in range(3):
        _login(client, f"nobody{n}", "sai", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert _login(client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_an_unknown_username_costs_one_password_hash_as_a_known_one(app, make_user, monkeypatch):
    checked = []
    real = operations.check_password_hash
    monkeypatch.setattr(operations, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    user = make_user(Role.LEADER)
    disabled = make_user(Role.LEADER, active=False)
    for username in ("khong-co-ai", user.username, disabled.username):
        _login(app.test_client(), username, "sai-mat-khau")
    assert len(checked) == 3
    assert checked[0].startswith("scrypt:") and checked[0] == operations._dummy_hash()
    assert checked[0].split("$")[0] == checked[1].split("$")[0]
