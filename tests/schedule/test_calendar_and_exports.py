"""The personal calendar feed (secret URL, regenerated on demand), the Excel export and print."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar

from inspection.extensions import db
from models import Role, User
from tests.workbooks import opened


def _token(user) -> str:
    return db.session.get(User, user.id).calendar_token


def test_regenerating_the_token_invalidates_the_old_url(planned, as_user):
    client = as_user(planned["planner"])
    assert "Bạn chưa có địa chỉ lịch" in client.get("/schedule/calendar").get_data(as_text=True)

    client.post("/schedule/calendar/regenerate")
    old = _token(planned["planner"])
    assert f"/schedule/calendar/{old}.ics" in client.get("/schedule/calendar").get_data(as_text=True)
    assert client.get(f"/schedule/calendar/{old}.ics").status_code == 200

    client.post("/schedule/calendar/regenerate")
    new = _token(planned["planner"])

    assert new != old
    assert client.get(f"/schedule/calendar/{old}.ics").status_code == 404
    assert client.get(f"/schedule/calendar/{new}.ics").status_code == 200


def test_the_feed_needs_no_login_but_a_known_token(planned, app, as_user):
    as_user(planned["planner"]).post("/schedule/calendar/regenerate")
    anonymous = app.test_client()

    assert anonymous.get(f"/schedule/calendar/{_token(planned['planner'])}.ics").status_code == 200
    assert anonymous.get("/schedule/calendar/not-a-token.ics").status_code == 404


def test_a_disabled_user_s_feed_stops(planned, app, as_user):
    as_user(planned["planner"]).post("/schedule/calendar/regenerate")
    user = db.session.get(User, planned["planner"].id)
    user.active = False
    db.session.commit()

    assert app.test_client().get(f"/schedule/calendar/{user.calendar_token}.ics").status_code == 404


def test_feed_events_are_in_local_time_with_the_team(planned, as_user):
    client = as_user(planned["planner"])
    client.post("/schedule/calendar/regenerate")

    feed = Calendar.from_ical(client.get(f"/schedule/calendar/{_token(planned['planner'])}.ics").data)

    event = next(e for e in feed.walk("VEVENT") if e.decoded("dtstart").date() == date(2030, 4, 1))
    start = event.decoded("dtstart")
    assert isinstance(start, datetime) and (start.hour, start.minute) == (8, 0)
    assert str(start.utcoffset()) == "7:00:00"
    assert "Đơn vị A" in str(event["summary"])
    assert "Thanh tra An" in str(event["description"]) and "Thanh tra Chi" in str(event["description"])


def test_the_excel_export_has_vietnamese_headers_and_dd_mm_yyyy_dates(planned, as_user):
    client = as_user(planned["planner"])
    client.get("/language/en")  # the export is in Vietnamese whatever the interface language

    response = client.get(f"/schedule/programmes/{planned['programme'].id}/plan.xlsx")

    sheet = opened(response).active
    assert [c.value for c in sheet[1]][:4] == ["STT", "Ngày", "Buổi", "Mã đơn vị"]
    first = sheet["B2"]
    assert first.value.date() == date(2030, 4, 1) and first.number_format == "dd/mm/yyyy"
    assert [c.value for c in sheet[2]][2:7] == ["Buổi sáng", "A", "Đơn vị A", "Quận 1", "Định kỳ"]
    assert sheet.max_row == 1 + 5


def test_admins_have_no_schedule(planned, client_as):
    admin = client_as(Role.ADMIN)
    assert admin.get("/schedule/inspections").status_code == 403
    assert "/schedule/inspections" not in admin.get("/").get_data(as_text=True)


def test_a_unit_s_schedule_exports_without_the_kind_column(planned, as_user, make_user):
    unit_user = make_user(Role.UNIT, unit=planned["units"]["B"])
    as_user(planned["planner"]).post(f"/schedule/programmes/{planned['programme'].id}/publish")

    book = opened(as_user(unit_user).get(f"/schedule/programmes/{planned['programme'].id}/plan.xlsx"))

    rows = list(book.active.iter_rows(values_only=True))
    assert "Hình thức" not in rows[0] and [r[3] for r in rows[1:]] == ["B"]
