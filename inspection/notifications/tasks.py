"""The notifications' periodic work in the job worker."""

from __future__ import annotations

from huey import crontab

from inspection.jobs import periodic_task
from inspection.notifications import mailer


@periodic_task(crontab(minute="30"))
def resend_lost_notices() -> int:
    """Every hour: queue again the notices whose hand-over to the worker was lost."""
    return mailer.resend_stale()
