"""Background jobs: the Huey queue, the tasks' Flask app context and the ``flask jobs worker`` command.

The queue lives in SQLite (``instance/huey.db``) unless ``REDIS_URL`` is set. Under the test
configuration tasks run at once, in the caller's thread (Huey's immediate mode), unless
``JOBS_IMMEDIATE`` says otherwise.

Domains declare tasks with :func:`task` / :func:`periodic_task` (not with ``huey.task``
directly): the task body then runs inside an app context, so ``db.session`` works in the worker.
A domain's task module must be listed in :data:`TASK_MODULES` so that the worker imports it.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from importlib import import_module

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from huey import RedisHuey, SqliteHuey

from inspection.config import INSTANCE_PATH

#: Modules defining tasks; the worker imports them so that it knows every task.
TASK_MODULES: tuple[str, ...] = ("inspection.planning.tasks", "inspection.schedule.reveal", "inspection.uploads",
                                  "inspection.notifications.mailer", "inspection.notifications.tasks")


def _make_huey():
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return RedisHuey("inspection", url=redis_url)
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


def periodic_task(validate_datetime: Callable, **options) -> Callable:
    """``@periodic_task(crontab(minute="0"))``: a periodic Huey task run in an app context."""
    return lambda func: huey.periodic_task(validate_datetime, **options)(_in_app_context(func))


def init_app(app: Flask) -> None:
    """Register ``flask jobs``; tests run tasks immediately unless JOBS_IMMEDIATE is False."""
    huey.immediate = bool(app.config.get("JOBS_IMMEDIATE", app.testing))
    app.cli.add_command(cli)


def load_tasks() -> None:
    for module in TASK_MODULES:
        import_module(module)


cli = AppGroup("jobs", help="Background jobs (solving plans, revealing surprise inspections, clearing old\n"
                          "previews, sending e-mail notices, reminders and the weekly digest).")


@cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Tasks run at the same time.")
def worker(workers: int) -> None:
    """Run the job consumer until interrupted (Ctrl-C or SIGTERM)."""
    global _worker_app
    _worker_app = current_app._get_current_object()
    load_tasks()
    huey.immediate = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    click.echo(f"jobs worker: {workers} worker thread(s), queue {type(huey.storage).__name__}")
    huey.create_consumer(workers=workers, worker_type="thread").run()
