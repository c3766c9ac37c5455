"""E-mail notices: the log of every notice (sent once per event and recipient), what each user
chose not to receive, and what inspectors were last told about each visit."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import JSONType, db, enum_column, utcnow

if TYPE_CHECKING:
    from models.users import User


class Topic(enum.StrEnum):
    """What a notice is about; each user may switch a topic off, except the assignments
    (:data:`ASSIGNMENTS`)."""

    VISITS = "visits"
    RECORD_SUBMITTED = "record_submitted"
    INITIATIVE_SUBMITTED = "initiative_submitted"
    RECORD_APPROVED = "record_approved"
    ACTIONS = "actions"
    INITIATIVE_DECIDED = "initiative_decided"
    INITIATIVE_DEADLINE = "initiative_deadline"
    SOLVE = "solve"
    DIGEST = "digest"


#: Notices about the person's own assignments: the visits they are on (or of their unit) and
#: the corrective actions their unit must answer. They cannot be switched off.
ASSIGNMENTS = frozenset({Topic.VISITS, Topic.ACTIONS})


class NoticeStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    #: Handed to the SMTP server.
    SENT = "sent"
    #: No MAIL_SERVER configured: written to the log (and listed for admins) instead.
    LOGGED = "logged"
    #: Every attempt failed.
    FAILED = "failed"


class Notice(db.Model):
    """One e-mail to one person about one event, with its text as sent."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("event", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What happened, e.g. ``visit:12:3`` (inspection 12 at its sequence 3): a person gets
    #: at most one notice per event.
    event: Mapped[str] = mapped_column(String(120))
    topic: Mapped[Topic] = enum_column(Topic)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    status: Mapped[NoticeStatus] = enum_column(NoticeStatus, default=NoticeStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: The last failure, as the mail server or the network reported it.
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class NoticeOptOut(db.Model):
    """A topic a user chose not to receive (every topic is received unless listed here)."""

    __tablename__ = "notice_opt_outs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[Topic] = enum_column(Topic, primary_key=True)


class VisitNotice(db.Model):
    """What people were last told about a published visit, to tell them what changed since."""

    __tablename__ = "visit_notices"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True)
    #: The inspection's sequence number when they were told.
    sequence: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(8))
    cancelled: Mapped[bool] = mapped_column(default=False)
    #: Ids of the team's users (lead first) as told.
    team: Mapped[list] = mapped_column(JSONType)
    #: Ids of every user who was told (the team, and the unit's focal points who may see it).
    told: Mapped[list] = mapped_column(JSONType)
