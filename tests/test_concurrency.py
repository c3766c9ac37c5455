"""One version check and one answer to a stale change, whatever the domain."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy.orm.exc import StaleDataError

from inspection.concurrency import MESSAGE, Conflict, check_version, conflict_response
from inspection.extensions import db
from models import Role, Unit, UnitKind

VI_MESSAGE = "Người khác đã thay đổi nội dung này sau khi bạn mở trang."


@pytest.mark.parametrize(("submitted", "ok"), [
    (1, True), ("1", True), (" 1 ", True), (2, False), ("2", False), (None, False), ("", False), ("abc", False),
    (True, False), ("1.0", False),
])
def test_a_stored_record_matches_only_its_own_version(make_unit, submitted, ok):
    unit = make_unit()
    assert unit.version == 1
    if ok:
        check_version(unit, submitted)
    else:
        with pytest.raises(Conflict):
            check_version(unit, submitted)


def test_a_record_not_stored_yet_matches_only_no_version(app):
    check_version(None, None)
    check_version(Unit(code="NEW", name="Mới", kind=UnitKind.BOARD), "")
    with pytest.raises(Conflict):
        check_version(None, "1")  # loaded with a version: the record was deleted meanwhile


def test_scripts_get_json_and_forms_get_the_message_flashed(app):
    with app.test_request_context("/x", method="POST", json={}):
        body, status = conflict_response()
        assert status == 409 and body.json == {"error": "stale", "message": str(MESSAGE)}
    with app.test_request_context("/units/3/edit", method="POST"):
        response = conflict_response()
        assert (response.status_code, response.location) == (303, "http://localhost/units/3/edit")
        assert get_flashed_messages() == [str(MESSAGE)]
    with app.test_request_context("/units/3/edit", method="POST"):
        assert conflict_response(lambda: "the form, as typed") == ("the form, as typed", 409)


def test_a_conflict_no_view_catches_gets_the_same_answer(app, admin_client, make_unit):
    """The flush's own StaleDataError (a race between two saves) ends in the same message."""
    unit = make_unit()
    with app.test_request_context("/x", method="POST", json={}):
        race = StaleDataError("UPDATE statement on table 'units' expected to update 1 row(s); 0 were matched.")
        response = app.make_response(app.handle_user_exception(race))
    assert response.status_code == 409 and response.json["error"] == "stale"
    page = admin_client.post(f"/admin/units/{unit.id}/edit", data={
        "code": unit.code, "name": "Tên", "kind": "ban", "version": "7"}, follow_redirects=True)
    assert VI_MESSAGE in page.get_data(as_text=True)
    assert db.session.get(Unit, unit.id).name == unit.name


def test_an_unreadable_version_is_a_conflict_not_a_server_error(client_as, make_unit):
    unit = make_unit()
    client = client_as(Role.UNIT, unit=unit)
    created = client.post("/initiatives/new", data={"year": 2026, "title": "Sáng kiến", "description": "Mô tả",
                                                    "category": "other"})
    initiative_id = int(created.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/initiatives/{initiative_id}/edit", data={
        "year": 2026, "title": "Sửa", "description": "Mô tả", "category": "other", "version": "abc"})
    assert response.status_code == 409 and VI_MESSAGE in response.get_data(as_text=True)
