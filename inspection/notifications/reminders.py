"""Reminders the job worker sends each morning (agency time): corrective actions due within a
week or overdue, to their unit; and, before the initiatives' deadline, to each unit still without
a recognised initiative. Each is sent once: a day the worker missed is caught up the next."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from inspection.checklists.queries import OPEN_ACTION
from inspection.extensions import db
from inspection.i18n import day_text
from inspection.initiatives.queries import deadline, units_without_recognised_initiative
from inspection.notifications.compose import Content
from inspection.notifications.operations import notify
from inspection.notifications.people import focal_points
from inspection.urls import external_url
from models import CorrectiveAction, Topic

#: An open corrective action is announced this many days before it is due.
DUE_SOON_DAYS = 7
#: Days before the initiatives' deadline at which a unit without a recognised one is reminded.
DEADLINE_STEPS = (30, 14, 3)


def send_reminders(today: date) -> None:
    """Record today's reminders (sent when the caller commits)."""
    _actions(today)
    _initiative_deadline(today)


def _actions(today: date) -> None:
    """One notice per unit and due date: the open actions due within a week, and those overdue."""
    groups: dict[tuple[int, date], int] = defaultdict(int)
    for unit_id, due in db.session.execute(
        select(CorrectiveAction.unit_id, CorrectiveAction.due_date)
        .where(CorrectiveAction.status.in_(OPEN_ACTION),
               CorrectiveAction.due_date <= today + timedelta(days=DUE_SOON_DAYS))
    ):
        groups[unit_id, due] += 1
    people = focal_points(unit_id for unit_id, _due in groups)
    for (unit_id, due), count in groups.items():
        overdue = due < today
        event = f"actions-{'overdue' if overdue else 'due'}:{unit_id}:{due.isoformat()}"
        notify(Topic.ACTIONS, event, people.get(unit_id, []),
               lambda _user, due=due, count=count, overdue=overdue: _actions_content(due, count, overdue))


def _actions_content(due: date, count: int, overdue: bool) -> Content:
    if overdue:
        subject = ngettext("%(num)d corrective action overdue since %(date)s",
                           "%(num)d corrective actions overdue since %(date)s", count, date=day_text(due))
        text = _("Answer them on the corrective actions page: say what your unit did, with evidence.")
    else:
        subject = ngettext("%(num)d corrective action due on %(date)s",
                           "%(num)d corrective actions due on %(date)s", count, date=day_text(due))
        text = _("Answer them before that day on the corrective actions page: say what your unit did, "
                 "with evidence.")
    return Content(subject=subject, paragraphs=[text], facts=[(_("Due date"), day_text(due))],
                   link=external_url("checklists.actions"), link_label=_("Open the corrective actions"))


def _initiative_deadline(today: date) -> None:
    due = deadline(today.year)
    days_left = (due - today).days
    steps = [step for step in DEADLINE_STEPS if step >= days_left]
    if days_left < 0 or not steps:
        return
    step = min(steps)
    missing = units_without_recognised_initiative(today.year)
    for unit_id, users in focal_points(missing).items():
        notify(Topic.INITIATIVE_DEADLINE, f"initiative-deadline:{today.year}:{step}:{unit_id}", users,
               lambda _user: _deadline_content(due, days_left))


def _deadline_content(due: date, days_left: int) -> Content:
    return Content(
        subject=ngettext("Your unit has no recognised initiative yet: %(num)d day left",
                         "Your unit has no recognised initiative yet: %(num)d days left", days_left),
        paragraphs=[_("Every unit should have at least one initiative recognised as effective by %(date)s. "
                      "Submit one, or follow up the one under review.", date=day_text(due))],
        facts=[(_("Deadline"), day_text(due))],
        link=external_url("initiatives.mine"), link_label=_("Open your unit's initiatives"))
