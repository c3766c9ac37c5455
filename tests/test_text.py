"""Text typed or imported in either Unicode form is stored one way and found by a normal query;
searches take LIKE wildcards literally."""

from __future__ import annotations

import io
import unicodedata

import pytest
from sqlalchemy import func, select

from inspection.extensions import db
from inspection.text import clean, fold, fold_label
from models import Role, Unit, UnitKind, User
from tests.factories import PASSWORD
from tests.orgs.conftest import error_beside


def nfd(text: str) -> str:
    """As Unikey's "Unicode tổ hợp" or a Mac sends it: letters and their marks apart."""
    return unicodedata.normalize("NFD", text)


KIEM_LAM = "Chi cục Kiểm lâm"
assert nfd(KIEM_LAM) != KIEM_LAM


@pytest.mark.parametrize(("typed", "multiline", "kept"), [
    (nfd(KIEM_LAM), False, KIEM_LAM),
    ("Kiểm\x00 lâm\x1b", False, "Kiểm lâm"),
    ("Kiểm\u200b lâm\ufeff\u202e", False, "Kiểm lâm"),
    ("dòng 1\ndòng\t2", False, "dòng 1 dòng 2"),
    ("dòng 1\r\ndòng\t2\r\x00", True, "dòng 1\ndòng\t2\n"),
])
def test_clean(typed, multiline, kept):
    assert clean(typed, multiline=multiline) == kept


@pytest.mark.parametrize(("text", "folded"), [
    (nfd("Đường dây  NÓNG\n"), "duong day nong"),
    ("mã_đơn_vị", "ma_don_vi"),
])
def test_fold_is_the_same_for_both_forms_and_keeps_underscores(text, folded):
    assert fold(text) == folded
    assert fold_label("Mã_đơn_vị") == fold_label("MA ĐƠN VỊ") == "ma don vi"


def test_a_unit_typed_in_nfd_is_stored_nfc_and_found(admin_client):
    response = admin_client.post("/admin/units/new", data={
        "code": "CCKL", "name": nfd(KIEM_LAM) + "\u200b", "kind": UnitKind.SUB_DEPARTMENT.value,
        "head_name": nfd("Nguyễn Văn Ánh"), "active": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(Unit.head_name).where(Unit.name == KIEM_LAM)) == "Nguyễn Văn Ánh"
    page = admin_client.get("/admin/units", query_string={"q": "Kiểm lâm"}).get_data(as_text=True)
    assert KIEM_LAM in page


def test_a_unit_imported_in_nfd_is_stored_nfc_and_found(admin_client):
    rows = ["mã,tên,loại", f"CCKL,{nfd(KIEM_LAM)}\u200b,{nfd('chi cục')}"]
    upload = {"file": (io.BytesIO("\n".join(rows).encode()), "don-vi.csv")}
    preview = admin_client.post("/admin/units/import", data=upload, content_type="multipart/form-data")
    token = preview.get_data(as_text=True).split('name="token" type="hidden" value="')[1].split('"')[0]
    assert admin_client.post("/admin/units/import/confirm", data={"token": token}).status_code == 302
    assert db.session.scalar(select(Unit.code).where(Unit.name == KIEM_LAM)) == "CCKL"


def test_an_nfd_user_name_cannot_copy_an_existing_one(admin_client, make_user, client):
    make_user(Role.LEADER, username="đức.lê")
    response = admin_client.post("/admin/users/new", data={
        "username": nfd("đức.lê"), "full_name": "Lê Đức", "role": "planner", "active": "y",
        "password": "mat-khau-du-dai"})
    assert error_beside(response.get_data(as_text=True), "username") == "Tên đăng nhập này đã được sử dụng."
    assert db.session.scalar(select(func.count()).select_from(User)) == 2  # the admin and đức.lê
    assert client.post("/login", data={"username": nfd("đức.lê"), "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(("query", "found"), [
    ("%", {"Trạm 100%"}),
    ("_", {"Trạm_cũ"}),
    ("100", {"Trạm 100%", "Trạm 1000"}),
])
def test_wildcards_in_the_unit_search_are_taken_literally(admin_client, make_unit, query, found):
    names = ("Trạm 100%", "Trạm 1000", "Trạm_cũ")
    for n, name in enumerate(names):
        make_unit(code=f"T{n}", name=name)
    page = admin_client.get("/admin/units", query_string={"q": query}).get_data(as_text=True)
    assert {name for name in names if f"<td>{name}</td>" in page} == found
