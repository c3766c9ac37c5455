"""The background solve: builds the instance, runs the planner, reports progress, stores the plan."""

from __future__ import annotations

import logging
import time
from datetime import date

from sqlalchemy import select, update

import planner
from inspection.audit import acting_as
from inspection.extensions import db
from inspection.jobs import task
from inspection.planning.instance import build_instance, inspection_entry
from inspection.planning.operations import finish_job, has_plan, record_revision
from models import Inspection, InspectionStatus, Programme, RevisionSource, SolveJob, SolveJobStatus, User

log = logging.getLogger(__name__)

#: Inspections a solve keeps exactly as they are: anything started, and what a planner pinned.
STARTED = (
    InspectionStatus.IN_PROGRESS,
    InspectionStatus.SUBMITTED,
    InspectionStatus.APPROVED,
    InspectionStatus.RETURNED,
)


def solve_instance(programme: Programme, replan_from: date | None = None) -> dict:
    """The instance a solve of ``programme`` works on.

    Started and pinned inspections are pinned. A re-plan starts at ``replan_from`` and passes
    the current plan as ``previous``, so the planner keeps what it can.
    """
    rows = db.session.scalars(
        select(Inspection).where(Inspection.programme_id == programme.id).order_by(Inspection.date, Inspection.id)
    )
    pinned = [
        inspection_entry(r)
        for r in rows
        if r.status in STARTED or (r.pinned and r.status == InspectionStatus.PLANNED)
    ]
    previous = []
    if replan_from is not None and programme.current_revision is not None:
        previous = programme.current_revision.plan.get("inspections", [])
    return build_instance(programme, today=replan_from, pinned=pinned, previous=previous)


class Progress:
    """on_progress / should_stop for the planner: short transactions of their own, throttled."""

    INTERVAL = 0.5

    def __init__(self, job_id: int):
        self.job_id = job_id
        self._written = 0.0
        self._read = 0.0
        self.cancelled = False

    def __call__(self, report: dict) -> None:
        now = time.monotonic()
        if report.get("phase") != "done" and now - self._written < self.INTERVAL:
            return
        self._written = now
        values = {"elapsed": round(float(report.get("elapsed") or 0.0), 2), "phase": report.get("phase") or ""}
        if report.get("score") is not None:
            values["best_score"] = report["score"]
        if report.get("bound") is not None:
            values["bound"] = report["bound"]
        with db.engine.begin() as conn:
            conn.execute(update(SolveJob).where(SolveJob.id == self.job_id).values(**values))

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self.cancelled and now - self._read >= self.INTERVAL:
            self._read = now
            with db.engine.connect() as conn:
                flag = conn.scalar(select(SolveJob.cancel_requested).where(SolveJob.id == self.job_id))
            self.cancelled = bool(flag)
        return self.cancelled


@task()
def run_solve(job_id: int) -> None:
    """Solve the job's programme; every outcome, including an error, ends up on the job row."""
    job = db.session.get(SolveJob, job_id)
    if job is None or job.status != SolveJobStatus.QUEUED:
        return
    user = db.session.get(User, job.created_by_id) if job.created_by_id else None
    with acting_as(user, "system"):
        try:
            _solve(job, user)
        except Exception as exc:  # recorded on the job: a failed solve must never vanish silently
            log.exception("solve job %s failed", job_id)
            db.session.rollback()
            job = db.session.get(SolveJob, job_id)
            finish_job(job, SolveJobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        db.session.commit()


def _solve(job: SolveJob, user: User | None) -> None:
    job.status = SolveJobStatus.RUNNING
    programme = db.session.get(Programme, job.programme_id)
    instance = solve_instance(programme, job.replan_from)
    db.session.commit()
    progress = Progress(job.id)
    plan = planner.solve(
        instance, time_limit=job.time_limit, on_progress=progress, should_stop=progress.should_stop
    )
    db.session.refresh(job)
    cancelled = job.cancel_requested
    if cancelled and not has_plan(plan):
        finish_job(job, SolveJobStatus.CANCELLED)
        return
    source = RevisionSource.REPLAN if job.replan_from else RevisionSource.SOLVE
    revision = record_revision(programme, instance, plan, source, user)
    db.session.flush()
    job.revision_id = revision.id
    job.best_score = plan.get("score")
    job.bound = plan.get("bound")
    finish_job(job, SolveJobStatus.CANCELLED if cancelled else SolveJobStatus.DONE)
