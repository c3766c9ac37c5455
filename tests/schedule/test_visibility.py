"""Publishing, and what each role sees of the plan in every place it appears: the list, the
month calendar, the detail page, the .ics feed, the Excel export and the printable plan."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from inspection import clock, jobs
from inspection.extensions import db
from inspection.schedule.reveal import reveal_due, reveal_surprise_inspections
from models import AuditEntry, Inspection, InspectionKind, ProgrammeStatus, Role

ALL = {("A", "periodic"), ("B", "periodic"), ("C", "periodic"), ("E", "periodic"), ("A", "surprise")}


def _rows_by_id(org) -> dict[int, tuple[str, str]]:
    return {row.id: key for key, row in org["rows"].items()}


def _listed(client, org, query: str = "") -> set:
    html = client.get(f"/schedule/inspections{query}").get_data(as_text=True)
    ids = {int(i) for i in re.findall(r'href="/schedule/inspections/(\d+)"', html)}
    return {_rows_by_id(org)[i] for i in ids}


def _details(client, org) -> set:
    return {key for key, row in org["rows"].items() if client.get(f"/schedule/inspections/{row.id}").status_code == 200}


def _feed(client, org) -> set:
    client.post("/schedule/calendar/regenerate")
    user = db.session.get(type(client.user), client.user.id)
    response = client.get(f"/schedule/calendar/{user.calendar_token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    ids = {int(re.match(r"inspection-(\d+)@", str(e["UID"])).group(1)) for e in events}
    return {_rows_by_id(org)[i] for i in ids}


def _excel(client, org) -> set:
    response = client.get(f"/schedule/programmes/{org['programme'].id}/plan.xlsx")
    if response.status_code == 404:  # a programme in which the user sees nothing is not theirs to know
        return set()
    sheet = load_workbook(BytesIO(response.data)).active
    # Rows are told apart by unit and date: a unit's export has no "kind" column.
    by_unit_and_date = {(row.unit.code, row.date): key for key, row in org["rows"].items()}
    has_kind = "Loại" in [c.value for c in sheet[1]]
    assert has_kind == (client.user.role != Role.UNIT)
    return {by_unit_and_date[(row[3], row[1].date())] for row in sheet.iter_rows(min_row=2, values_only=True)}


def _printed(client, org) -> int:
    """The plan document lists the periodic inspections only (it goes to the units)."""
    response = client.get(f"/schedule/programmes/{org['programme'].id}/print")
    if response.status_code == 404:
        return 0
    html = response.get_data(as_text=True)
    return len(re.findall(r"Đơn vị [A-E] \([A-E]\)</td>", html))


def _everywhere(client, org) -> set:
    """What the user sees, after checking every place shows the same thing."""
    seen = _listed(client, org)
    month = _listed(client, org, "?month=2030-04") | _listed(client, org, "?month=2030-05")
    assert month == seen
    assert _details(client, org) == seen
    assert _feed(client, org) == seen
    assert _excel(client, org) == seen
    assert _printed(client, org) == len({key for key in seen if key[1] == "periodic"})
    return seen


@pytest.fixture
def clients(planned, as_user, make_user):
    org = planned
    return {
        "planner": as_user(org["planner"]),
        "leader": as_user(make_user(Role.LEADER)),
        "Chi": as_user(org["users"]["Chi"]),
        "Dũng": as_user(org["users"]["Dũng"]),
        "unit A": as_user(make_user(Role.UNIT, unit=org["units"]["A"])),
        "unit D": as_user(make_user(Role.UNIT, unit=org["units"]["D"])),
    }


def test_before_publishing_only_planners_and_leaders_see_the_plan(planned, clients):
    expected = {"planner": ALL, "leader": ALL, "Chi": set(), "Dũng": set(), "unit A": set(), "unit D": set()}
    assert {name: _everywhere(c, planned) for name, c in clients.items()} == expected


def test_publishing_shows_periodic_inspections_to_teams_and_units_and_surprises_to_teams_only(planned, clients):
    response = clients["planner"].post(f"/schedule/programmes/{planned['programme'].id}/publish")
    assert response.status_code == 302

    expected = {
        "planner": ALL,
        "leader": ALL,
        "Chi": {("A", "periodic"), ("B", "periodic"), ("E", "periodic")},
        "Dũng": {("C", "periodic"), ("A", "surprise")},
        "unit A": {("A", "periodic")},
        "unit D": set(),
    }
    assert {name: _everywhere(c, planned) for name, c in clients.items()} == expected
    programme = db.session.get(type(planned["programme"]), planned["programme"].id)
    assert programme.status == ProgrammeStatus.PUBLISHED
    assert all(i.published_at is not None for i in programme.inspections)
    event = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "publish")).one()
    assert event.username == planned["planner"].username and event.after == {"inspections": 5, "changed": 0}


def test_a_unit_is_never_told_its_inspection_is_a_surprise(planned, clients):
    clients["planner"].post(f"/schedule/programmes/{planned['programme'].id}/publish")
    row = db.session.get(Inspection, planned["rows"][("A", "surprise")].id)
    row.date, row.revealed_at = clock.today(), row.published_at
    db.session.commit()
    unit = clients["unit A"]

    pages = [unit.get("/schedule/inspections").get_data(as_text=True),
             unit.get(f"/schedule/inspections/{row.id}").get_data(as_text=True)]
    _feed(unit, planned)
    feed = unit.get(f"/schedule/calendar/{db.session.get(type(unit.user), unit.user.id).calendar_token}.ics")

    assert f'/schedule/inspections/{row.id}"' in pages[0]
    assert all("Đột xuất" not in html and "đột xuất" not in html for html in pages)
    assert 'name="kind"' not in pages[0]
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert len(summaries) == 2 and all("đột xuất" not in s.lower() for s in summaries)


PROGRAMME_DOCUMENTS = ("print", "plan.pdf", "plan.xlsx")


def test_a_programme_is_unknown_to_whoever_sees_none_of_its_inspections(planned, clients, make_programme):
    """Its name and year neither: a draft of next year, or a published plan without the user's unit."""
    draft = make_programme(year=2031, name="Dự thảo kế hoạch bí mật")
    programme = planned["programme"]
    clients["planner"].post(f"/schedule/programmes/{programme.id}/publish")
    for name in ("Chi", "Dũng", "unit A", "unit D"):
        for document in PROGRAMME_DOCUMENTS:
            response = clients[name].get(f"/schedule/programmes/{draft.id}/{document}")
            assert response.status_code == 404, (name, document)
            assert b"2031" not in response.data
    for document in PROGRAMME_DOCUMENTS:
        assert clients["unit D"].get(f"/schedule/programmes/{programme.id}/{document}").status_code == 404
        assert clients["unit A"].get(f"/schedule/programmes/{programme.id}/{document}").status_code == 200
        assert clients["leader"].get(f"/schedule/programmes/{draft.id}/{document}").status_code == 200


def test_publishing_a_draft_programme_is_refused(planned, clients, make_programme):
    draft = make_programme(year=2031)
    response = clients["planner"].post(f"/schedule/programmes/{draft.id}/publish", follow_redirects=True)
    assert "chưa có lịch kiểm tra" in response.get_data(as_text=True)
    assert db.session.get(type(draft), draft.id).status == ProgrammeStatus.DRAFT


def test_a_moved_published_inspection_stays_visible_at_its_new_time_marked_changed(planned, clients, as_user):
    planner = clients["planner"]
    programme_id = planned["programme"].id
    planner.post(f"/schedule/programmes/{programme_id}/publish")
    row = planned["rows"][("A", "periodic")]  # An and Chi; unit A sees it
    p = planned["people"]
    response = planner.post(f"/schedule/inspections/{row.id}/edit", data={
        "date": "2030-03-27", "slot": "PM", "lead": p["Bình"].id, "team": [p["Bình"].id, p["Chi"].id],
        "version": row.version, "submit": "1"})
    assert response.headers["Location"].endswith(f"/schedule/inspections/{row.id}")

    moved = db.session.get(Inspection, row.id)
    assert (moved.date, moved.published_at is not None, moved.sequence) == (date(2030, 3, 27), True, 1)
    for name in ("Chi", "unit A"):
        html = clients[name].get(f"/schedule/inspections/{row.id}").get_data(as_text=True)
        assert "27/03/2030" in html and "đã thay đổi" in html, name
        assert "đã thay đổi" in clients[name].get("/schedule/inspections").get_data(as_text=True)
    assert ("A", "periodic") in _feed(clients["unit A"], planned)
    # An left the team: the visit is no longer his; Bình joined it.
    assert ("A", "periodic") not in _listed(as_user(planned["users"]["An"]), planned)
    assert ("A", "periodic") in _listed(as_user(planned["users"]["Bình"]), planned)

    planner.post(f"/schedule/programmes/{programme_id}/publish")

    confirmed = db.session.get(Inspection, row.id)
    assert confirmed.published_sequence == 1 and not confirmed.changed_since_published
    assert "đã thay đổi" not in clients["unit A"].get(f"/schedule/inspections/{row.id}").get_data(as_text=True)


def test_an_inspection_added_after_publishing_waits_for_the_next_publication(planned, clients):
    planner = clients["planner"]
    programme_id = planned["programme"].id
    planner.post(f"/schedule/programmes/{programme_id}/publish")
    p = planned["people"]
    planner.post(f"/schedule/programmes/{programme_id}/add", data={
        "unit": planned["units"]["D"].id, "kind": "periodic", "date": "2030-04-10", "slot": "AM",
        "lead": p["Bình"].id, "team": [p["Chi"].id], "submit": "1"})
    added = db.session.scalars(db.select(Inspection).where(Inspection.unit_id == planned["units"]["D"].id)).one()
    assert added.published_at is None

    planner.post(f"/schedule/programmes/{programme_id}/publish")

    assert db.session.get(Inspection, added.id).published_at is not None


# ------------------------------------------------------------------ the surprise reveal

@pytest.fixture
def surprise_for_unit(app, make_inspection, make_user, make_programme, as_user):
    """A published surprise inspection, and its unit's focal point logged in; ``at(day)`` makes
    the visit happen on ``day``."""
    unit_user = make_user(Role.UNIT)
    programme = make_programme(status=ProgrammeStatus.PUBLISHED)
    inspection = make_inspection(programme=programme, unit=unit_user.unit, kind=InspectionKind.SURPRISE,
                                 date=clock.today() + timedelta(days=1))
    inspection.published_at = inspection.created_at
    db.session.commit()
    return inspection, as_user(unit_user)


def _unit_sees(client, inspection) -> bool:
    detail = client.get(f"/schedule/inspections/{inspection.id}").status_code
    listed = f'/schedule/inspections/{inspection.id}"' in client.get("/schedule/inspections").get_data(as_text=True)
    assert listed == (detail == 200)
    return detail == 200


def test_a_surprise_inspection_is_revealed_to_its_unit_on_its_day_and_not_before(surprise_for_unit):
    inspection, unit_client = surprise_for_unit
    today = clock.today()

    assert reveal_due(today) == 0
    assert unit_client.get(f"/schedule/inspections/{inspection.id}").status_code == 404
    assert not _unit_sees(unit_client, inspection)

    # The hourly job runs on the day itself (here: the inspection is moved to today).
    db.session.get(Inspection, inspection.id).date = today
    db.session.commit()
    assert reveal_due(today) == 1
    assert _unit_sees(unit_client, inspection)
    assert reveal_due(today) == 0  # revealed once

    event = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "reveal")).one()
    assert (event.username, event.entity, event.entity_id) == ("system", "inspections", str(inspection.id))


def test_a_surprise_inspection_stays_visible_to_its_unit_after_its_day(surprise_for_unit):
    inspection, unit_client = surprise_for_unit
    db.session.get(Inspection, inspection.id).date = clock.today() - timedelta(days=3)
    db.session.commit()

    assert reveal_due(clock.today()) == 1
    assert _unit_sees(unit_client, inspection)


def test_revealing_early_does_not_show_a_surprise_before_its_day(surprise_for_unit):
    inspection, unit_client = surprise_for_unit
    tomorrow = clock.today() + timedelta(days=1)

    assert reveal_due(tomorrow) == 1  # e.g. a clock running ahead
    assert db.session.get(Inspection, inspection.id).revealed_at is not None
    assert not _unit_sees(unit_client, inspection)


def test_unpublished_and_cancelled_surprises_are_never_revealed(surprise_for_unit, make_inspection):
    inspection, _ = surprise_for_unit
    row = db.session.get(Inspection, inspection.id)
    row.published_at = None
    row.date = clock.today()
    db.session.commit()
    assert reveal_due(clock.today()) == 0


def test_the_reveal_runs_every_hour_in_the_worker(surprise_for_unit):
    inspection, unit_client = surprise_for_unit
    db.session.get(Inspection, inspection.id).date = clock.today()
    db.session.commit()

    assert "inspection.schedule.reveal" in jobs.TASK_MODULES
    hourly = reveal_surprise_inspections.s()
    assert hourly.validate_datetime(datetime(2030, 5, 6, 9, 0))
    assert not hourly.validate_datetime(datetime(2030, 5, 6, 9, 30))
    assert reveal_surprise_inspections.call_local() == 1
    assert _unit_sees(unit_client, inspection)


def test_two_workers_reveal_a_surprise_once(surprise_for_unit, app, monkeypatch):
    """Each worker's scheduler queues the hourly reveal: only one of them runs it."""
    inspection, _ = surprise_for_unit
    db.session.get(Inspection, inspection.id).date = clock.today()
    db.session.commit()
    monkeypatch.setattr(jobs, "_worker_app", app)
    start = threading.Barrier(2)
    results = []

    def worker() -> None:
        start.wait()
        results.append(reveal_surprise_inspections.call_local())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == [1, None]
    assert len(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "reveal")).all()) == 1
