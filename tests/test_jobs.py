"""Background jobs: a periodic task runs once per period however many workers queue it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from inspection import jobs
from inspection.extensions import db
from models import TaskRun


def _in_parallel(app, func, count: int = 2) -> list:
    """Call ``func`` from ``count`` threads at once (as many workers would), each in an app context."""
    start = threading.Barrier(count)
    results: list = []

    def call() -> None:
        with app.app_context():
            start.wait()
            results.append(func())

    threads = [threading.Thread(target=call) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_periodic_task_queued_by_two_workers_runs_once(app):
    runs = []

    @jobs.once_per(timedelta(hours=1))
    def hourly():
        runs.append(1)
        time.sleep(0.3)  # still running when the second worker takes its copy
        return "done"

    assert sorted(_in_parallel(app, hourly), key=str) == [None, "done"]
    assert len(runs) == 1
    assert db.session.scalars(select(TaskRun.task)).all() == [f"{__name__}.{hourly.__qualname__}"]


def test_it_runs_again_the_next_period_and_old_runs_are_forgotten(app):
    runs = []

    @jobs.once_per(timedelta(hours=1))
    def hourly():
        runs.append(1)

    with time_machine.travel(datetime(2030, 5, 6, 9, 0, 5, tzinfo=UTC), tick=False) as traveller:
        hourly()
        traveller.move_to(datetime(2030, 5, 6, 9, 59, tzinfo=UTC))
        hourly()
        assert len(runs) == 1
        traveller.move_to(datetime(2030, 5, 6, 10, 0, 1, tzinfo=UTC))
        hourly()
        assert len(runs) == 2
        traveller.move_to(datetime(2030, 5, 20, 10, 0, 1, tzinfo=UTC))
        hourly()
    periods = [p.replace(tzinfo=UTC) for p in db.session.scalars(select(TaskRun.period))]
    assert periods == [datetime(2030, 5, 20, 10, 0, tzinfo=UTC)]


def test_a_failed_run_gives_its_period_back(app):
    calls = []

    @jobs.once_per(timedelta(hours=1))
    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return "done"

    with pytest.raises(RuntimeError):
        flaky()
    assert flaky() == "done"
    assert flaky() is None


def test_periods_are_counted_in_utc():
    moment = datetime(2030, 5, 6, 9, 42, 7, tzinfo=UTC)
    assert jobs.period_start(moment, timedelta(hours=1)) == datetime(2030, 5, 6, 9, 0, tzinfo=UTC)
    assert jobs.period_start(moment, timedelta(days=1)) == datetime(2030, 5, 6, tzinfo=UTC)
