"""The leaders' weekly digest (Monday morning, agency time): coverage against the target,
records waiting for approval, overdue corrective actions, units without a recognised initiative
and the service targets missed last month. Its figures are the dashboard's, from the dashboard's
own functions, for the same day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from inspection.checklists.queries import records
from inspection.dashboard import panels, queries
from inspection.dashboard.targets import AMBER, RED, TARGETS, colour_counts, service_targets
from inspection.i18n import day_text
from inspection.notifications.compose import Content
from inspection.notifications.operations import notify
from inspection.notifications.people import leaders
from inspection.urls import external_url
from models import InspectionStatus, Topic, User, db


@dataclass(frozen=True)
class Figures:
    year: int
    records_waiting: int
    #: Active units inspected, needed to meet the target, and active (None: no programme this year).
    coverage: tuple[int, int, int] | None
    overdue_actions: int
    units_without_initiative: int
    days_to_deadline: int
    #: The first day of last month, and per target key the units that missed it then.
    last_month: date
    missed: dict[str, int]


def figures(today: date, reader: User) -> Figures:
    """The digest's figures on ``today``: the dashboard's for its default year, as ``reader``
    sees it."""
    year = queries.default_year(today)
    board = panels.build(year, today, reader)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    counts = colour_counts(service_targets(last_month.year, last_month.month))
    coverage = board.coverage
    return Figures(
        year=year,
        records_waiting=db.session.scalar(select(func.count()).select_from(
            records(reader, today, InspectionStatus.SUBMITTED).order_by(None).subquery())),
        coverage=(coverage.inspected, coverage.needed, coverage.active) if coverage else None,
        overdue_actions=sum(row.overdue for row in board.actions),
        units_without_initiative=board.initiatives.active_units - board.initiatives.recognised_units,
        days_to_deadline=board.initiatives.days_left,
        last_month=last_month,
        missed={key: by_colour[AMBER] + by_colour[RED] for key, by_colour in counts.items()},
    )


def send_digest(today: date) -> None:
    """Record this week's digest for every leader (once per ISO week)."""
    year, week, _day = today.isocalendar()
    notify(Topic.DIGEST, f"digest:{year}-W{week:02d}", leaders(), lambda user: _content(figures(today, user), today))


def _content(found: Figures, today: date) -> Content:
    facts = []
    if found.coverage is not None:
        inspected, needed, active = found.coverage
        facts.append((_("Units inspected in %(year)d", year=found.year),
                      _("%(inspected)d of %(active)d (target: %(needed)d)", inspected=inspected, active=active,
                        needed=needed)))
    facts += [
        (_("Records waiting for approval"), str(found.records_waiting)),
        (_("Overdue corrective actions"), str(found.overdue_actions)),
        (_("Units without a recognised initiative"), _("%(count)d (%(days)d days to the deadline)",
                                                       count=found.units_without_initiative,
                                                       days=max(found.days_to_deadline, 0))),
    ]
    month = found.last_month.strftime("%m/%Y")
    facts += [(_("%(target)s, %(month)s: units short of the target", target=target.label, month=month),
               str(found.missed[target.key])) for target in TARGETS if found.missed[target.key]]
    return Content(subject=_("Weekly digest, %(date)s", date=day_text(today)),
                   paragraphs=[_("The inspection programme this week, as the dashboard shows it today.")],
                   facts=facts, link=external_url("dashboard.index", year=found.year),
                   link_label=_("Open the dashboard"))
