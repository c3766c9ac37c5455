"""The append-only audit log: who changed which record, when, from what to what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import JSONType, db, utcnow


class AuditEntry(db.Model):
    """One change. Rows are only ever inserted: the ORM refuses updates and deletes, and
    database triggers (see the initial migration) refuse them for anyone else too."""

    __tablename__ = "audit_log"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: Kept even when the user row goes away, so the log stays readable.
    username: Mapped[str] = mapped_column(String(80), default="")
    #: "create", "update", "delete", or a domain event such as "reveal" or "approve".
    action: Mapped[str] = mapped_column(String(32), index=True)
    #: Table name of the record.
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict | None] = mapped_column(JSONType)
    after: Mapped[dict | None] = mapped_column(JSONType)
    note: Mapped[str] = mapped_column(Text, default="")
    request_id: Mapped[int | None] = mapped_column(Integer)
