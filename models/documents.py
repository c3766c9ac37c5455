"""The numbers ("Số") of the official documents the service issues, counted per kind and year."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, enum_column, utcnow
from models.checklists import ChecklistResponse
from models.planning import Programme


class DocumentKind(enum.StrEnum):
    """The kind of document; its value is the kind's part of the document symbol ("05/BB-SNN")."""

    RECORD = "BB"
    PLAN = "KH"


class DocumentCounter(db.Model):
    """The last number given to a kind of document in a year: numbering starts at 1 each year."""

    __tablename__ = "document_counters"
    __audit__ = False

    kind: Mapped[DocumentKind] = enum_column(DocumentKind, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class IssuedDocument(db.Model):
    """A number given to an inspection record or a plan when it was issued; never given again.
    Who issued it is in the audit log."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("kind", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = enum_column(DocumentKind)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    #: The date the document bears (in the agency's time zone).
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: What was issued: one of these is set. A number outlives its subject: it is never reused.
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist_responses.id", ondelete="SET NULL"), unique=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"), unique=True)

    response: Mapped[ChecklistResponse | None] = relationship()
    programme: Mapped[Programme | None] = relationship()
