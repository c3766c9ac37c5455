"""The solve runs in the background: progress is readable while it runs, it can be cancelled,
and two solves of one programme never run at once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

import planner
from inspection.extensions import db
from inspection.planning import operations, tasks
from inspection.planning.operations import SolveRefused, start_solve
from models import PlanRevision, ProgrammeStatus, SolveJob, SolveJobStatus
from models.base import utcnow


def _wait(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # read what the job committed
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def background(app, monkeypatch):
    """Run the solve task in a thread, like the worker does, instead of at once."""
    threads: list[threading.Thread] = []
    task = tasks.run_solve

    def enqueue(job_id: int):
        def run():
            with app.app_context():
                task.call_local(job_id)

        thread = threading.Thread(target=run, daemon=True)
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(tasks, "run_solve", enqueue)
    monkeypatch.setattr(tasks.Progress, "INTERVAL", 0.0)
    yield threads
    for thread in threads:
        thread.join(10)


@pytest.fixture
def slow_solve(monkeypatch):
    """A solve that reports an improving score every 50 ms until told to stop (at most 8 s)."""

    def solve(data, *, time_limit, seed=None, on_progress=None, should_stop=None):
        started = time.monotonic()
        step = 0
        while not should_stop() and time.monotonic() - started < 8:
            step += 1
            on_progress({"elapsed": time.monotonic() - started, "time_limit": time_limit, "score": step,
                         "bound": 1000, "phase": "schedule"})
            time.sleep(0.05)
        return {"format": "inspection-plan/1", "status": "UNKNOWN", "score": None, "bound": 1000,
                "inspections": [], "explanation": ["stopped"], "explanation_codes": []}

    monkeypatch.setattr(planner, "solve", solve)


def test_progress_is_readable_while_the_job_runs_and_cancel_stops_it(org, planner_client, background, slow_solve):
    programme = org["programme"]
    response = planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "60"})
    assert response.headers["Location"].endswith(f"/planning/programmes/{programme.id}/job")

    status_url = f"/planning/programmes/{programme.id}/job/status"
    state = _wait(lambda: (s := planner_client.get(status_url).json)["status"] == "running"
                  and (s["best_score"] or 0) >= 3 and s)
    assert state["bound"] == 1000 and not state["finished"] and 0 < state["time_share"] < 1
    assert state["phase"] == "đang xếp lịch các cuộc kiểm tra"
    page = planner_client.get(f"/planning/programmes/{programme.id}/job").get_data(as_text=True)
    assert 'data-status-url="' + status_url in page

    # A second solve while this one runs is refused and no second job appears.
    again = planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"},
                                follow_redirects=True)
    assert "đang được lập" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(SolveJob)) == 1

    planner_client.post(f"/planning/programmes/{programme.id}/job/cancel")
    state = _wait(lambda: (s := planner_client.get(status_url).json)["finished"] and s)
    assert state["status"] == "cancelled"
    job = db.session.scalars(db.select(SolveJob)).one()
    assert job.active_programme_id is None and job.revision_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(PlanRevision)) == 0
    # Once it is over, the programme can be solved again.
    solve_url = f"/planning/programmes/{programme.id}/solve"
    assert planner_client.post(solve_url, data={"time_limit": "10"}).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(SolveJob)) == 2
    planner_client.post(f"/planning/programmes/{programme.id}/job/cancel")


def test_a_failing_solve_is_recorded_on_the_job(org, planner_client, background, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(planner, "solve", broken)
    programme = org["programme"]
    planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"})

    job = _wait(lambda: db.session.scalars(db.select(SolveJob).where(SolveJob.status == SolveJobStatus.FAILED)).first())
    assert "solver crashed" in job.error and job.active_programme_id is None
    page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "solver crashed" in page


def test_the_unique_active_job_refuses_a_racing_second_solve(app, org, make_user, monkeypatch):
    programme = org["programme"]
    user = make_user()
    db.session.add(SolveJob(programme_id=programme.id, active_programme_id=programme.id,
                            status=SolveJobStatus.RUNNING))
    db.session.commit()
    with app.test_request_context(), pytest.raises(SolveRefused):
        start_solve(programme, user)
    # Two requests that both saw no active job: the database refuses the second insert.
    monkeypatch.setattr(operations, "active_job", lambda _programme: None)
    with app.test_request_context(), pytest.raises(SolveRefused):
        start_solve(programme, user)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(SolveJob)) == 1


def test_a_closed_programme_is_not_planned_again(org, planner_client):
    programme = org["programme"]
    programme.status = ProgrammeStatus.CLOSED
    db.session.commit()
    page = planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"},
                               follow_redirects=True).get_data(as_text=True)
    assert "đã kết thúc, không thể lập lịch nữa" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(SolveJob)) == 0


def test_a_solve_stores_its_plan_as_the_current_revision(org, planner_client):
    """Under the test configuration the task runs at once, as the worker would."""
    programme = org["programme"]
    planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"})

    job = db.session.scalars(db.select(SolveJob)).one()
    db.session.refresh(programme)
    assert job.status == SolveJobStatus.DONE and job.revision_id == programme.current_revision_id
    revision = programme.current_revision
    assert revision.source.value == "solve" and revision.created_by_id == planner_client.user.id
    assert planner.check(revision.instance, revision.plan).ok
    assert len(programme.inspections) == len(revision.plan["inspections"])


def test_a_queued_solve_is_cancelled_at_once_and_a_lost_worker_frees_the_programme(app, org, planner_client):
    programme = org["programme"]
    queued = SolveJob(programme_id=programme.id, active_programme_id=programme.id)
    db.session.add(queued)
    db.session.commit()

    planner_client.post(f"/planning/programmes/{programme.id}/job/cancel")
    db.session.refresh(queued)
    assert queued.status == SolveJobStatus.CANCELLED and queued.active_programme_id is None

    # A job still "running" long after its time limit lost its worker: a new solve replaces it.
    lost = SolveJob(programme_id=programme.id, active_programme_id=programme.id, status=SolveJobStatus.RUNNING,
                    time_limit=30, created_at=utcnow() - timedelta(hours=1))
    db.session.add(lost)
    db.session.commit()
    solve = planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"})
    assert solve.status_code == 302
    db.session.refresh(lost)
    assert lost.status == SolveJobStatus.FAILED and "tiến trình xử lý nền đã dừng" in lost.error.lower()
    db.session.refresh(programme)
    assert programme.current_revision is not None
