"""The writes of the schedule domain: publishing, hand edits, restores, calendar tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from inspection import clock
from inspection.audit import record_event
from inspection.clock import utcnow
from inspection.concurrency import check_version
from inspection.documents import numbering
from inspection.extensions import db
from inspection.labels import label
from inspection.notifications.visits import tell_visit_changes
from inspection.orgs.queries import holiday_names
from inspection.planning.instance import build_instance, fixed_rows, inspection_entry, inspector_key, unit_key
from inspection.planning.operations import has_plan, record_revision
from inspection.schedule import plan_edits
from models import (
    Inspection,
    InspectionKind,
    InspectionStatus,
    Inspector,
    PlanRevision,
    Programme,
    RevisionSource,
    Slot,
    Unit,
    User,
)


def publish(programme: Programme) -> int:
    """Publish the programme: every not-yet-published, not-cancelled inspection becomes visible,
    and the changes made to published ones since the last publication are confirmed.

    Raises TransitionError when the programme has no plan yet. Returns how many inspections
    became visible or were confirmed (re-publishing after edits counts only those). The first
    publication issues the plan: it takes the next plan number of the year, kept afterwards.
    """
    programme.publish()
    numbering.issue_plan(programme, clock.today())
    now = utcnow()
    fresh = [
        i for i in programme.inspections
        if i.published_at is None and i.status != InspectionStatus.CANCELLED
    ]
    changed = [i for i in programme.inspections if i.changed_since_published]
    for inspection in fresh:
        inspection.published_at = now
    for inspection in [*fresh, *changed]:
        inspection.published_sequence = inspection.sequence or 0
    record_event(db.session, "publish", programme, inspections=len(fresh), changed=len(changed))
    tell_visit_changes(programme)
    return len(fresh) + len(changed)


def regenerate_calendar_token(user: User) -> str:
    """A new secret feed URL for ``user``; the old one stops working at once."""
    return user.regenerate_calendar_token()


class EditRefused(Exception):
    """A change that would break the plan: ``problems`` say why, in the user's language."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Placement:
    """Where, when and by whom an inspection is to be done, as the planner sees it."""

    unit: Unit
    kind: InspectionKind
    date: date
    slot: Slot
    team: list[Inspector]
    lead: Inspector
    pinned: bool

    def entry(self) -> dict:
        team = {inspector_key(i) for i in self.team} | {inspector_key(self.lead)}
        return {"unit": unit_key(self.unit), "date": self.date.isoformat(), "slot": self.slot.value,
                "kind": self.kind.value, "inspectors": sorted(team), "lead": inspector_key(self.lead)}


def _current_revision(programme: Programme) -> PlanRevision:
    if programme.current_revision is None:
        raise EditRefused([_("This programme has no plan yet: plan it first.")])
    return programme.current_revision


def _today(programme: Programme) -> date:
    """The agency's real today, within the programme's window: what an edit is checked from."""
    return min(max(clock.today(), programme.window_start), programme.window_end)


def _fixed_entries(programme: Programme, leave_out: Inspection | None = None) -> list[dict]:
    return [inspection_entry(row) for row in fixed_rows(programme, _today(programme), leave_out=leave_out)]


def _checked(instance: dict, plan: dict, lang: str, before: dict | None = None) -> dict:
    """``plan`` with its new score, or EditRefused listing every hard rule it breaks (that
    ``before``, the plan as it was, did not break already)."""
    days = [date.fromisoformat(day) for day in instance.get("holidays", [])]
    holidays = {day.isoformat(): _("public holiday: %(name)s", name=name) for day, name in holiday_names(days).items()}
    found = plan_edits.verdict(instance, plan, lang, before, holidays)
    if not found.ok:
        raise EditRefused(found.problems)
    return {**plan, "score": found.score}


def _find_row(programme: Programme, entry: dict) -> Inspection | None:
    db.session.flush()
    return db.session.scalar(
        select(Inspection).where(
            Inspection.programme_id == programme.id,
            Inspection.unit.has(code=entry["unit"]),
            Inspection.kind == InspectionKind(entry["kind"]),
            Inspection.date == date.fromisoformat(entry["date"]),
            Inspection.slot == Slot(entry["slot"]),
            Inspection.status != InspectionStatus.CANCELLED,
        )
    )


def _apply(programme: Programme, row: Inspection | None, new: Placement | None, user: User, note: str,
           lang: str) -> Inspection | None:
    """Replace ``row``'s entry by ``new`` in the current plan, check, and save a new revision.

    The inspection keeps its row (id, links, calendar event, publication) through the change."""
    current = _current_revision(programme)
    old_entry = inspection_entry(row) if row is not None else None
    new_entry = new.entry() if new is not None else None
    plan = plan_edits.changed_plan(current.plan, old_entry, new_entry)
    if plan is None:
        raise EditRefused([_("This inspection is not in the current plan revision; re-plan or restore first.")])
    pinned = _fixed_entries(programme, leave_out=row)
    instance = plan_edits.refreshed({**current.instance, "pinned": pinned},
                                    build_instance(programme, today=_today(programme)))
    plan = _checked(instance, plan, lang, before=current.plan)
    if new is not None and new.pinned:
        pinned.append(new_entry)
    if row is not None and new is None:
        row.cancel()
    if row is not None and new is not None:
        row.pinned = new.pinned
    record_revision(programme, {**instance, "pinned": pinned}, plan, RevisionSource.EDIT, user, note,
                    moved=(row, new_entry) if row is not None and new is not None else None)
    if row is not None:
        return row
    saved = _find_row(programme, new_entry)
    saved.pinned = new.pinned
    return saved


def _editable(inspection: Inspection, version: str | None) -> None:
    if inspection.status != InspectionStatus.PLANNED:
        raise EditRefused([_("Only a planned inspection can be changed; this one is %(status)s.",
                             status=label(inspection.status))])
    check_version(inspection, version)


def edit_inspection(inspection: Inspection, new: Placement, user: User, version: str | None, note: str = "",
                    lang: str = "vi") -> Inspection:
    """Move, re-staff, pin or unpin a planned inspection; refused when a hard rule would break.

    The inspection keeps its id and publication; a published one is marked changed until the
    plan is published again."""
    _editable(inspection, version)
    return _apply(inspection.programme, inspection, new, user, note, lang)


def cancel_inspection(inspection: Inspection, user: User, version: str | None, note: str = "",
                      lang: str = "vi") -> Inspection:
    """Cancel a planned inspection and take it out of the plan, unless that breaks a hard rule
    (the coverage target, a mandatory unit, the number of surprise inspections)."""
    _editable(inspection, version)
    return _apply(inspection.programme, inspection, None, user, note, lang)


def add_inspection(programme: Programme, new: Placement, user: User, note: str = "",
                   lang: str = "vi") -> Inspection:
    """Add one inspection by hand to the current plan, after checking every hard rule."""
    return _apply(programme, None, new, user, note, lang)


def restore_revision(revision: PlanRevision, user: User, lang: str = "vi") -> PlanRevision:
    """Make ``revision``'s plan current again as a new revision, if it still holds today.

    It is checked against the organisation as it is now (leave, blackouts, conflicts, holidays,
    the inspections already past, started or pinned), from the agency's real today."""
    if not has_plan(revision.plan):
        raise EditRefused([_("Revision %(number)d has no plan to restore.", number=revision.number)])
    programme = revision.programme
    current = _current_revision(programme)
    instance = build_instance(
        programme,
        today=_today(programme),
        pinned=_fixed_entries(programme),
        previous=current.instance.get("previous", []),
    )
    plan = _checked(instance, plan_edits.changed_plan(revision.plan, None, None), lang)
    note = _("Restored from revision %(number)d", number=revision.number)
    return record_revision(programme, instance, plan, RevisionSource.RESTORE, user, note)
