"""The notifications' periodic work in the job worker."""

from __future__ import annotations

from huey import crontab

from inspection import clock
from inspection.extensions import db
from inspection.jobs import periodic_task
from inspection.notifications import mailer
from inspection.notifications.digest import send_digest
from inspection.notifications.reminders import send_reminders

#: The agency's hour from which the day's reminders (and on Mondays the digest) go out.
MORNING_HOUR = 7


def morning_notices() -> None:
    """From 07:00 agency time: today's reminders and, on Mondays, the leaders' weekly digest.
    Run every hour, each is recorded once (a worker down at 07:00 catches up later)."""
    now = clock.now()
    if now.hour < MORNING_HOUR:
        return
    send_reminders(now.date())
    if now.weekday() == 0:
        send_digest(now.date())
    db.session.commit()


@periodic_task(crontab(minute="5"))
def hourly_notices() -> None:
    """Every hour: the morning's reminders and digest once they are due, and the notices whose
    hand-over to the worker was lost sent again."""
    morning_notices()
    mailer.resend_stale()
