"""The writes of the planning domain: plan revisions, programmes, weights and solve jobs.

Operations change the session; the caller (a view, a task) commits once.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import planner
from inspection.audit import record_event
from inspection.clock import utcnow
from inspection.concurrency import check_version
from inspection.extensions import db
from inspection.forms import FieldError
from inspection.planning import risk, texts
from inspection.planning.instance import PLAN_FORMAT, inspection_entry, inspector_key, unit_key
from models import (
    Inspection,
    InspectionKind,
    InspectionMember,
    InspectionStatus,
    Inspector,
    PlanRevision,
    Programme,
    ProgrammeStatus,
    ProgrammeUnit,
    RevisionSource,
    Setting,
    Slot,
    SolveJob,
    SolveJobStatus,
    Unit,
    User,
)
from planner import InstanceError
from planner.check import parse_plan

#: Plan statuses that carry inspections; the others only explain why there is no plan.
PLAN_FOUND = ("OPTIMAL", "FEASIBLE")


def has_plan(plan: dict) -> bool:
    return plan.get("status", "FEASIBLE") in PLAN_FOUND


def record_revision(
    programme: Programme,
    instance: dict,
    plan: dict,
    source: RevisionSource,
    user: User | None,
    note: str = "",
) -> PlanRevision:
    """Store a new revision of ``programme``'s plan and bring its inspections in line with it.

    A plan with inspections (OPTIMAL or FEASIBLE) becomes the current revision: the programme is
    marked planned if it was a draft, and its inspection rows follow the plan. Started
    inspections (any status beyond planned) are never touched; a planned one that is still in
    the plan (same unit, kind, date and slot) keeps its id, its pinned flag and its publication,
    and takes the plan's team and lead; the others are deleted and the plan's new ones created
    unpublished. A plan without inspections (INFEASIBLE, UNKNOWN) is kept in the history for its
    explanation but changes nothing else.
    """
    last = db.session.scalar(select(func.max(PlanRevision.number)).where(PlanRevision.programme_id == programme.id))
    revision = PlanRevision(
        programme=programme,
        number=(last or 0) + 1,
        source=source,
        note=note,
        instance=instance,
        plan=plan,
        status=plan.get("status", "FEASIBLE"),
        score=plan.get("score"),
        bound=plan.get("bound"),
        created_by_id=user.id if user is not None else None,
    )
    db.session.add(revision)
    if has_plan(plan):
        db.session.flush()
        programme.current_revision = revision
        if programme.status == ProgrammeStatus.DRAFT:
            programme.mark_planned()
        sync_inspections(programme, plan.get("inspections", []))
    return revision


def _match_key(entry: dict) -> tuple[str, str, str, str]:
    return entry["unit"], entry["kind"], entry["date"], entry["slot"]


def sync_inspections(programme: Programme, entries: list[dict]) -> None:
    """Make the programme's planned inspections those of ``entries`` (see record_revision)."""
    units = {unit_key(u): u for u in db.session.scalars(select(Unit))}
    inspectors = {inspector_key(i): i for i in db.session.scalars(select(Inspector))}
    rows = list(db.session.scalars(select(Inspection).where(Inspection.programme_id == programme.id)))
    started = {
        _match_key(inspection_entry(r))
        for r in rows
        if r.status not in (InspectionStatus.PLANNED, InspectionStatus.CANCELLED)
    }
    planned = {_match_key(inspection_entry(r)): r for r in rows if r.status == InspectionStatus.PLANNED}
    wanted: dict[tuple, dict] = {}
    for entry in entries:
        key = _match_key(entry)
        if key not in started:
            wanted.setdefault(key, entry)
    for key, row in planned.items():
        if key not in wanted:
            db.session.delete(row)
    for key, entry in wanted.items():
        row = planned.get(key)
        if row is None:
            row = Inspection(
                programme=programme,
                unit=units[entry["unit"]],
                date=date.fromisoformat(entry["date"]),
                slot=Slot(entry["slot"]),
                kind=InspectionKind(entry["kind"]),
            )
            db.session.add(row)
        _set_team(row, [inspectors[i] for i in entry["inspectors"]], inspectors[entry["lead"]])


def _set_team(row: Inspection, team: list[Inspector], lead: Inspector) -> None:
    current = {m.inspector_id: m for m in row.members}
    wanted = {i.id for i in team}
    for inspector_id, member in current.items():
        if inspector_id not in wanted:
            row.members.remove(member)
    for inspector in team:
        if inspector.id not in current:
            row.members.append(InspectionMember(inspector=inspector))
    if row.lead_id != lead.id:
        row.lead = lead


class SolveRefused(Exception):
    """A solve cannot start; the message says why, in the user's language."""


#: A running job that has not finished this long after its time limit lost its worker.
STALE_AFTER = timedelta(minutes=10)


def active_job(programme: Programme) -> SolveJob | None:
    return db.session.scalar(select(SolveJob).where(SolveJob.active_programme_id == programme.id))


def start_solve(
    programme: Programme,
    user: User | None,
    replan_from: date | None = None,
    time_limit: int = 30,
) -> SolveJob:
    """Queue a background solve (a re-plan from ``replan_from`` when given) and return its job.

    Refused with :class:`SolveRefused` while another solve of the programme is queued or
    running: ``SolveJob.active_programme_id`` is unique, so two requests racing here cannot both
    insert. Commits (the worker must see the job) and then enqueues the task.
    """
    from inspection.planning.tasks import run_solve

    if programme.status == ProgrammeStatus.CLOSED:
        raise SolveRefused(_("This programme is closed; it can no longer be planned."))
    current = active_job(programme)
    if current is not None and _is_stale(current):
        finish_job(current, SolveJobStatus.FAILED, error=_("The job worker stopped before this solve finished."))
        db.session.flush()
    elif current is not None:
        raise SolveRefused(_("A solve of this programme is already queued or running."))
    job = SolveJob(
        programme_id=programme.id,
        active_programme_id=programme.id,
        replan_from=replan_from,
        time_limit=time_limit,
        created_by_id=user.id if user is not None else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:
        raise SolveRefused(_("A solve of this programme is already queued or running.")) from None
    db.session.commit()
    try:
        run_solve(job.id)
    except Exception as exc:  # the queue is unreachable: free the programme and say so
        db.session.rollback()
        finish_job(job, SolveJobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        db.session.commit()
        raise SolveRefused(_("The job queue cannot be reached; try again later.")) from exc
    return job


def _is_stale(job: SolveJob) -> bool:
    if job.status != SolveJobStatus.RUNNING:
        return False
    started = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=UTC)
    return utcnow() - started > timedelta(seconds=job.time_limit) + STALE_AFTER


def finish_job(job: SolveJob, status: SolveJobStatus, error: str = "") -> None:
    job.status = status
    job.error = error
    job.active_programme_id = None
    job.finished_at = utcnow()


def request_cancel(job: SolveJob) -> None:
    """Ask a solve to stop: a queued one stops at once, a running one keeps its best plan so far."""
    job.cancel_requested = True
    if job.status == SolveJobStatus.QUEUED:
        finish_job(job, SolveJobStatus.CANCELLED)


# Programmes ----------------------------------------------------------------------------------


PROGRAMME_FIELDS = (
    "year", "name", "window_start", "window_end", "surprise_count", "team_min", "team_max",
    "min_gap_days", "max_inspections", "template_id", "balance_weight", "stability_weight", "seed",
)


def save_programme(programme: Programme | None, user: User | None, *, version: str | None = None,
                   coverage_percent: Decimal, mandatory_units: list[int], full_day_units: list[int] = (),
                   **values) -> Programme:
    """Create (``programme`` None) or update a programme, its mandatory and its full-day units."""
    if programme is None:
        programme = Programme(created_by_id=user.id if user is not None else None)
        db.session.add(programme)
    else:
        check_version(programme, version)
    for name in PROGRAMME_FIELDS:
        setattr(programme, name, values[name])
    programme.coverage_fraction = (Decimal(coverage_percent) / 100).quantize(Decimal("0.0001"))
    mandatory, full_day = set(mandatory_units), set(full_day_units)
    settings = {pu.unit_id: pu for pu in programme.units}
    for unit_id in (mandatory | full_day) - settings.keys():
        settings[unit_id] = ProgrammeUnit(unit_id=unit_id)
        programme.units.append(settings[unit_id])
    for unit_id, setting in settings.items():
        setting.mandatory = unit_id in mandatory
        setting.duration = 2 if unit_id in full_day else 1
    return programme


def programme_unit(programme: Programme, unit: Unit) -> ProgrammeUnit:
    for setting in programme.units:
        if setting.unit_id == unit.id:
            return setting
    setting = ProgrammeUnit(unit=unit, mandatory=False)
    programme.units.append(setting)
    return setting


def set_weight_override(programme: Programme, unit: Unit, weight: int, reason: str, computed: int) -> None:
    """Replace the unit's computed weight in this programme; a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", _("Say why the weight is changed."))
    setting = programme_unit(programme, unit)
    setting.weight_override = weight
    setting.override_reason = reason
    db.session.flush()
    record_event(db.session, "weight_override", setting, note=reason, unit=unit.code, weight=weight,
                 computed=computed)


def clear_weight_override(programme: Programme, unit: Unit) -> None:
    setting = programme_unit(programme, unit)
    if setting.weight_override is None:
        return
    setting.weight_override = None
    setting.override_reason = ""
    db.session.flush()
    record_event(db.session, "weight_override_cleared", setting, unit=unit.code)


def save_risk_coefficients(values: dict[str, int]) -> None:
    setting = db.session.get(Setting, risk.SETTING_KEY)
    if setting is None:
        setting = Setting(key=risk.SETTING_KEY, value={})
        db.session.add(setting)
    setting.value = {k: int(values[k]) for k in risk.DEFAULT_COEFFICIENTS}


# Import --------------------------------------------------------------------------------------


class PlanRefused(Exception):
    """An uploaded plan that cannot be stored; ``lines`` say why, in the user's language."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


def import_plan(programme: Programme, plan: object, user: User | None, lang: str, note: str = "") -> PlanRevision:
    """Check an uploaded plan against the programme's current instance and store it as a revision."""
    revision = programme.current_revision
    if revision is None:
        raise PlanRefused([_("The programme has no plan yet: plan it once, then import.")])
    instance = revision.instance
    try:
        report = planner.check(instance, plan)
    except InstanceError as error:
        raise PlanRefused([_("The file is not a plan of this programme: %(error)s", error=str(error))]) from None
    if not report.checked:
        raise PlanRefused([_("The file holds no plan (status %(status)s).", status=report.status)])
    if not report.ok:
        raise PlanRefused([texts.render(v.code, v.params, lang, instance) for v in report.violations])
    inspections = parse_plan(planner.load_instance(instance), plan)[1]
    stored = dict(plan, format=PLAN_FORMAT, score=report.score, inspections=[i.to_json() for i in inspections])
    revision = record_revision(programme, instance, stored, RevisionSource.IMPORT, user, note)
    db.session.flush()
    record_event(db.session, "import", revision, note=note, score=report.score)
    return revision
