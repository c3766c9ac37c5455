"""Imports too large to apply within a request: applied by the job worker from the kept preview."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import JSONType, db, enum_column, utcnow
from models.jobs import JobStatus


class ImportJob(db.Model):
    """One confirmed import: which (``kind``), of which kept file, for whom, how far, and what it did."""

    __tablename__ = "import_jobs"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which import (inspection.imports.APPLIERS): units, indicators.
    kind: Mapped[str] = mapped_column(String(32))
    #: The confirmation's choices (empty cells clear stored values or not) and the language.
    params: Mapped[dict] = mapped_column(JSONType)
    #: The admin who confirmed it: the changes are theirs in the audit log; only they follow it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The previewed file, removed once imported.
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    #: The file's name, kept for the page and the audit log once the file is gone.
    file_name: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[JobStatus] = enum_column(JobStatus, default=JobStatus.QUEUED)
    #: Percent done, shown on the import's page.
    progress: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    #: Why it was not applied (the file no longer passes the checks), in the admin's language.
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
