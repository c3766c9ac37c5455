"""The solve runs in the background: progress is readable while it runs, it can be cancelled in
every phase, a lost worker is noticed within two minutes, and two solves of one programme never
run at once (the database refuses the second)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

import planner
from inspection.extensions import db
from inspection.planning import operations, tasks
from inspection.planning.operations import SolveRefused, start_solve
from models import PlanRevision, Programme, ProgrammeStatus, Role, SolveJob, SolveJobStatus, User

#: The task itself (some tests replace ``tasks.run_solve``, what a request enqueues).
run_solve = tasks.run_solve


def _wait(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # read what the job committed
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def _job(job_id: int) -> SolveJob:
    """The job as the worker left it (the worker runs with a session of its own)."""
    db.session.expire_all()
    return db.session.get(SolveJob, job_id)


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def background(app, monkeypatch):
    """Run the solve task in a thread, like the worker does, instead of at once."""
    threads: list[threading.Thread] = []

    def enqueue(job_id: int):
        def run():
            with app.app_context():
                run_solve.call_local(job_id)

        thread = threading.Thread(target=run, daemon=True)
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(tasks, "run_solve", enqueue)
    monkeypatch.setattr(tasks.Progress, "INTERVAL", 0.0)
    yield threads
    for thread in threads:
        thread.join(10)


@pytest.fixture
def queued(monkeypatch):
    """Requests queue their job and nothing runs it (no worker)."""
    monkeypatch.setattr(tasks, "run_solve", lambda _job_id: None)


PLAN = {"format": "inspection-plan/1", "status": "UNKNOWN", "score": None, "bound": 1000,
        "inspections": [], "explanation": ["stopped"], "explanation_codes": []}


@pytest.fixture
def slow_solve(monkeypatch):
    """A solve that reports an improving score every 50 ms until told to stop (at most 8 s); its
    watcher runs in a thread of its own, as CP-SAT's does."""

    def solve(data, *, time_limit, seed=None, on_progress=None, should_stop=None):
        started = time.monotonic()
        stopped = threading.Event()

        def watch():
            while not stopped.is_set() and time.monotonic() - started < 8:
                if should_stop():
                    stopped.set()
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        step = 0
        while not stopped.is_set() and time.monotonic() - started < 8:
            step += 1
            on_progress({"elapsed": time.monotonic() - started, "time_limit": time_limit, "score": step,
                         "bound": 1000, "phase": "schedule"})
            time.sleep(0.05)
        watcher.join()
        return PLAN

    monkeypatch.setattr(planner, "solve", solve)


def _solve(client, programme, time_limit: str = "10"):
    return client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": time_limit})


def test_progress_is_readable_while_the_job_runs_and_cancel_stops_it(org, planner_client, background, slow_solve):
    programme = org["programme"]
    response = _solve(planner_client, programme, "60")
    assert response.headers["Location"].endswith(f"/planning/programmes/{programme.id}/job")

    status_url = f"/planning/programmes/{programme.id}/job/status"
    state = _wait(lambda: (s := planner_client.get(status_url).json)["status"] == "running"
                  and (s["best_score"] or 0) >= 3 and s)
    assert state["bound"] == 1000 and not state["finished"] and 0 < state["time_share"] < 1
    assert state["phase"] == "đang xếp lịch các cuộc kiểm tra"
    page = planner_client.get(f"/planning/programmes/{programme.id}/job").get_data(as_text=True)
    assert 'data-status-url="' + status_url in page
    job = db.session.scalars(db.select(SolveJob)).one()
    assert job.started_at is not None and job.heartbeat_at is not None

    # A second solve while this one runs is refused and no second job appears.
    again = planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"},
                                follow_redirects=True)
    assert "đang được lập" in again.get_data(as_text=True)
    assert _count(SolveJob) == 1

    planner_client.post(f"/planning/programmes/{programme.id}/job/cancel")
    state = _wait(lambda: (s := planner_client.get(status_url).json)["finished"] and s)
    assert state["status"] == "cancelled" and state["phase"] == ""
    job = db.session.scalars(db.select(SolveJob)).one()
    assert job.finished_at is not None and job.revision_id is None
    assert _count(PlanRevision) == 0
    # Once it is over, the programme can be solved again.
    assert _solve(planner_client, programme).status_code == 302
    assert _count(SolveJob) == 2
    planner_client.post(f"/planning/programmes/{programme.id}/job/cancel")


def test_a_failing_solve_is_recorded_on_the_job(org, planner_client, background, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(planner, "solve", broken)
    programme = org["programme"]
    _solve(planner_client, programme)

    job = _wait(lambda: db.session.scalars(db.select(SolveJob).where(SolveJob.status == SolveJobStatus.FAILED)).first())
    assert "solver crashed" in job.error and job.finished_at is not None
    page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "solver crashed" in page


def test_the_database_holds_one_active_solve_per_programme(org):
    """Two requests that both saw no active job: the partial unique index refuses the second."""
    programme = org["programme"]
    db.session.add(SolveJob(programme_id=programme.id, status=SolveJobStatus.RUNNING))
    db.session.commit()
    db.session.add(SolveJob(programme_id=programme.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Jobs that ended do not count.
    db.session.add_all([SolveJob(programme_id=programme.id, status=SolveJobStatus.DONE),
                        SolveJob(programme_id=programme.id, status=SolveJobStatus.FAILED)])
    db.session.commit()
    assert _count(SolveJob) == 3


def test_two_solve_requests_at_once_make_one_job(app, org, make_user, monkeypatch, queued):
    programme_id, user_id = org["programme"].id, make_user().id
    # Both requests pass the Python check before either inserts: only the database can refuse.
    monkeypatch.setattr(operations, "active_job", lambda _programme: None)
    barrier, outcomes = threading.Barrier(2), []

    def request():
        with app.test_request_context():
            programme, user = db.session.get(Programme, programme_id), db.session.get(User, user_id)
            barrier.wait()
            try:
                start_solve(programme, user)
                outcomes.append("queued")
            except SolveRefused:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["queued", "refused"]
    assert _count(SolveJob) == 1


def test_a_job_delivered_twice_runs_once(org, make_user, monkeypatch, queued):
    calls = []
    monkeypatch.setattr(planner, "solve", lambda *args, **kwargs: calls.append(1) or PLAN)
    job = start_solve(org["programme"], make_user())

    run_solve.call_local(job.id)
    run_solve.call_local(job.id)

    assert len(calls) == 1
    assert _job(job.id).status == SolveJobStatus.DONE


def test_two_workers_taking_one_job_at_once_run_it_once(app, org, make_user, queued):
    """A redelivered job reaches two workers at the same moment: one claims it, the other leaves it."""
    job_id = start_solve(org["programme"], make_user()).id
    db.session.commit()
    barrier, claimed = threading.Barrier(2), []

    def worker():
        with app.app_context():
            barrier.wait()
            claimed.append(tasks.claim(job_id))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(claimed) == [False, True]
    assert _job(job_id).status == SolveJobStatus.RUNNING


def test_a_worker_killed_mid_solve_is_noticed_within_two_minutes(org, client_as, time_machine):
    """The worker claimed the job, wrote a heartbeat and died: no more heartbeats."""
    programme = org["programme"]
    last_beat = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    time_machine.move_to(last_beat, tick=False)
    planner_client = client_as(Role.PLANNER)
    lost = SolveJob(programme_id=programme.id, status=SolveJobStatus.RUNNING, started_at=last_beat,
                    heartbeat_at=last_beat, phase="schedule")
    db.session.add(lost)
    db.session.commit()
    status_url = f"/planning/programmes/{programme.id}/job/status"

    time_machine.move_to(last_beat + timedelta(minutes=1, seconds=59), tick=False)
    assert planner_client.get(status_url).json["status"] == "running"
    time_machine.move_to(last_beat + timedelta(minutes=2, seconds=1), tick=False)
    state = planner_client.get(status_url).json

    assert state["status"] == "failed" and state["finished"]
    assert "Tiến trình xử lý nền đã dừng khi đang lập kế hoạch" in state["error"]
    page = planner_client.get(f"/planning/programmes/{programme.id}/job").get_data(as_text=True)
    assert "không có tín hiệu trong 2 phút" in page
    # A new solve runs (the test configuration runs it at once, as the worker would).
    assert _solve(planner_client, programme).status_code == 302
    db.session.refresh(programme)
    assert programme.current_revision is not None
    assert db.session.get(SolveJob, lost.id).status == SolveJobStatus.FAILED


def test_a_result_never_overwrites_a_job_that_ended_meanwhile(org, make_user, monkeypatch, queued, app):
    """The job is declared lost while its worker, only slow, still solves: the late plan is dropped."""
    job = start_solve(org["programme"], make_user())

    def solve(*_args, **_kwargs):
        with app.app_context():
            operations.finish_job(job.id, SolveJobStatus.FAILED, error="lost")
            db.session.commit()
        return planner_solve(*_args, **_kwargs)

    planner_solve = planner.solve
    monkeypatch.setattr(planner, "solve", solve)
    run_solve.call_local(job.id)

    ended = _job(job.id)
    assert (ended.status, ended.error, ended.revision_id) == (SolveJobStatus.FAILED, "lost", None)
    assert _count(PlanRevision) == 0


# ------------------------------------------------------------------ cancel in every phase


def test_cancel_while_queued_ends_the_job_and_the_worker_never_runs_it(org, planner_client, monkeypatch, queued):
    programme = org["programme"]
    _solve(planner_client, programme)
    calls = []
    monkeypatch.setattr(planner, "solve", lambda *args, **kwargs: calls.append(1) or PLAN)

    planner_client.post(f"/planning/programmes/{programme.id}/job/cancel")
    job = db.session.scalars(db.select(SolveJob)).one()
    run_solve.call_local(job.id)  # delivered after all

    db.session.refresh(job)
    assert job.status == SolveJobStatus.CANCELLED and job.cancel_requested and calls == []


def _cancel(job_id: int) -> None:
    db.session.execute(db.update(SolveJob).where(SolveJob.id == job_id).values(cancel_requested=True))
    db.session.commit()


def test_cancel_while_the_instance_is_built_stops_before_solving(org, make_user, monkeypatch, queued):
    job = start_solve(org["programme"], make_user())
    build = tasks.solve_instance
    monkeypatch.setattr(tasks, "solve_instance", lambda *args: (_cancel(job.id), build(*args))[1])
    calls = []
    monkeypatch.setattr(planner, "solve", lambda *args, **kwargs: calls.append(1) or PLAN)

    run_solve.call_local(job.id)

    ended = _job(job.id)
    assert ended.status == SolveJobStatus.CANCELLED and calls == [] and _count(PlanRevision) == 0


def test_cancel_while_the_plan_is_stored_keeps_the_plan_found(org, make_user, monkeypatch, queued):
    job = start_solve(org["programme"], make_user())
    solve = planner.solve
    monkeypatch.setattr(planner, "solve", lambda *args, **kwargs: (solve(*args, **kwargs), _cancel(job.id))[0])

    run_solve.call_local(job.id)

    ended = _job(job.id)
    assert ended.status == SolveJobStatus.CANCELLED and ended.revision_id is not None
    assert ended.revision.status in ("OPTIMAL", "FEASIBLE")


def test_the_watcher_needs_no_app_context(app, org):
    """CP-SAT calls should_stop from a thread of its own, outside any Flask context."""
    job = SolveJob(programme_id=org["programme"].id, status=SolveJobStatus.RUNNING, cancel_requested=True)
    db.session.add(job)
    db.session.commit()
    progress = tasks.Progress(db.engine, job.id)
    answers, errors = [], []

    def watch():
        try:
            answers.append(progress.should_stop())
            progress({"elapsed": 1.5, "phase": "schedule", "score": 7})
        except Exception as error:  # noqa: BLE001 - the point is that nothing is raised
            errors.append(error)

    thread = threading.Thread(target=watch)
    thread.start()
    thread.join(10)

    assert errors == [] and answers == [True]
    db.session.refresh(job)
    assert (job.best_score, job.elapsed) == (7, 1.5)


# ------------------------------------------------------------------ outcomes


def test_a_closed_programme_is_not_planned_again(org, planner_client):
    programme = org["programme"]
    programme.status = ProgrammeStatus.CLOSED
    db.session.commit()
    page = planner_client.post(f"/planning/programmes/{programme.id}/solve", data={"time_limit": "10"},
                               follow_redirects=True).get_data(as_text=True)
    assert "đã kết thúc, không thể lập lịch nữa" in page
    assert _count(SolveJob) == 0


def test_a_solve_stores_its_plan_as_the_current_revision(org, planner_client):
    """Under the test configuration the task runs at once, as the worker would."""
    programme = org["programme"]
    _solve(planner_client, programme)

    job = db.session.scalars(db.select(SolveJob)).one()
    db.session.refresh(programme)
    assert job.status == SolveJobStatus.DONE and job.revision_id == programme.current_revision_id
    revision = programme.current_revision
    assert revision.source.value == "solve" and revision.created_by_id == planner_client.user.id
    assert planner.check(revision.instance, revision.plan).ok
    assert len(programme.inspections) == len(revision.plan["inspections"])
    state = planner_client.get(f"/planning/programmes/{programme.id}/job/status").json
    assert state["status_label"].startswith("Đã xong: đã tìm được kế hoạch")


def test_a_run_without_a_plan_never_says_done(org, planner_client, monkeypatch):
    monkeypatch.setattr(planner, "solve", lambda *args, **kwargs: dict(
        PLAN, status="INFEASIBLE", explanation_codes=[{"code": "infeasible_budget",
                                                       "params": {"needed": 21, "max": 18}}]))
    programme = org["programme"]
    _solve(planner_client, programme)

    state = planner_client.get(f"/planning/programmes/{programme.id}/job/status").json
    assert "Không khả thi" in state["status_label"] and "Đã xong" not in state["status_label"]
    assert state["plan_url"].endswith("#explanation")
    page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "(Không khả thi)" in page and f"/planning/programmes/{programme.id}/edit#max_inspections" in page
