"""Where the demo's days fall: everything is placed relative to the agency's today, so the demo
lives in the current year whenever it is loaded."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from inspection import clock


def moment(day: date, hour: int = 9) -> datetime:
    """``hour`` o'clock of ``day`` on the agency's clock, as timestamps are stored (UTC)."""
    return datetime.combine(day, time(hour), clock.timezone()).astimezone(UTC)


def workday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def months_before(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` complete months before ``today``'s, oldest first, as (year, month)."""
    index = today.year * 12 + today.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count, index)]


def current_window(today: date) -> tuple[date, date]:
    """This year's programme window: it began about three months ago (not before 2 January) and
    runs seven months, within the year, so that some visits are done and others ahead."""
    start = max(date(today.year, 1, 2), today - timedelta(days=90))
    end = min(date(today.year, 12, 31), start + timedelta(days=210))
    return start, end
