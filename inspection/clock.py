"""The agency's clock: the one place that reads the time.

Every "today" people see or rules depend on (visits due, overdue actions, the surprise reveal,
risk weights, the default year of a page) is the calendar day in the ``TIMEZONE`` setting, not
on the server's clock: a server usually runs in UTC, seven hours behind Ho Chi Minh City, so
between 00:00 and 07:00 local time its date is still yesterday's. Moments are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app

from inspection.config import ConfigurationError


def utcnow() -> datetime:
    """This moment, timezone-aware in UTC (what timestamps store)."""
    return datetime.now(UTC)


def timezone() -> ZoneInfo:
    """The agency's time zone (``TIMEZONE``, Asia/Ho_Chi_Minh by default)."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def now() -> datetime:
    """This moment on the agency's wall clock."""
    return utcnow().astimezone(timezone())


def today() -> date:
    """The agency's calendar day."""
    return now().date()


def local(moment: datetime) -> datetime:
    """A stored moment on the agency's wall clock (a naive one is taken as UTC, as stored by SQLite)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(timezone())


def local_date(moment: datetime | None) -> date | None:
    """The agency's calendar day of a stored moment."""
    return local(moment).date() if moment is not None else None


def init_app(app: Flask) -> None:
    """Refuse to start with an unknown time zone; Flask-Babel shows dates in the same one."""
    name = app.config["TIMEZONE"]
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigurationError(f"TIMEZONE {name!r} is not a known time zone (e.g. Asia/Ho_Chi_Minh)") from error
    app.config["BABEL_DEFAULT_TIMEZONE"] = name
