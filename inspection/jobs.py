"""Background jobs: the Huey queue, the tasks' Flask app context and the ``flask jobs worker`` command.

The queue lives in SQLite (``instance/huey.db``) unless ``REDIS_URL`` is set. Under the test
configuration tasks run at once, in the caller's thread (Huey's immediate mode), unless
``JOBS_IMMEDIATE`` says otherwise.

Domains declare tasks with :func:`task` / :func:`periodic_task` (not with ``huey.task``
directly): the task body then runs inside an app context, so ``db.session`` works in the worker.
A domain's task module must be listed in :data:`TASK_MODULES` so that the worker imports it.

Every worker has a scheduler of its own, so with two workers each periodic task is queued twice:
a periodic task runs once per period all the same, for it first inserts its
:class:`~models.TaskRun` row for the period, which only one worker can do (:func:`once_per`).
"""

from __future__ import annotations

import enum
import functools
import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import import_module

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer
from redis import ConnectionPool
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError

from inspection import clock
from inspection.config import INSTANCE_PATH
from models import TaskRun, db

log = logging.getLogger(__name__)

#: Modules defining tasks; the worker imports them so that it knows every task.
TASK_MODULES: tuple[str, ...] = ("inspection.planning.tasks", "inspection.schedule.reveal", "inspection.uploads",
                                  "inspection.notifications.mailer", "inspection.notifications.tasks",
                                  "inspection.exports.operations")


def _make_huey():
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        # Timeouts: a Redis that stops answering fails a request at once, never holds it (the
        # blocking read of the worker waits 1 s, well within them).
        pool = ConnectionPool.from_url(redis_url, socket_connect_timeout=5, socket_timeout=10)
        return RedisHuey("inspection", connection_pool=pool)
    INSTANCE_PATH.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("inspection", filename=str(INSTANCE_PATH / "huey.db"))


huey = _make_huey()

#: The app the worker runs tasks for (set by the worker command); otherwise the caller's app.
_worker_app: Flask | None = None


def _app() -> Flask:
    return _worker_app or current_app._get_current_object()


def _in_app_context(func: Callable) -> Callable:
    @functools.wraps(func)
    def run(*args, **kwargs):
        with _app().app_context():
            return func(*args, **kwargs)

    return run


def task(**options) -> Callable:
    """``@task()``: a Huey task whose body runs in an app context."""
    return lambda func: huey.task(**options)(_in_app_context(func))


#: How long the rows of past runs are kept.
KEEP_RUNS = timedelta(days=7)


def period_start(moment: datetime, period: timedelta) -> datetime:
    """The start of the period ``moment`` falls in, periods counted from the Unix epoch in UTC."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return epoch + (moment - epoch) // period * period


def claim_period(name: str, start: datetime) -> bool:
    """Take task ``name`` for the period from ``start``, in a transaction of its own; False when
    another worker has taken it already (its insert waits for the first one's, then fails)."""
    try:
        with db.engine.begin() as conn:
            conn.execute(insert(TaskRun).values(task=name, period=start, started_at=clock.utcnow()))
            conn.execute(delete(TaskRun).where(TaskRun.period < start - KEEP_RUNS))
    except IntegrityError:
        return False
    return True


def claim_row(model, row_id: int, waiting: enum.Enum, taken: enum.Enum, **values) -> bool:
    """Move one row of ``model`` from ``waiting`` to ``taken`` in one conditional UPDATE, committed:
    a task delivered twice, or to two workers, finds the row taken and does nothing."""
    claimed = db.session.execute(
        update(model).where(model.id == row_id, model.status == waiting)
        .values(status=taken, **values).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def once_per(period: timedelta) -> Callable:
    """Run the decorated function at most once per ``period`` among all workers sharing the
    database; a skipped call returns None. A run that fails gives its period back."""

    def decorate(func: Callable) -> Callable:
        name = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def run(*args, **kwargs):
            start = period_start(clock.utcnow(), period)
            if not claim_period(name, start):
                log.info("%s: already run by another worker for the period from %s", name, start.isoformat())
                return None
            try:
                return func(*args, **kwargs)
            except Exception:
                db.session.rollback()
                with db.engine.begin() as conn:
                    conn.execute(delete(TaskRun).where(TaskRun.task == name, TaskRun.period == start))
                raise

        return run

    return decorate


def periodic_task(validate_datetime: Callable, once_every: timedelta = timedelta(hours=1), **options) -> Callable:
    """``@periodic_task(crontab(minute="0"))``: a periodic Huey task run in an app context, once
    per ``once_every`` (the period of its crontab) however many workers queue it."""
    return lambda func: huey.periodic_task(validate_datetime, **options)(_in_app_context(once_per(once_every)(func)))


def init_app(app: Flask) -> None:
    """Register ``flask jobs``; tests run tasks immediately unless JOBS_IMMEDIATE is False."""
    huey.immediate = bool(app.config.get("JOBS_IMMEDIATE", app.testing))
    app.cli.add_command(cli)


def load_tasks() -> None:
    for module in TASK_MODULES:
        import_module(module)


cli = AppGroup("jobs", help="Background jobs (solving plans, revealing surprise inspections, clearing old\n"
                          "previews, sending e-mail notices, reminders and the weekly digest).")


def queue_error() -> Exception | None:
    """Why the queue cannot be reached, or None when it answers."""
    try:
        huey.storage.queue_size()
    except Exception as exc:  # whatever the storage raises: the queue is not there
        return exc
    return None


class QueueWatchingConsumer(Consumer):
    """Huey's consumer that stops when its queue has not answered for ``give_up_after`` seconds
    (Huey's own would log a traceback forever), so that its supervisor restarts it."""

    def __init__(self, *args, give_up_after: float = 30.0, probe_every: float = 5.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.give_up_after = give_up_after
        self.probe_every = probe_every
        self.queue_lost = False
        self._next_probe = 0.0
        self._failing_since: float | None = None

    def loop(self, health_check_ts=None):
        now = time.monotonic()
        if now >= self._next_probe:
            self._next_probe = now + self.probe_every
            error = queue_error()
            if error is None:
                self._failing_since = None
            elif self._failing_since is None:
                self._failing_since = now
                log.error("job queue unreachable (%s): stopping if it stays so for %s s", error, self.give_up_after)
            elif now - self._failing_since >= self.give_up_after:
                log.error("job queue unreachable for %s s (%s): stopping", round(now - self._failing_since), error)
                self.queue_lost = True
                self.stop(graceful=True)
        return super().loop(health_check_ts)


@cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Tasks run at the same time.")
@click.option("--give-up-after", default=30.0, show_default=True,
              help="Seconds without an answer from the queue after which the worker exits with status 1.")
def worker(workers: int, give_up_after: float) -> None:
    """Run the job consumer until interrupted (Ctrl-C or SIGTERM). Exits with status 1 when the
    queue cannot be reached at start, or stops answering for GIVE_UP_AFTER seconds."""
    global _worker_app
    _worker_app = current_app._get_current_object()
    load_tasks()
    huey.immediate = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    error = queue_error()
    if error is not None:
        click.echo(f"jobs worker: the job queue cannot be reached ({error}); exiting", err=True)
        raise SystemExit(1)
    click.echo(f"jobs worker: {workers} worker thread(s), queue {type(huey.storage).__name__}")
    consumer = QueueWatchingConsumer(huey, workers=workers, worker_type="thread", give_up_after=give_up_after)
    consumer.run()
    if consumer.queue_lost:
        raise SystemExit(1)
