"""Runs of periodic background tasks, one row per task and period (see inspection.jobs), and the
stages of the work the job worker does for someone (an export, an import)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def waiting(self) -> bool:
        """Not over yet: its page follows it."""
        return self in (JobStatus.QUEUED, JobStatus.RUNNING)


class TaskRun(db.Model):
    """A periodic task taken for one period by one worker: the primary key lets only the first
    of several workers (each with its own scheduler) insert it, so the task runs once."""

    __tablename__ = "task_runs"
    __audit__ = False

    #: The task's module and name.
    task: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: The start of the period (UTC) the run is for.
    period: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
