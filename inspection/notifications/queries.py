"""Reads of the notifications domain."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from inspection.extensions import db
from inspection.notifications.topics import topics_for
from models import Notice, NoticeOptOut, NoticeStatus, Topic, User

PER_PAGE = 50


def mail_log(status: NoticeStatus | None = None) -> Select:
    """Every notice, newest first (the admins' list of mails sent or logged)."""
    stmt = select(Notice).options(selectinload(Notice.user)).order_by(Notice.created_at.desc(), Notice.id.desc())
    return stmt.where(Notice.status == status) if status is not None else stmt


def received_topics(user: User) -> set[Topic]:
    """The topics ``user`` receives among those offered to their role."""
    off = set(db.session.scalars(select(NoticeOptOut.topic).where(NoticeOptOut.user_id == user.id)))
    return set(topics_for(user)) - off
