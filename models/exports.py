"""Exports too large to make within a request: made by the job worker, kept as a stored file."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import JSONType, db, enum_column, utcnow
from models.jobs import JobStatus

if TYPE_CHECKING:
    from models.uploads import StoredFile


class ExportJob(db.Model):
    """One requested export: what (``kind`` and ``params``), for whom, how far, and its file."""

    __tablename__ = "export_jobs"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which export (inspection.exports.MAKERS): dashboard, registry, schedule.
    kind: Mapped[str] = mapped_column(String(32))
    #: The request's arguments (the year, the filters, the language).
    params: Mapped[dict] = mapped_column(JSONType)
    #: The user it is made for, with that user's view of the data; only they may download it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[JobStatus] = enum_column(JobStatus, name="exportstatus", default=JobStatus.QUEUED)
    #: Percent done, shown on the export's page.
    progress: Mapped[int] = mapped_column(Integer, default=0)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    file: Mapped[StoredFile | None] = relationship()
