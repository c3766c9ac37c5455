"""Login sessions end: logging out, a new password or an admin's reset ends every session and
remember-me cookie opened before."""

from __future__ import annotations

from inspection.extensions import db
from models import AuditEntry, Role, User
from tests.factories import PASSWORD, login


def _cookies(client) -> dict[str, str]:
    return {c.key: c.value for c in client._cookies.values()}


def _with_cookies(app, cookies: dict[str, str]):
    other = app.test_client()
    for key, value in cookies.items():
        other.set_cookie(key, value)
    return other


def _logged_in(client) -> bool:
    return client.get("/").status_code == 302 and "/login" not in client.get("/").headers["Location"]


def test_the_session_cookie_stops_working_after_logout(app, client, make_user):
    login(client, make_user(Role.LEADER))
    stolen = _cookies(client)
    assert _logged_in(_with_cookies(app, stolen))
    client.post("/logout")
    assert not _logged_in(_with_cookies(app, stolen))


def test_the_remember_me_cookie_stops_working_after_logout(app, client, make_user):
    user = make_user(Role.LEADER)
    client.post("/login", data={"username": user.username, "password": PASSWORD, "remember": "y"})
    remember = {"remember_token": _cookies(client)["remember_token"]}
    assert _logged_in(_with_cookies(app, remember))
    client.post("/logout")
    assert not _logged_in(_with_cookies(app, remember))


def test_an_admin_password_reset_ends_the_users_sessions(app, client, admin_client, make_user):
    user = make_user(Role.LEADER)
    client.post("/login", data={"username": user.username, "password": PASSWORD, "remember": "y"})
    before = _cookies(client)
    data = {"username": user.username, "full_name": user.full_name, "role": "leader", "active": "y",
            "version": str(user.version), "password": "Cay-bang-ven-song-1975"}
    assert admin_client.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    assert not _logged_in(client)
    assert not _logged_in(_with_cookies(app, {"remember_token": before["remember_token"]}))


def test_an_admin_who_sets_their_own_password_stays_logged_in(admin_client):
    me = admin_client.user
    data = {"username": me.username, "full_name": me.full_name, "role": "admin", "active": "y",
            "version": str(me.version), "password": "Cay-bang-ven-song-1975"}
    assert admin_client.post(f"/admin/users/{me.id}/edit", data=data).status_code == 302
    assert _logged_in(admin_client)


def test_an_edit_without_a_new_password_keeps_the_sessions(client, admin_client, make_user):
    user = make_user(Role.LEADER)
    login(client, user)
    data = {"username": user.username, "full_name": "Tên mới", "role": "leader", "active": "y",
            "version": str(user.version)}
    assert admin_client.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    assert _logged_in(client)


def test_logging_out_is_no_edit_of_the_user(client, make_user):
    user = make_user(Role.LEADER)
    login(client, user)
    entries = db.session.query(AuditEntry).count()
    client.post("/logout")
    assert db.session.get(User, user.id).version == user.version
    assert db.session.query(AuditEntry).count() == entries


def test_a_forged_session_id_is_refused(app, make_user):
    user = make_user(Role.LEADER)
    for forged in (str(user.id), f"{user.id}:", f"{user.id}:guess", "x:y", ":"):
        c = app.test_client()
        with c.session_transaction() as session:
            session["_user_id"] = forged
        assert not _logged_in(c)


def test_login_starts_a_new_session_with_a_new_csrf_secret(client, make_user):
    user = make_user(Role.LEADER)
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-before-login"
        session["lang"] = "en"
    login(client, user)
    with client.session_transaction() as session:
        assert session.get("csrf_token") != "planted-before-login"
        assert session["lang"] == "en"
