"""The background solve: claims the job, builds the instance, runs the planner, reports progress
and a heartbeat, stores the plan.

The planner calls ``on_progress`` and ``should_stop`` from threads of its own (the CP-SAT
watcher), where there is no Flask app context: they use the engine captured when the solve
started, never ``db.session`` or ``current_app``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select, update

import planner
from inspection.audit import acting_as
from inspection.clock import utcnow
from inspection.extensions import db
from inspection.jobs import task
from inspection.notifications import notices
from inspection.planning.instance import solve_instance
from inspection.planning.operations import finish_job, has_plan, record_revision
from models import Programme, RevisionSource, SolveJob, SolveJobStatus, User

log = logging.getLogger(__name__)

#: Seconds between two heartbeats of a running job (well under the 2 minutes after which a
#: job without one is declared lost: :data:`inspection.planning.operations.HEARTBEAT_TIMEOUT`).
HEARTBEAT_EVERY = 15.0


class Progress:
    """on_progress / should_stop for the planner: short transactions of their own, throttled."""

    INTERVAL = 0.5

    def __init__(self, engine: Engine, job_id: int):
        self.engine = engine
        self.job_id = job_id
        self._written = 0.0
        self._read = 0.0
        self.cancelled = False

    def __call__(self, report: dict) -> None:
        now = time.monotonic()
        if now - self._written < self.INTERVAL:
            return
        self._written = now
        values = {"elapsed": round(float(report.get("elapsed") or 0.0), 2), "phase": report.get("phase") or "",
                  "heartbeat_at": utcnow()}
        if report.get("score") is not None:
            values["best_score"] = report["score"]
        if report.get("bound") is not None:
            values["bound"] = report["bound"]
        with self.engine.begin() as conn:
            conn.execute(update(SolveJob).where(SolveJob.id == self.job_id).values(**values))

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self.cancelled and now - self._read >= self.INTERVAL:
            self._read = now
            self.cancelled = cancel_requested(self.engine, self.job_id)
        return self.cancelled


def cancel_requested(engine: Engine, job_id: int) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(select(SolveJob.cancel_requested).where(SolveJob.id == job_id)))


@contextmanager
def heartbeat(engine: Engine, job_id: int, every: float = HEARTBEAT_EVERY) -> Iterator[None]:
    """Write the job's heartbeat every ``every`` seconds while the block runs, from a thread of its
    own: a solve phase that reports no progress for minutes still shows that its worker lives."""
    stop = threading.Event()
    running = (SolveJob.id == job_id, SolveJob.status == SolveJobStatus.RUNNING)

    def beat() -> None:
        while not stop.wait(every):
            try:
                with engine.begin() as conn:
                    conn.execute(update(SolveJob).where(*running).values(heartbeat_at=utcnow()))
            except Exception:  # a busy database must not end the solve; the next beat tries again
                log.warning("heartbeat of solve job %s not written", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"solve-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def claim(job_id: int) -> bool:
    """Take the job for this worker: queued → running in one conditional UPDATE, so a task
    delivered twice, or a job cancelled or failed meanwhile, is never run (again)."""
    now = utcnow()
    claimed = bool(SolveJob.move_atomically(db.session, SolveJobStatus.RUNNING, SolveJob.id == job_id,
                                            SolveJob.status == SolveJobStatus.QUEUED,
                                            started_at=now, heartbeat_at=now))
    db.session.commit()
    return claimed


@task()
def run_solve(job_id: int) -> None:
    """Solve the job's programme; every outcome, including an error, ends up on the job row."""
    if not claim(job_id):
        return
    job = db.session.get(SolveJob, job_id)
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    engine = db.engine
    with acting_as(user, "system"), heartbeat(engine, job_id):
        try:
            _solve(job, user, engine)
        except Exception as exc:  # recorded on the job: a failed solve must never vanish silently
            log.exception("solve job %s failed", job_id)
            db.session.rollback()
            finish_job(job_id, SolveJobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        db.session.commit()
        notices.solve_ended(job_id)
        db.session.commit()


def _solve(job: SolveJob, user: User | None, engine: Engine) -> None:
    programme = db.session.get(Programme, job.programme_id)
    instance = solve_instance(programme, job.replan_from)
    db.session.commit()
    if cancel_requested(engine, job.id):
        finish_job(job.id, SolveJobStatus.CANCELLED)
        return
    progress = Progress(engine, job.id)
    plan = planner.solve(
        instance, time_limit=job.time_limit, on_progress=progress, should_stop=progress.should_stop
    )
    _store(job.id, programme, instance, plan, user, cancelled=cancel_requested(engine, job.id))


def _store(job_id: int, programme: Programme, instance: dict, plan: dict, user: User | None,
           cancelled: bool) -> None:
    """End the job and keep its plan, in one transaction; nothing is kept when the job already
    ended meanwhile (declared lost, say): its end is never overwritten."""
    if cancelled and not has_plan(plan):
        finish_job(job_id, SolveJobStatus.CANCELLED)
        return
    status = SolveJobStatus.CANCELLED if cancelled else SolveJobStatus.DONE
    elapsed = (plan.get("stats") or {}).get("wall_seconds")
    values = {"elapsed": round(float(elapsed), 2)} if elapsed is not None else {}
    if not finish_job(job_id, status, best_score=plan.get("score"), bound=plan.get("bound"), phase="done", **values):
        db.session.rollback()
        return
    source = RevisionSource.REPLAN if db.session.get(SolveJob, job_id).replan_from else RevisionSource.SOLVE
    revision = record_revision(programme, instance, plan, source, user)
    db.session.flush()
    db.session.execute(update(SolveJob).where(SolveJob.id == job_id).values(revision_id=revision.id)
                       .execution_options(synchronize_session=False))
