"""The planner's journey on a desktop: create a programme, plan it in the background while the
progress bar fills, read the calendar, move one inspection by hand, and publish."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest

from inspection.extensions import db
from inspection.planning import tasks
from models import Inspection, InspectionKind, Programme, ProgrammeStatus, Role
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def worker(app, monkeypatch):
    """Solves run in a thread of their own, as in the job worker, not inside the request."""
    threads: list[threading.Thread] = []
    run_solve = tasks.run_solve

    def enqueue(job_id: int) -> None:
        def run() -> None:
            with app.app_context():
                run_solve.call_local(job_id)

        threads.append(threading.Thread(target=run, daemon=True))
        threads[-1].start()

    monkeypatch.setattr(tasks, "run_solve", enqueue)
    yield
    for thread in threads:
        thread.join(20)


def _free_monday(entries: list[dict], start: date, end: date) -> date:
    """A Monday in a week the plan leaves empty: moving there cannot double-book anyone."""
    busy = {date.fromisoformat(e["date"]).isocalendar()[:2] for e in entries}
    day = start + timedelta(days=(7 - start.weekday()) % 7)
    while day <= end:
        if day.isocalendar()[:2] not in busy:
            return day
        day += timedelta(days=7)
    raise AssertionError("no free week in the window")


def test_planner_plans_moves_and_publishes(app, live_server, desktop, page_errors, worker, make_user, make_unit,
                                           make_inspector):
    for n, area in enumerate(["Quận 1", "Quận 1", "Quận 3", "Quận 3", "Củ Chi", "Củ Chi"], start=1):
        make_unit(code=f"DV{n}", name=f"Đơn vị số {n}", area=area)
    for name, lead in [("Nguyễn Văn An", True), ("Trần Thị Bình", True), ("Lê Văn Cường", False)]:
        make_inspector(full_name=name, can_lead=lead)
    planner = make_user(Role.PLANNER)
    page, base = desktop, live_server
    log_in(page, base, planner.username, PASSWORD)

    # A small programme for next year.
    page.goto(f"{base}/planning/programmes/new")
    page.fill("input[name=year]", "2027")
    page.fill("input[name=name]", "Kế hoạch kiểm tra thử 2027")
    page.fill("input[name=window_start]", "2027-03-15")
    page.fill("input[name=window_end]", "2027-10-29")
    page.fill("input[name=surprise_count]", "1")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    programme = db.session.scalars(db.select(Programme)).one()
    assert page.url.endswith(f"/planning/programmes/{programme.id}")

    # Plan: the job runs in the background; its progress bar fills and the plan link appears.
    page.select_option("#solve-time-limit", "10")
    page.click("form[action$='/solve'] button[type=submit]")
    page.wait_for_selector("#job-progress")
    page.wait_for_selector("a[data-show-when-finished]:not(.d-none)", timeout=30_000)
    assert page.locator("#time-bar").get_attribute("aria-valuenow") == "100"
    page.click("a[data-show-when-finished]")
    page.wait_for_selector("#calendar")

    db.session.rollback()
    programme = db.session.get(Programme, programme.id)
    entries = programme.current_revision.plan["inspections"]
    assert page.locator("#calendar .plan-item").count() == len(entries) > 0

    # Move a periodic inspection of a unit visited once to an empty week.
    once = Counter(e["unit"] for e in entries)
    entry = next(e for e in entries if e["kind"] == "periodic" and once[e["unit"]] == 1)
    row = db.session.scalars(db.select(Inspection).where(
        Inspection.programme_id == programme.id, Inspection.unit.has(code=entry["unit"]),
        Inspection.kind == InspectionKind.PERIODIC)).one()
    target = _free_monday(entries, programme.window_start, programme.window_end)
    page.click(f"#calendar a[href='/schedule/inspections/{row.id}/edit']")
    page.fill("input[name=date]", target.isoformat())
    page.select_option("select[name=slot]", "AM")
    page.click("input[name=submit]")
    page.wait_for_load_state("networkidle")
    assert "Đã lưu thay đổi" in page.content()
    db.session.rollback()
    moved = db.session.scalars(db.select(Inspection).where(Inspection.programme_id == programme.id,
                                                           Inspection.date == target)).one()
    assert moved.unit.code == entry["unit"]

    # Publish from the plan page.
    page.goto(f"{base}/planning/programmes/{programme.id}")
    page.click("form[action$='/publish'] button")
    page.wait_for_load_state("networkidle")
    assert "Đã công bố kế hoạch" in page.content()
    db.session.rollback()
    programme = db.session.get(Programme, programme.id)
    assert programme.status == ProgrammeStatus.PUBLISHED
    assert all(i.published_at is not None for i in programme.inspections)
    assert page_errors == []
