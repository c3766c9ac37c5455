"""The .ics feed as calendar programs read it (RFC 5545): times carry their VTIMEZONE, so a
second parser (vobject, as strict as Mozilla's ical.js here) finds them in UTC; an event keeps
its UID when its visit moves, its SEQUENCE goes up, a cancelled visit stays as CANCELLED, and
links start with the configured BASE_URL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import vobject

from inspection.extensions import db
from models import Inspection, User


@pytest.fixture
def feed(planned, as_user):
    """``feed(user)`` → the user's feed parsed by vobject, as {unit code and kind: event}."""

    def read(user) -> dict:
        client = as_user(user)
        if not db.session.get(User, user.id).calendar_token:
            client.post("/schedule/calendar/regenerate")
        token = db.session.get(User, user.id).calendar_token
        read.text = client.get(f"/schedule/calendar/{token}.ics", headers={"Host": "evil.example"}).get_data(
            as_text=True)
        calendar = vobject.readOne(read.text)
        read.calendar = calendar
        rows = {row.id: key for key, row in planned["rows"].items()}
        return {rows[int(e.uid.value.split("-")[1].split("@")[0])]: e for e in calendar.vevent_list}

    return read


def _publish(planned, as_user) -> None:
    as_user(planned["planner"]).post(f"/schedule/programmes/{planned['programme'].id}/publish")


def _edit(planned, as_user, row: Inspection, **changes):
    data = {"date": row.date.isoformat(), "slot": row.slot.value, "lead": row.lead_id,
            "team": [m.inspector_id for m in row.members], "version": row.version, "submit": "1", **changes}
    response = as_user(planned["planner"]).post(f"/schedule/inspections/{row.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_times_are_read_in_utc_by_a_second_parser(planned, feed):
    events = feed(planned["planner"])

    assert [tz.tzid.value for tz in feed.calendar.vtimezone_list] == ["Asia/Ho_Chi_Minh"]
    morning = events[("A", "periodic")]  # 01/04/2030, morning: 08:00–11:30 in Ho Chi Minh City
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20300401T080000" in feed.text
    assert morning.dtstart.value.astimezone(UTC) == datetime(2030, 4, 1, 1, 0, tzinfo=UTC)
    assert morning.dtend.value.astimezone(UTC) == datetime(2030, 4, 1, 4, 30, tzinfo=UTC)
    afternoon = events[("A", "surprise")]  # 06/05/2030, afternoon from 13:30
    assert afternoon.dtstart.value.astimezone(UTC) == datetime(2030, 5, 6, 6, 30, tzinfo=UTC)
    assert {e.sequence.value for e in events.values()} == {"0"}
    assert morning.dtstamp.value.tzinfo is not None and morning.dtstamp.value.utcoffset().total_seconds() == 0


def test_a_moved_visit_keeps_its_uid_and_raises_its_sequence(planned, as_user, feed):
    _publish(planned, as_user)
    chi = planned["users"]["Chi"]
    before = feed(chi)[("B", "periodic")]

    _edit(planned, as_user, planned["rows"][("B", "periodic")], date="2030-04-09", slot="PM")

    after = feed(chi)[("B", "periodic")]  # still in the team's feed, before any new publication
    assert after.uid.value == before.uid.value
    assert (before.sequence.value, after.sequence.value) == ("0", "1")
    assert after.dtstart.value.astimezone(UTC) == datetime(2030, 4, 9, 6, 30, tzinfo=UTC)


def test_a_cancelled_visit_stays_in_the_feed_as_cancelled(planned, as_user, feed):
    _publish(planned, as_user)
    row = planned["rows"][("E", "periodic")]
    response = as_user(planned["planner"]).post(f"/schedule/inspections/{row.id}/edit", data={
        "date": row.date.isoformat(), "slot": row.slot.value, "lead": row.lead_id,
        "team": [m.inspector_id for m in row.members], "version": row.version, "cancel_inspection": "1"})
    assert response.status_code == 302

    event = feed(planned["users"]["Chi"])[("E", "periodic")]

    assert event.status.value == "CANCELLED" and event.sequence.value == "1"


def test_links_and_uids_come_from_the_configured_address(planned, app, as_user, feed):
    app.config["BASE_URL"] = "https://kiemtra.example.gov.vn/"
    client = as_user(planned["planner"])
    client.post("/schedule/calendar/regenerate")

    settings = client.get("/schedule/calendar").get_data(as_text=True)
    event = feed(planned["planner"])[("C", "periodic")]  # asked for with another Host header

    token = db.session.get(User, planned["planner"].id).calendar_token
    assert f"https://kiemtra.example.gov.vn/schedule/calendar/{token}.ics" in settings
    row = planned["rows"][("C", "periodic")]
    assert event.url.value == f"https://kiemtra.example.gov.vn/schedule/inspections/{row.id}"
    assert event.uid.value == f"inspection-{row.id}@kiemtra.example.gov.vn"
    assert "localhost" not in settings and "evil.example" not in feed.text
