"""The password rule, on every password set (by an admin or by the user), and "Đổi mật khẩu"."""

from __future__ import annotations

import pytest

from inspection.extensions import db
from models import Role, User
from tests.factories import PASSWORD, login
from tests.orgs.conftest import error_beside

GOOD = "Cay-bang-ven-song-1975"
TOO_SIMPLE = "Mật khẩu quá dễ đoán"


@pytest.mark.parametrize(("password", "message"), [
    ("aaaaaaaaaa", "Ít nhất 12 ký tự."),
    ("aaaaaaaaaaaa", TOO_SIMPLE),
    ("123456789012", TOO_SIMPLE),
    ("password1234", TOO_SIMPLE),
    ("qwertyuiop12", TOO_SIMPLE),
    ("NguyenVanAn1975!", "Không dùng tên hoặc tên đăng nhập của bạn trong mật khẩu."),
    ("ketoan-ketoan-2026", "Không dùng tên hoặc tên đăng nhập của bạn trong mật khẩu."),
])
def test_an_admin_cannot_set_a_weak_password(admin_client, password, message):
    data = {"username": "ketoan", "full_name": "Nguyễn Văn An", "role": "planner", "active": "y",
            "password": password}
    page = admin_client.post("/admin/users/new", data=data).get_data(as_text=True)
    assert error_beside(page, "password").startswith(message)
    assert db.session.query(User).filter_by(username="ketoan").count() == 0


def test_a_strong_password_is_accepted_from_the_admin(admin_client):
    data = {"username": "ketoan", "full_name": "Nguyễn Văn An", "role": "planner", "active": "y", "password": GOOD}
    assert admin_client.post("/admin/users/new", data=data).status_code == 302


def _change(client, current=PASSWORD, new=GOOD, confirm=None):
    data = {"current_password": current, "new_password": new, "confirm": new if confirm is None else confirm}
    return client.post("/account/password", data=data)


@pytest.mark.parametrize("role", list(Role))
def test_every_user_changes_their_own_password(app, client_as, role):
    client = client_as(role)
    assert "Đổi mật khẩu" in client.get("/account/password").get_data(as_text=True)
    response = _change(client)
    assert response.status_code == 302
    assert db.session.get(User, client.user.id).check_password(GOOD)
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Đã đổi mật khẩu" in page  # this device stays logged in


def test_changing_the_password_logs_the_other_devices_out(app, make_user):
    user = make_user(Role.LEADER)
    here, there = app.test_client(), app.test_client()
    login(here, user)
    login(there, user)
    assert _change(here).status_code == 302
    assert "/login" in there.get("/").headers["Location"]
    assert "/login" not in here.get("/").headers["Location"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"current": "khong-dung-mat-khau"}, "current_password", "Mật khẩu hiện tại không đúng."),
    ({"new": "aaaaaaaaaaaa"}, "new_password", TOO_SIMPLE),
    ({"new": "abc"}, "new_password", "Ít nhất 12 ký tự."),
    ({"new": PASSWORD}, "new_password", "Hãy chọn mật khẩu khác mật khẩu hiện tại."),
    ({"confirm": GOOD + "x"}, "confirm", "Hai lần nhập mật khẩu mới không khớp nhau."),
])
def test_a_refused_change_says_why_beside_the_field(leader_client, data, field, message):
    page = _change(leader_client, **data).get_data(as_text=True)
    assert error_beside(page, field).startswith(message)
    assert db.session.get(User, leader_client.user.id).check_password(PASSWORD)


def test_guessing_the_current_password_is_throttled(leader_client):
    for _ in range(5):
        assert _change(leader_client, current="khong-dung-mat-khau").status_code == 200
    assert _change(leader_client).status_code == 429
