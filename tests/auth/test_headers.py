"""Headers: HTTPS kept (HSTS), private pages kept by no cache, photos cached privately, and
the calendar token kept out of the access log."""

from __future__ import annotations

from inspection.extensions import db
from models import Role


def test_hsts_when_the_session_cookie_is_secure(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_private_pages_are_not_stored_by_any_cache(leader_client, admin_client):
    for client, path in ((leader_client, "/initiatives/"), (admin_client, "/admin/users"),
                         (admin_client, "/admin/audit")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_static_files_stay_cacheable(client):
    response = client.get("/static/js/app.js")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_calendar_feed_is_not_stored_and_its_token_leaves_no_trace_in_the_log(app, make_user, monkeypatch):
    """gunicorn writes its access log from the request's environ once the app has answered."""
    user = make_user(Role.PLANNER)
    token = user.regenerate_calendar_token()
    db.session.commit()
    logged = {}
    served = app.wsgi_app

    def server(environ, start_response):
        result = served(environ, start_response)
        logged.update(environ)
        return result

    monkeypatch.setattr(app, "wsgi_app", server)
    path = f"/schedule/calendar/{token}.ics"
    response = app.test_client().get(path, environ_base={"RAW_URI": path, "REQUEST_URI": path})
    assert response.status_code == 200 and "BEGIN:VCALENDAR" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert logged["RAW_URI"] == logged["REQUEST_URI"] == "/schedule/calendar/***.ics"
