"""A province's long lists come a page (or a month) at a time; each page says where the rest is."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import extract, func, select

from benchmarks.organisation import build
from benchmarks.pages import logged_in
from inspection.extensions import db
from models import Inspection, Role, Unit


@pytest.fixture
def org(app):
    return build(30)


def _client(app, org, role):
    client = logged_in(app, org.users[role])
    client.get("/language/en")
    return client


def test_records_come_a_page_at_a_time(app, org, monkeypatch):
    monkeypatch.setattr("inspection.checklists.views.records.RECORDS_PER_PAGE", 4)
    client = _client(app, org, Role.LEADER)
    first = client.get("/checklists/records?status=all").get_data(as_text=True)
    second = client.get("/checklists/records?status=all&page=2").get_data(as_text=True)
    ids = [re.findall(r'href="/checklists/records/(\d+)"', html) for html in (first, second)]
    assert len(ids[0]) == len(ids[1]) == 4 and not set(ids[0]) & set(ids[1])
    assert "status=all&amp;page=2" in first


def test_the_schedule_list_comes_a_page_at_a_time_but_a_month_whole(app, org, monkeypatch):
    monkeypatch.setattr("inspection.schedule.views.SCHEDULE_PER_PAGE", 1)
    client = _client(app, org, Role.PLANNER)
    html = client.get(f"/schedule/inspections?programme={org.programme_id}").get_data(as_text=True)
    assert html.count('href="/schedule/inspections/') == 1 and "page=2" in html
    month = client.get(f"/schedule/inspections?programme={org.programme_id}&month={org.year}-05").get_data(as_text=True)
    in_may = db.session.scalar(select(func.count()).where(Inspection.programme_id == org.programme_id,
                                                          extract("month", Inspection.date) == 5))
    assert month.count('class="d-block small schedule-chip') == in_may > 1  # the calendar of May is whole
    assert "page=2" not in month


def test_a_large_plan_shows_its_calendar_by_month_and_its_reasons_by_page(app, org, monkeypatch):
    monkeypatch.setattr("inspection.planning.plan_page.WHOLE_CALENDAR_UP_TO", 3)
    monkeypatch.setattr("inspection.planning.plan_page.REASONS_PER_PAGE", 10)
    client = _client(app, org, Role.PLANNER)
    html = client.get(f"/planning/programmes/{org.programme_id}?month={org.year}-06").get_data(as_text=True)
    assert html.count('class="table table-bordered table-sm plan-month') == 1
    assert "June" in html.split('class="table table-bordered table-sm plan-month')[1][:200]
    tabs = re.findall(r'month=(\d{4}-\d\d)#calendar">', html)
    assert tabs[0] == f"{org.year}-03" and tabs[-1] == f"{org.year}-10"
    reasons = html.split('id="reasons"')[1].split("</section>")[0]
    assert reasons.count("<tr class=") == 10 and "page=2" in reasons


def test_the_weights_page_comes_a_page_at_a_time_and_finds_a_unit(app, org, monkeypatch):
    monkeypatch.setattr("inspection.planning.views.WEIGHTS_PER_PAGE", 10)
    client = _client(app, org, Role.PLANNER)
    html = client.get(f"/planning/programmes/{org.programme_id}/weights").get_data(as_text=True)
    assert len(re.findall(r'<span class="fw-semibold">P\d{5}</span>', html)) == 10 and "page=2" in html
    code = db.session.scalar(select(Unit.code).where(Unit.active.is_(True)).order_by(Unit.code.desc()))
    found = client.get(f"/planning/programmes/{org.programme_id}/weights?q={code}").get_data(as_text=True)
    assert re.findall(r'<span class="fw-semibold">(P\d{5})</span>', found) == [code]


def test_the_indicators_overview_comes_a_page_at_a_time(app, org, monkeypatch):
    monkeypatch.setattr("inspection.indicators.views.UNITS_PER_PAGE", 10)
    client = _client(app, org, Role.ADMIN)
    html = client.get(f"/indicators/?year={org.year}").get_data(as_text=True)
    assert html.count("/12</td>") == 10 and "12/12" in html and "page=2" in html


def test_the_registry_names_some_missing_units_and_points_to_the_file(app, org, monkeypatch):
    monkeypatch.setattr("inspection.initiatives.views.MISSING_SHOWN", 2)
    client = _client(app, org, Role.LEADER)
    html = client.get(f"/initiatives/?year={org.year}").get_data(as_text=True)
    missing = html.split('id="missing-units"')[1].split("</ul>")[0]
    assert missing.count("<li>") == 2
    assert "more: every one is in the Excel file of missing units" in html
