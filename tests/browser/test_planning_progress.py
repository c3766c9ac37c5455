"""On a tablet: the progress bar of a running solve moves without a page reload, Cancel stops
the solve, and the planning pages fit the screen."""

from __future__ import annotations

import threading
import time

import pytest

import planner
from inspection.planning import tasks
from models import Role
from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.factories import PASSWORD
from tests.planning.conftest import org  # noqa: F401  (the small organisation)

pytestmark = pytest.mark.browser


@pytest.fixture
def slow_worker(app, monkeypatch):
    """Solves run in a thread; the solve improves its score every 100 ms until it is cancelled."""
    threads: list[threading.Thread] = []
    run_solve = tasks.run_solve

    def solve(data, *, time_limit, seed=None, on_progress=None, should_stop=None):
        started, step = time.monotonic(), 0
        while not should_stop() and time.monotonic() - started < 20:
            step += 1
            on_progress({"elapsed": time.monotonic() - started, "time_limit": time_limit, "score": 10 * step,
                         "bound": 1000, "phase": "schedule"})
            time.sleep(0.1)
        return {"format": "inspection-plan/1", "status": "UNKNOWN", "score": None, "bound": 1000,
                "inspections": [], "explanation": [], "explanation_codes": []}

    def enqueue(job_id: int) -> None:
        def run() -> None:
            with app.app_context():
                run_solve.call_local(job_id)

        threads.append(threading.Thread(target=run, daemon=True))
        threads[-1].start()

    monkeypatch.setattr(planner, "solve", solve)
    monkeypatch.setattr(tasks, "run_solve", enqueue)
    monkeypatch.setattr(tasks.Progress, "INTERVAL", 0.0)
    yield
    for thread in threads:
        thread.join(25)


def _score_width(page) -> float:
    return page.evaluate("parseFloat(document.querySelector('[data-bar=score_share]').style.width)")


def _until(predicate, timeout: float = 15.0):
    """Poll from Python: the page's CSP forbids Playwright's evaluated wait predicates."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_progress_updates_live_and_cancel_stops_the_solve(org, live_server, tablet, page_errors, slow_worker,  # noqa: F811
                                                          make_user):
    page, base = tablet, live_server
    programme = org["programme"]
    log_in(page, base, make_user(Role.PLANNER).username, PASSWORD)

    page.goto(f"{base}/planning/programmes/{programme.id}")
    assert not has_horizontal_scroll(page)
    page.select_option("#solve-time-limit", "60")
    page.click("form[action$='/solve'] button[type=submit]")
    page.wait_for_selector("#job-progress")
    url = page.url

    first = _until(lambda: (width := _score_width(page)) >= 2 and width)
    _until(lambda: _score_width(page) > first)
    assert page.url == url  # updated in place, not reloaded
    assert page.locator("[data-field=bound]").inner_text() == "1000"
    assert "đang xếp lịch" in page.locator("[data-field=phase]").inner_text()
    assert not has_horizontal_scroll(page)

    page.click("form[action$='/job/cancel'] button")
    page.wait_for_selector("a[data-show-when-finished]:not(.d-none)", timeout=15_000)
    assert page.locator("[data-field=status_label]").inner_text() == "Đã dừng."

    for path in ("", "/weights", "/edit", f"/weights/{org['units']['CCKL'].id}"):
        page.goto(f"{base}/planning/programmes/{programme.id}{path}")
        assert not has_horizontal_scroll(page), path
    assert page_errors == []
