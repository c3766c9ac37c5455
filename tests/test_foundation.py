"""The base every page stands on: login, roles, language, security headers, audit log."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from inspection.extensions import db
from models import AuditEntry, Role, Unit
from tests.factories import PASSWORD, login


def test_login_page_is_vietnamese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in page
    assert 'lang="vi"' in page


def test_language_switch_to_english_and_back(client):
    client.get("/language/en?next=/login")
    assert "Log in" in client.get("/login").get_data(as_text=True)
    client.get("/language/vi?next=/login")
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_and_logout(client, make_user):
    user = make_user(Role.LEADER)
    login(client, user)
    assert client.get("/", follow_redirects=True).status_code == 200
    client.post("/logout")
    assert "/login" in client.get("/").headers["Location"]


def test_wrong_password_shows_message_beside_field(client, make_user):
    user = make_user(Role.LEADER)
    response = client.post("/login", data={"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user(Role.LEADER, active=False)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "/login" in client.get("/").headers["Location"]


def test_login_rate_limited_per_account(app, make_user):
    user = make_user(Role.LEADER)
    for n in range(5):
        c = app.test_client()
        response = c.post(
            "/login", data={"username": user.username, "password": "bad"}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
        )
        assert response.status_code == 200
    blocked = app.test_client().post(
        "/login", data={"username": user.username, "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.99"}
    )
    assert blocked.status_code == 429
    assert "Bạn đã thử sai quá nhiều lần" in blocked.get_data(as_text=True)


def test_login_rate_limited_per_address(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE", 5)
    c = app.test_client()
    for n in range(5):
        c.post("/login", data={"username": f"nobody{n}", "password": "bad"})
    user = make_user(Role.LEADER)
    assert c.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 429


def test_successful_logins_are_not_throttled(app, make_user):
    user = make_user(Role.LEADER)
    for _ in range(8):
        c = app.test_client()
        assert c.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302


def test_post_without_csrf_token_is_refused(app, make_user):
    user = make_user(Role.LEADER)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        c = app.test_client()
        response = c.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 400
        assert "/login" in c.get("/").headers["Location"]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_security_headers(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_lax(client, make_user):
    user = make_user(Role.LEADER)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import pytest

    from inspection import create_app
    from inspection.config import ConfigurationError

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app("production", SECRET_KEY=None)


def test_audit_log_records_before_and_after_of_an_edited_unit(app, make_unit):
    unit = make_unit(name="Phòng cũ")
    unit.name = "Phòng mới"
    db.session.commit()
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "units", AuditEntry.action == "update")
    ).one()
    assert entry.entity_id == str(unit.id)
    assert entry.before == {"name": "Phòng cũ"}
    assert entry.after == {"name": "Phòng mới"}


def test_audit_log_is_append_only_in_the_database(app, make_unit):
    make_unit()
    entry_id = db.session.scalars(select(AuditEntry.id)).first()
    db.session.remove()
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET username = 'x' WHERE id = :id"), {"id": entry_id})
    except DBAPIError as error:
        assert "append-only" in str(error)
    else:
        raise AssertionError("the database accepted an UPDATE of the audit log")
    assert db.session.get(Unit, 1) is not None


def test_admin_management_pages_sit_under_one_menu(admin_client, planner_client):
    """The admin's many management pages share one drop-down so the bar stays on one line."""
    admin_page = admin_client.get("/admin/units").get_data(as_text=True)
    menu = admin_page.split('class="dropdown-menu')[1].split("</ul>")[0]
    assert "Quản trị" in admin_page
    assert 'href="/admin/units"' in menu and 'href="/admin/users"' in menu
    planner_page = planner_client.get("/planning/").get_data(as_text=True)
    assert 'href="/admin/units"' not in planner_page


def test_form_library_messages_are_in_vietnamese(client):
    """WTForms has no Vietnamese of its own; its messages come from the project's catalogue."""
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Bắt buộc nhập trường này." in page
    assert "This field is required." not in page
