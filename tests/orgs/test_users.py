"""Users: create and edit, the unit of a focal point, passwords, and keeping an administrator."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inspection.audit import acting_as, record_event
from inspection.extensions import db
from inspection.forms import FieldError
from inspection.orgs.operations import save_user
from models import Inspector, Role, User
from tests.orgs.conftest import error_beside

NEW = {"username": "ketoan", "full_name": "Nguyễn Thị Kế Toán", "email": "ketoan@example.vn", "role": "planner",
       "active": "y", "password": "mat-khau-du-dai"}


def _form(user: User, **changes) -> dict:
    data = {"username": user.username, "full_name": user.full_name, "role": user.role.value,
            "unit_id": str(user.unit_id or ""), "active": "y" if user.active else "", "version": str(user.version)}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_admin_creates_a_user_who_can_log_in(admin_client, client):
    assert admin_client.post("/admin/users/new", data=NEW).status_code == 302
    user = db.session.scalar(select(User).where(User.username == "ketoan"))
    assert user.role == Role.PLANNER and user.check_password("mat-khau-du-dai")
    assert user.password_hash != "mat-khau-du-dai"
    assert client.post("/login", data={"username": "ketoan", "password": "mat-khau-du-dai"}).status_code == 302


def test_a_unit_focal_point_needs_a_unit(admin_client):
    response = admin_client.post("/admin/users/new", data=dict(NEW, role="unit"))
    assert error_beside(response.get_data(as_text=True), "unit_id") == "Đầu mối đơn vị phải thuộc một đơn vị."
    assert db.session.scalar(select(User).where(User.username == "ketoan")) is None


def test_short_password_and_taken_username_are_refused(admin_client, make_user):
    make_user(Role.LEADER, username="KeToan")
    short = admin_client.post("/admin/users/new", data=dict(NEW, password="ngan")).get_data(as_text=True)
    assert error_beside(short, "password") == "Ít nhất 12 ký tự."
    taken = admin_client.post("/admin/users/new", data=NEW).get_data(as_text=True)
    assert error_beside(taken, "username") == "Tên đăng nhập này đã được sử dụng."


def test_password_reset_and_kept_when_empty(admin_client, make_user):
    user = make_user(Role.LEADER)
    old_hash = user.password_hash
    admin_client.post(f"/admin/users/{user.id}/edit", data=_form(user, full_name="Tên mới"))
    db.session.refresh(user)
    assert user.full_name == "Tên mới" and user.password_hash == old_hash
    admin_client.post(f"/admin/users/{user.id}/edit", data=_form(user, password="mot-mat-khau-moi"))
    db.session.refresh(user)
    assert user.check_password("mot-mat-khau-moi")


def test_admin_cannot_deactivate_themselves(admin_client):
    me = admin_client.user
    response = admin_client.post(f"/admin/users/{me.id}/edit", data=_form(me, active=""))
    message = error_beside(response.get_data(as_text=True), "active")
    assert message == "Bạn không thể tự ngừng kích hoạt tài khoản của mình."
    db.session.refresh(me)
    assert me.active


def test_the_last_active_admin_stays(admin_client, make_user):
    other = make_user(Role.ADMIN, active=False)
    me = admin_client.user
    response = admin_client.post(f"/admin/users/{me.id}/delete", follow_redirects=True)
    assert "Bạn không thể tự xóa tài khoản của mình." in response.get_data(as_text=True)
    # Another admin may be demoted while this one stays active.
    admin_client.post(f"/admin/users/{other.id}/edit", data=_form(other, active="y"))
    response = admin_client.post(f"/admin/users/{other.id}/edit", data=_form(db.session.get(User, other.id),
                                                                                role="leader"))
    assert response.status_code == 302
    assert db.session.get(User, other.id).role == Role.LEADER


def test_an_admin_cannot_change_their_own_role(admin_client):
    me = admin_client.user
    response = admin_client.post(f"/admin/users/{me.id}/edit", data=_form(me, role="leader"))
    assert error_beside(response.get_data(as_text=True), "role") == "Bạn không thể tự thay đổi vai trò của mình."


def test_demoting_the_last_active_admin_is_refused(app, make_user):
    admin = make_user(Role.ADMIN)
    someone_else = make_user(Role.ADMIN, active=False)
    values = dict(username=admin.username, full_name=admin.full_name, email=None, unit_id=None, inspector_id=None,
                  password=None, version=str(admin.version))
    with app.test_request_context(), pytest.raises(FieldError) as refused:
        save_user(admin, someone_else, role="leader", active=True, **values)
    assert refused.value.field == "role"
    with app.test_request_context(), pytest.raises(FieldError):
        save_user(admin, someone_else, role="admin", active=False, **values)


def test_linking_an_inspector_to_a_user(admin_client, make_user, make_inspector):
    user = make_user(Role.INSPECTOR)
    inspector = make_inspector(full_name="Trần Quốc Bảo")
    admin_client.post(f"/admin/users/{user.id}/edit", data=_form(user, inspector_id=str(inspector.id)))
    assert db.session.get(Inspector, inspector.id).user_id == user.id
    planner = make_user(Role.PLANNER)
    other = make_inspector()
    page = admin_client.post(f"/admin/users/{planner.id}/edit", data=_form(planner, inspector_id=str(other.id)))
    assert "Chỉ tài khoản có vai trò thành viên đoàn kiểm tra" in error_beside(page.get_data(as_text=True),
                                                                               "inspector_id")


def test_a_user_with_history_is_deactivated_not_deleted(admin_client, make_user, make_inspector):
    linked = make_user(Role.INSPECTOR)
    make_inspector(user=linked)
    page = admin_client.post(f"/admin/users/{linked.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "không thể xóa" in page
    unused_id = make_user(Role.LEADER).id
    admin_client.post(f"/admin/users/{unused_id}/delete")
    assert db.session.get(User, unused_id) is None


def test_a_user_who_acted_is_kept_for_the_audit_log(admin_client, make_user):
    leader = make_user(Role.LEADER)
    with acting_as(leader):
        record_event(db.session, "approve", leader)
    db.session.commit()
    page = admin_client.post(f"/admin/users/{leader.id}/delete", follow_redirects=True)
    assert page.status_code == 200 and "không thể xóa" in page.get_data(as_text=True)
    assert db.session.get(User, leader.id) is not None
