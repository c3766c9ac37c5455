"""Hostile requests get a 400 that says why, never a 500, whoever sends them."""

from __future__ import annotations

import pytest

from models import Role
from tests.factories import PASSWORD

NUL_MESSAGE = "Một ô chứa ký tự không được phép (NUL). Hãy xóa ký tự đó rồi gửi lại."


def test_a_nul_byte_in_the_anonymous_login_form_is_refused_with_a_message(client, make_user):
    user = make_user(Role.LEADER)
    for data in ({"username": user.username + "\x00", "password": PASSWORD},
                 {"username": user.username, "password": PASSWORD + "\x00"}):
        response = client.post("/login", data=data)
        assert response.status_code == 400
        assert NUL_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/admin/units?q=a%00b",
    "/initiatives/?q=%00",
    "/schedule/calendar/abc%00def.ics",
])
def test_a_nul_byte_in_the_address_is_refused_with_a_message(admin_client, leader_client, path):
    client = admin_client if path.startswith("/admin") else leader_client
    response = client.get(path)
    assert response.status_code == 400
    assert "ký tự không được phép (NUL)" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["next=/%0d%0aX:1", "next=/%0D%0ASet-Cookie:x=1", "next=/%5Cevil.example",
                                   "next=//evil.example/"])
def test_login_never_follows_a_next_that_leaves_the_site_or_breaks_the_header(client, make_user, query):
    user = make_user(Role.LEADER)
    response = client.post(f"/login?{query}", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert "X" not in response.headers


def test_json_nested_too_deeply_is_a_400_not_a_500(inspector_client):
    body = "[" * 50_000 + "]" * 50_000
    response = inspector_client.post("/checklists/responses/1/draft", data=body,
                                     content_type="application/json")
    assert response.status_code in (400, 404)


def test_a_json_body_over_the_limit_is_refused_with_a_message(app, inspector_client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_KB", 1)
    response = inspector_client.post("/checklists/responses/1/draft", json={"answers": {}, "note": "x" * 2000},
                                     headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert (response.json["error"], response.json["message"]) == ("bad_input", "Dữ liệu gửi lên lớn hơn 1 KB.")


@pytest.mark.parametrize("query", ["page=99999999999999999999", "year=-99999999999", "unit=2147483648"])
def test_a_number_beyond_the_database_s_in_the_address_is_refused(admin_client, query):
    response = admin_client.get(f"/admin/units?{query}")
    assert response.status_code == 400
    assert "Một số trong địa chỉ quá lớn." in response.get_data(as_text=True)


def test_a_long_number_searched_for_is_no_number(admin_client):
    assert admin_client.get("/admin/units?q=99999999999999999999").status_code == 200
