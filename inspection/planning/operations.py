"""The writes of the planning domain: plan revisions, programmes, weights and solve jobs.

Operations change the session; the caller (a view, a task) commits once.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

import planner
from inspection import clock
from inspection.audit import record_event
from inspection.clock import utcnow
from inspection.concurrency import Conflict, check_version
from inspection.extensions import db
from inspection.forms import FieldError
from inspection.notifications import notices
from inspection.notifications.visits import tell_visit_changes
from inspection.planning import changes, risk, texts
from inspection.planning.instance import PLAN_FORMAT, inspection_entry, inspector_key, proposed_follow_ups, unit_key
from models import (
    ACTIVE_JOB_STATUSES,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Inspector,
    PlanRevision,
    PlanStatus,
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
from planner import InstanceError, explain, messages
from planner.check import max_load, parse_plan

log = logging.getLogger(__name__)

#: Plan statuses that carry inspections; the others only explain why there is no plan.
PLAN_FOUND = (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)


def has_plan(plan: dict) -> bool:
    return plan.get("status", "FEASIBLE") in PLAN_FOUND


def record_revision(
    programme: Programme,
    instance: dict,
    plan: dict,
    source: RevisionSource,
    user: User | None,
    note: str = "",
    moved: tuple[Inspection, dict] | None = None,
) -> PlanRevision:
    """Store a new revision of ``programme``'s plan and bring its inspections in line with it.

    A plan with inspections (OPTIMAL or FEASIBLE) becomes the current revision: the programme is
    marked planned if it was a draft, and its inspection rows follow the plan
    (:func:`sync_inspections`; ``moved``: an inspection changed by hand and its new entry), and
    the people who may see a published one are told what changed. A
    plan made elsewhere than by the solver (a hand edit, a restore, an import) gets its summary
    and its reasons per unit worked out for itself. A plan
    without inspections (INFEASIBLE, UNKNOWN) is kept in the history for its explanation but
    changes nothing else.
    """
    if has_plan(plan) and source != RevisionSource.SOLVE and source != RevisionSource.REPLAN:
        plan = explained(instance, plan)
    db.session.flush()  # the caller's changes first: a failure below is the revision's alone
    revision = PlanRevision(
        programme=programme,
        number=next_revision_number(programme),
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
    try:
        db.session.flush()
    except IntegrityError as error:
        # Another planner's revision took this number between our read and our write.
        raise Conflict from error
    if has_plan(plan):
        programme.current_revision = revision
        if programme.status == ProgrammeStatus.DRAFT:
            programme.mark_planned()
        sync_inspections(programme, plan.get("inspections", []), moved)
        tell_visit_changes(programme)
    return revision


def next_revision_number(programme: Programme) -> int:
    """The number the programme's next revision takes (two planners saving at once may both read
    it: the second one's insert then fails on the unique number and is refused as a conflict)."""
    last = db.session.scalar(select(func.max(PlanRevision.number)).where(PlanRevision.programme_id == programme.id))
    return (last or 0) + 1


def explained(instance: dict, plan: dict) -> dict:
    """``plan`` with the planner's summary and reasons per unit for exactly its inspections, so
    that a plan changed by hand never carries the explanation of the plan it came from."""
    typed = planner.load_instance(instance)
    inspections = parse_plan(typed, plan)[1]
    summary = [explain.summary(typed, inspections, max_load(inspections))]
    reasons = explain.unit_reasons(typed, inspections, None, set())
    budget = typed.rules.max_inspections
    if budget is not None and len(inspections) >= budget:  # every visit of the budget is used
        reasons = {unit: _budget_reason(r) for unit, r in reasons.items()}
    return {
        **plan,
        "explanation": [messages.render(c["code"], c["params"], "en") for c in summary],
        "explanation_codes": summary,
        "reasons": {unit: messages.render(c["code"], c["params"], "en") for unit, c in reasons.items()},
        "reason_codes": reasons,
    }


def _budget_reason(reason: dict) -> dict:
    """A unit left out of a plan that uses its whole budget is out for the budget."""
    return explain.code("not_chosen_budget", **reason["params"]) if reason["code"] == "not_chosen_balance" else reason


def sync_inspections(programme: Programme, entries: list[dict],
                     moved: tuple[Inspection, dict] | None = None) -> None:
    """Make the programme's inspections those of the plan ``entries``, keeping each visit's row.

    Started inspections (any status beyond planned) are never touched. The planned ones are
    paired with the plan's entries as the change list pairs visits
    (:func:`inspection.planning.changes.pair`): a paired row keeps its id, publication and
    pinned flag and takes the entry's date, slot, kind, team and lead (its sequence number goes
    up when any of them changes). A planned row left without an entry is cancelled when it was
    published (calendars show it cancelled), deleted otherwise; an entry left without a row
    becomes a new, unpublished inspection. ``moved`` (a row and its new entry) pairs them first.
    """
    units = {unit_key(u): u for u in db.session.scalars(select(Unit))}
    inspectors = {inspector_key(i): i for i in db.session.scalars(select(Inspector))}
    rows = list(db.session.scalars(
        select(Inspection).where(Inspection.programme_id == programme.id).order_by(Inspection.date, Inspection.id)
    ))
    started = [inspection_entry(r) for r in rows
               if r.status not in (InspectionStatus.PLANNED, InspectionStatus.CANCELLED)]
    kept = {j for i, j in changes.pair(started, entries, in_place=True) if i is not None and j is not None}
    wanted = [e for j, e in enumerate(entries) if j not in kept]
    planned = [r for r in rows if r.status == InspectionStatus.PLANNED]
    first = []
    if moved is not None and moved[0] in planned:
        first = [(planned.index(moved[0]), next(j for j, e in enumerate(wanted) if changes.same(e, moved[1])))]
    for i, j in changes.pair([inspection_entry(r) for r in planned], wanted, first):
        if j is None:
            _drop(planned[i])
            continue
        entry = wanted[j]
        row = planned[i] if i is not None else _new_row(programme, units[entry["unit"]], entry)
        row.reschedule(date.fromisoformat(entry["date"]), Slot(entry["slot"]), InspectionKind(entry["kind"]),
                       [inspectors[k] for k in entry["inspectors"]], inspectors[entry["lead"]])


def _new_row(programme: Programme, unit: Unit, entry: dict) -> Inspection:
    row = Inspection(programme=programme, unit=unit, date=date.fromisoformat(entry["date"]),
                     slot=Slot(entry["slot"]), kind=InspectionKind(entry["kind"]), sequence=0)
    db.session.add(row)
    return row


def _drop(row: Inspection) -> None:
    if row.published_at is not None:
        row.cancel()
    else:
        db.session.delete(row)


class SolveRefused(Exception):
    """A solve cannot start; the message says why, in the user's language."""


#: A running job whose worker wrote no heartbeat for this long lost its worker (the worker
#: writes one every few seconds: :data:`inspection.planning.tasks.HEARTBEAT_EVERY`).
HEARTBEAT_TIMEOUT = timedelta(minutes=2)


def active_job(programme: Programme) -> SolveJob | None:
    """The programme's queued or running solve, after failing it if its worker is gone."""
    fail_abandoned(programme)
    return db.session.scalar(
        select(SolveJob).where(SolveJob.programme_id == programme.id, SolveJob.status.in_(ACTIVE_JOB_STATUSES))
    )


def fail_abandoned(programme: Programme) -> None:
    """Fail the programme's running solve when its worker sent no heartbeat for
    :data:`HEARTBEAT_TIMEOUT` (the worker was killed or lost): the programme is free again and
    the progress page says what happened. The caller commits."""
    last_sign = func.coalesce(SolveJob.heartbeat_at, SolveJob.started_at, SolveJob.created_at)
    silent = (SolveJob.programme_id == programme.id, SolveJob.status == SolveJobStatus.RUNNING,
              last_sign < utcnow() - HEARTBEAT_TIMEOUT)
    job_id = db.session.scalar(select(SolveJob.id).where(*silent))
    if job_id is None:
        return
    error = _("The job worker stopped while solving (no sign of it for %(minutes)d minutes). "
              "Nothing was changed; start the solve again.", minutes=HEARTBEAT_TIMEOUT.seconds // 60)
    if SolveJob.move_atomically(db.session, SolveJobStatus.FAILED, *silent, error=error):
        _forget_jobs(programme)
        notices.solve_ended(job_id)


def _forget_jobs(programme: Programme) -> None:
    """Jobs loaded in the session before a conditional UPDATE are read again on next access."""
    for job in db.session.scalars(select(SolveJob).where(SolveJob.programme_id == programme.id)):
        db.session.expire(job)


def start_solve(
    programme: Programme,
    user: User | None,
    replan_from: date | None = None,
    time_limit: int = 30,
) -> SolveJob:
    """Queue a background solve (a re-plan from ``replan_from`` when given) and return its job.

    Refused with :class:`SolveRefused` while another solve of the programme is queued or
    running: the database holds at most one such job per programme (a partial unique index),
    so two requests racing here cannot both insert. Commits (the worker must see the job) and
    then enqueues the task.
    """
    from inspection.planning.tasks import run_solve

    if programme.status == ProgrammeStatus.CLOSED:
        raise SolveRefused(_("This programme is closed; it can no longer be planned."))
    if active_job(programme) is not None:
        raise SolveRefused(_("A solve of this programme is already queued or running."))
    job = SolveJob(
        programme_id=programme.id,
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
    except Exception as exc:  # the queue is unreachable: free the programme and say so in plain words
        log.exception("solve job %s could not be queued", job.id)
        unavailable = _("The job queue cannot be reached; try again later.")
        db.session.rollback()
        finish_job(job.id, SolveJobStatus.FAILED, error=unavailable)
        db.session.commit()
        raise SolveRefused(unavailable) from exc
    return job


def finish_job(job_id: int, status: SolveJobStatus, **values) -> bool:
    """End job ``job_id`` with ``status`` unless it already ended (a job's end is never
    overwritten); True when this call ended it. The caller commits."""
    return bool(SolveJob.move_atomically(db.session, status, SolveJob.id == job_id, **values))


def request_cancel(job: SolveJob) -> None:
    """Ask a solve to stop: a queued one ends at once (the worker will not run it), a running
    one stops at its next check and keeps its best plan so far. The caller commits."""
    cancelled = SolveJob.move_atomically(db.session, SolveJobStatus.CANCELLED, SolveJob.id == job.id,
                                         SolveJob.status == SolveJobStatus.QUEUED, cancel_requested=True)
    if not cancelled:
        db.session.execute(update(SolveJob).where(SolveJob.id == job.id, SolveJob.status == SolveJobStatus.RUNNING)
                           .values(cancel_requested=True).execution_options(synchronize_session=False))
    record_event(db.session, "cancel", job)
    db.session.expire(job)


# Programmes ----------------------------------------------------------------------------------


PROGRAMME_FIELDS = (
    "year", "name", "window_start", "window_end", "surprise_count", "team_min", "team_max",
    "min_gap_days", "max_inspections", "template_id", "balance_weight", "stability_weight", "seed",
)


def save_programme(programme: Programme | None, user: User | None, *, version: str | None = None,
                   coverage_percent: Decimal, mandatory_units: list[int], full_day_units: list[int] = (),
                   follow_up_units: list[int] = (), **values) -> Programme:
    """Create (``programme`` None) or update a programme, its mandatory and its full-day units.

    ``follow_up_units`` are the proposed follow-up visits the planner kept ticked; the other
    proposals are declined for this programme."""
    if programme is None:
        programme = Programme(created_by_id=user.id if user is not None else None)
        db.session.add(programme)
    else:
        check_version(programme, version)
    for name in PROGRAMME_FIELDS:
        setattr(programme, name, values[name])
    programme.coverage_fraction = (Decimal(coverage_percent) / 100).quantize(Decimal("0.0001"))
    mandatory, full_day = set(mandatory_units), set(full_day_units)
    declined = set(proposed_follow_ups(clock.today())) - set(follow_up_units)
    settings = {pu.unit_id: pu for pu in programme.units}
    for unit_id in (mandatory | full_day | declined) - settings.keys():
        settings[unit_id] = ProgrammeUnit(unit_id=unit_id)
        programme.units.append(settings[unit_id])
    for unit_id, setting in settings.items():
        setting.mandatory = unit_id in mandatory
        setting.duration = 2 if unit_id in full_day else 1
        setting.follow_up_declined = unit_id in declined
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
        raise PlanRefused([_("The file holds no plan (status %(status)s).", status=texts.plan_status(report.status))])
    if not report.ok:
        raise PlanRefused([texts.render(v.code, v.params, lang, instance) for v in report.violations])
    inspections = parse_plan(planner.load_instance(instance), plan)[1]
    stored = dict(plan, format=PLAN_FORMAT, score=report.score, inspections=[i.to_json() for i in inspections])
    revision = record_revision(programme, instance, stored, RevisionSource.IMPORT, user, note)
    db.session.flush()
    record_event(db.session, "import", revision, note=note, score=report.score)
    return revision
