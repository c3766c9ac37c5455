"""Telling people what changed about the visits they may see.

After a publication, and after every change to a programme's plan (a solve, a re-plan, a hand
edit, a restore, an import), :func:`tell_visit_changes` compares each published visit with what
was last told about it (:class:`models.VisitNotice`) and tells each person concerned once per
change: the team's inspectors that they are assigned, that it moved, that the team changed,
that it is cancelled or that they are no longer on it; the unit's focal points the same, but
only about visits the unit may see (:meth:`models.Inspection.visible_to`): never a surprise
visit before its day. No notice names the kind of a visit.
"""

from __future__ import annotations

import enum

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from inspection import clock
from inspection.extensions import db
from inspection.i18n import day_text
from inspection.labels import label
from inspection.notifications.compose import Content
from inspection.notifications.operations import notify
from inspection.notifications.people import focal_points
from inspection.urls import external_url
from models import (
    Inspection,
    InspectionMember,
    InspectionStatus,
    Inspector,
    Programme,
    Role,
    Slot,
    Topic,
    User,
    VisitNotice,
)


class Change(enum.StrEnum):
    ASSIGNED = "assigned"
    MOVED = "moved"
    TEAM = "team"
    CANCELLED = "cancelled"
    REMOVED = "removed"


def tell_visit_changes(programme: Programme) -> None:
    """Record the notices about every published visit of ``programme`` changed since people
    were last told (sent when the caller commits)."""
    db.session.flush()
    rows = db.session.execute(
        select(Inspection, VisitNotice)
        .outerjoin(VisitNotice, VisitNotice.inspection_id == Inspection.id)
        .where(Inspection.programme_id == programme.id, Inspection.published_at.is_not(None),
               or_(VisitNotice.inspection_id.is_(None), VisitNotice.sequence != Inspection.sequence))
        .options(selectinload(Inspection.unit), selectinload(Inspection.lead).selectinload(Inspector.user),
                 selectinload(Inspection.members).selectinload(InspectionMember.inspector)
                 .selectinload(Inspector.user))
    ).all()
    if not rows:
        return
    units = focal_points(inspection.unit_id for inspection, _state in rows)
    visible = _visible_to_units([inspection for inspection, _state in rows], units)
    told = {user_id for _inspection, state in rows if state is not None for user_id in state.told}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(told)))}
    for inspection, state in rows:
        team = _team(inspection)
        unit_users = units.get(inspection.unit_id, []) if inspection.id in visible else []
        users.update((u.id, u) for u in [*team, *unit_users])
        state = state or _new_state(inspection)
        for change, user_ids in _changes(inspection, state, team, unit_users).items():
            notify(Topic.VISITS, f"visit:{inspection.id}:{inspection.sequence}",
                   [users[i] for i in user_ids if i in users],
                   lambda user, change=change, inspection=inspection: _content(change, inspection, user))
        _remember(state, inspection, team, unit_users)


def _team(inspection: Inspection) -> list[User]:
    """The users of the visit's team, the lead first."""
    inspectors = sorted(inspection.inspectors, key=lambda i: (i.id != inspection.lead_id, i.full_name))
    return [i.user for i in inspectors if i.user is not None]


def _visible_to_units(inspections: list[Inspection], units: dict[int, list[User]]) -> set[int]:
    """Ids of the visits their unit may see today: the one visibility rule, asked once for all."""
    conditions = [Inspection.visible_to(people[0], clock.today()) for people in units.values()]
    if not conditions:
        return set()
    ids = [i.id for i in inspections]
    return set(db.session.scalars(select(Inspection.id).where(Inspection.id.in_(ids), or_(*conditions))))


def _new_state(inspection: Inspection) -> VisitNotice:
    state = VisitNotice(inspection_id=inspection.id, sequence=-1, date=inspection.date, slot=inspection.slot.value,
                        cancelled=False, team=[], told=[])
    db.session.add(state)
    return state


def _changes(inspection: Inspection, state: VisitNotice, team: list[User],
             unit_users: list[User]) -> dict[Change, list[int]]:
    """Who is told what about this visit, from what they were told last."""
    told, old_team = set(state.told), set(state.team)
    if inspection.status == InspectionStatus.CANCELLED:
        return {} if state.cancelled else {Change.CANCELLED: sorted(told)}
    now = [u.id for u in team] + [u.id for u in unit_users]
    moved = (state.date, state.slot) != (inspection.date, inspection.slot.value)
    team_changed = state.team != [u.id for u in team]
    changes: dict[Change, list[int]] = {}
    for user_id in now:
        if user_id not in told:
            change = Change.ASSIGNED
        elif moved:
            change = Change.MOVED
        elif team_changed:
            change = Change.TEAM
        else:
            continue
        changes.setdefault(change, []).append(user_id)
    removed = sorted((told & old_team) - set(now))
    if removed:
        changes[Change.REMOVED] = removed
    return changes


def _remember(state: VisitNotice, inspection: Inspection, team: list[User], unit_users: list[User]) -> None:
    cancelled = inspection.status == InspectionStatus.CANCELLED
    if not cancelled:
        state.team = [u.id for u in team]
        state.told = [u.id for u in team] + [u.id for u in unit_users]
    state.sequence, state.date, state.slot = inspection.sequence, inspection.date, inspection.slot.value
    state.cancelled = cancelled


def _when(inspection: Inspection) -> str:
    return _("%(slot)s, %(date)s", slot=label(Slot(inspection.slot)), date=day_text(inspection.date))


def _content(change: Change, inspection: Inspection, user: User) -> Content:
    unit = inspection.unit.name
    when = _when(inspection)
    for_unit = user.role == Role.UNIT
    subjects = {
        Change.ASSIGNED: _("Inspection of your unit: %(when)s", when=when) if for_unit
        else _("You are assigned: inspection of %(unit)s, %(when)s", unit=unit, when=when),
        Change.MOVED: _("Inspection moved: %(unit)s, now %(when)s", unit=unit, when=when),
        Change.TEAM: _("Inspection team changed: %(unit)s, %(when)s", unit=unit, when=when),
        Change.CANCELLED: _("Inspection cancelled: %(unit)s, %(when)s", unit=unit, when=when),
        Change.REMOVED: _("You are no longer on the team: inspection of %(unit)s, %(when)s", unit=unit,
                          when=when),
    }
    texts = {
        Change.ASSIGNED: _("An inspection of your unit is planned.") if for_unit
        else _("You are on the team of an inspection."),
        Change.MOVED: _("The inspection has a new date or time."),
        Change.TEAM: _("The inspection team has changed."),
        Change.CANCELLED: _("The inspection is cancelled."),
        Change.REMOVED: _("Another inspector takes your place on this inspection's team."),
    }
    facts = [(_("Unit"), unit), (_("When"), when)]
    if change != Change.REMOVED:
        facts.append((_("Team"), ", ".join(_team_names(inspection))))
    link = (external_url("schedule.inspections") if change == Change.REMOVED
            else external_url("schedule.inspection", inspection_id=inspection.id))
    return Content(subject=subjects[change], paragraphs=[texts[change]], facts=facts, link=link,
                   link_label=_("Open the schedule"))


def _team_names(inspection: Inspection) -> list[str]:
    names = []
    for inspector in sorted(inspection.inspectors, key=lambda i: (i.id != inspection.lead_id, i.full_name)):
        names.append(_("%(name)s (lead)", name=inspector.full_name) if inspector.id == inspection.lead_id
                     else inspector.full_name)
    return names
