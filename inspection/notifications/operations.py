"""The writes of the notifications domain: recording notices (once per event and recipient) and
the choices people make about them. The caller commits; the notices are sent after that."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from inspection.extensions import db
from inspection.notifications import mailer
from inspection.notifications.compose import Content, render
from models import ASSIGNMENTS, Notice, NoticeOptOut, NoticeStatus, Topic, User


def _insert():
    return (pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert)(Notice)


def opted_out(topic: Topic, user_ids: Iterable[int]) -> set[int]:
    """Who among ``user_ids`` switched ``topic`` off (nobody can for an assignment)."""
    if topic in ASSIGNMENTS:
        return set()
    return set(db.session.scalars(
        select(NoticeOptOut.user_id).where(NoticeOptOut.topic == topic, NoticeOptOut.user_id.in_(list(user_ids)))
    ))


def notify(topic: Topic, event: str, users: Iterable[User], build: Callable[[User], Content]) -> list[int]:
    """Record one notice about ``event`` for each of ``users`` who has an address, is active,
    receives ``topic`` and was not told of this event yet; ``build(user)`` says what it says (run
    in the user's language). They are sent once the caller's transaction commits. Returns the
    new notices' ids."""
    people = {u.id: u for u in users if u is not None and u.active and u.email}
    if not people:
        return []
    told = set(db.session.scalars(select(Notice.user_id).where(Notice.event == event,
                                                               Notice.user_id.in_(list(people)))))
    skipped = told | opted_out(topic, people)
    rows = []
    for user in people.values():
        if user.id in skipped:
            continue
        mail = render(user, build)
        rows.append({"event": event, "topic": topic.value, "user_id": user.id, "email": user.email,
                     "locale": mail.locale, "subject": mail.subject[:300], "text_body": mail.text,
                     "html_body": mail.html, "status": NoticeStatus.QUEUED.value, "attempts": 0, "error": ""})
    if not rows:
        return []
    statement = _insert().values(rows).on_conflict_do_nothing(index_elements=["event", "user_id"])
    ids = list(db.session.scalars(statement.returning(Notice.id)))
    mailer.queue(db.session, ids)
    return ids


def save_choices(user: User, received: set[Topic], offered: Iterable[Topic]) -> None:
    """Keep ``user``'s choice among the ``offered`` topics; the assignments stay on whatever is sent."""
    offered = [t for t in offered if t not in ASSIGNMENTS]
    db.session.execute(delete(NoticeOptOut).where(NoticeOptOut.user_id == user.id,
                                                  NoticeOptOut.topic.in_(offered)))
    db.session.add_all(NoticeOptOut(user_id=user.id, topic=t) for t in offered if t not in received)
