"""Sending the notices: queued in the same transaction as the change they report, handed to the
job worker once that transaction commits, sent through SMTP (or written to the log when no
``MAIL_SERVER`` is set), retried with a growing delay when the server fails.

The action that caused a notice never waits for the mail server and never fails because of it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from flask_mailman.backends.base import BaseEmailBackend
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspection.clock import utcnow
from inspection.extensions import after_commit, after_rollback, db, mail
from inspection.jobs import claim_row, task
from models import Notice, NoticeStatus

log = logging.getLogger(__name__)

#: Attempts after the first failed one; the delay doubles each time (1, 2, 4, 8, 16, 32 minutes).
RETRIES = 6
RETRY_DELAY = 60

_PENDING = "notices_to_send"


class LogBackend(BaseEmailBackend):
    """The mail "server" when none is configured: each mail goes to the application log."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            log.info("mail to %s: %s\n%s", ", ".join(message.to), message.subject, message.body)
        return len(email_messages)


def connection():
    """A connection to the configured mail server, or to the log when there is none."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return LogBackend(mailman=current_app.extensions["mailman"])
    return mail.get_connection(
        backend="smtp", host=config["MAIL_SERVER"], port=config["MAIL_PORT"], username=config["MAIL_USERNAME"],
        password=config["MAIL_PASSWORD"], use_tls=config["MAIL_USE_TLS"], use_ssl=config["MAIL_USE_SSL"],
        timeout=config["MAIL_TIMEOUT"],
    )


def email_of(notice: Notice) -> EmailMultiAlternatives:
    """The notice as a mail: a plain-text part and an HTML alternative."""
    message = EmailMultiAlternatives(
        subject=notice.subject, body=notice.text_body, from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[notice.email], headers={"Content-Language": notice.locale},
    )
    message.attach_alternative(notice.html_body, "text/html")
    return message


def queue(session: Session, notice_ids: list[int]) -> None:
    """Send these notices once the session's transaction commits (never if it rolls back)."""
    session.info.setdefault(_PENDING, []).extend(notice_ids)


@after_commit
def _hand_to_worker(session: Session) -> None:
    for notice_id in session.info.pop(_PENDING, []):
        try:
            deliver(notice_id)
        except Exception:  # the queue is unreachable: the hourly sweep sends it later
            log.exception("notice %s not queued", notice_id)


@after_rollback
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


@task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2)
def deliver(notice_id: int) -> None:
    """Send one notice; a failure is recorded on it and raised again, so the worker retries."""
    if not claim_row(Notice, notice_id, NoticeStatus.QUEUED, NoticeStatus.SENDING):  # sent once if delivered twice
        return
    notice = db.session.get(Notice, notice_id)
    notice.attempts += 1
    try:
        with connection() as conn:
            conn.send_messages([email_of(notice)])
    except Exception as exc:
        notice.error = f"{type(exc).__name__}: {exc}"
        notice.status = NoticeStatus.QUEUED if notice.attempts <= RETRIES else NoticeStatus.FAILED
        db.session.commit()
        log.warning("notice %s to %s not sent (attempt %d): %s", notice_id, notice.email, notice.attempts,
                    notice.error)
        if notice.status == NoticeStatus.QUEUED:
            raise
        return
    notice.status = NoticeStatus.SENT if current_app.config.get("MAIL_SERVER") else NoticeStatus.LOGGED
    notice.sent_at = utcnow()
    db.session.commit()


#: A notice still queued, never tried, this long after it was made lost its place in the queue.
STALE_AFTER_MINUTES = 60


def resend_stale() -> int:
    """Queue again the notices whose hand-over to the worker was lost (the queue was down)."""

    cutoff = utcnow() - timedelta(minutes=STALE_AFTER_MINUTES)
    stale = list(db.session.scalars(select(Notice.id).where(
        Notice.status == NoticeStatus.QUEUED, Notice.attempts == 0, Notice.created_at < cutoff)))
    for notice_id in stale:
        deliver(notice_id)
    return len(stale)
