"""Planning pages: programmes, risk weights, solving in the background, the plan, import/export."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspection import clock
from inspection.concurrency import CONFLICTS, conflict_response
from inspection.extensions import db
from inspection.forms import FieldError
from inspection.orgs.queries import units_query
from inspection.planning import bp, operations, plan_page, queries, risk, texts
from inspection.planning.forms import (
    CancelForm,
    ClearOverrideForm,
    ImportPlanForm,
    ProgrammeForm,
    ReplanForm,
    RiskCoefficientsForm,
    SolveForm,
    WeightOverrideForm,
    default_window,
)
from inspection.planning.instance import solve_instance
from inspection.planning.operations import PlanRefused, SolveRefused
from inspection.security import roles_required, seed_hidden
from models import Programme, Role, SolveJob, SolveJobStatus, Unit, new_seed

readers = roles_required(Role.PLANNER, Role.LEADER)
#: Units per page of the weights page (a province has thousands).
WEIGHTS_PER_PAGE = 50
planners = roles_required(Role.PLANNER)


# Programmes ----------------------------------------------------------------------------------


@bp.route("/")
@readers
def programmes():
    return render_template("planning/programmes.html", programmes=queries.programmes())


#: A new programme's settings: the reform plan's "more than 50%", teams of two or three.
NEW_PROGRAMME = {"coverage_percent": 50, "surprise_count": 0, "team_min": 2, "team_max": 3, "min_gap_days": 30,
                 "balance_weight": 10, "stability_weight": 20}


def _programme_form(programme: Programme | None) -> ProgrammeForm:
    form = ProgrammeForm(obj=programme)
    form.template_id.choices = queries.template_choices(programme.template_id if programme else None)
    form.mandatory_units.choices = form.full_day_units.choices = queries.unit_choices()
    follow_ups = queries.follow_ups(programme, clock.today())
    form.follow_up_units.choices = [
        (f.unit.id, _("%(unit)s — corrective action due %(due)s, %(days)d days late",
                      unit=f"{f.unit.code} — {f.unit.name}", due=format_date(f.due, "dd/MM/yyyy"), days=f.days_overdue))
        for f in follow_ups]
    if form.is_submitted():
        return form
    form.follow_up_units.data = [f.unit.id for f in follow_ups if not f.declined]
    if programme is None:
        year = clock.today().year
        form.year.data = year
        form.window_start.data, form.window_end.data = default_window(year)
        defaults = dict(NEW_PROGRAMME, seed=new_seed())
        for name, value in defaults.items():
            getattr(form, name).data = value
    else:
        form.coverage_percent.data = programme.coverage_fraction * 100
        form.mandatory_units.data = [pu.unit_id for pu in programme.units if pu.mandatory]
        form.full_day_units.data = [pu.unit_id for pu in programme.units if pu.duration == 2]
    return form


def _save_programme(form: ProgrammeForm, programme: Programme | None) -> Programme:
    """Save and commit; a stale form reloads with the stored values (:mod:`inspection.concurrency`)."""
    values = {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}
    saved = operations.save_programme(programme, current_user, **values)
    db.session.commit()
    return saved


@bp.route("/programmes/new", methods=["GET", "POST"])
@planners
def programme_new():
    form = _programme_form(None)
    if form.validate_on_submit():
        programme = _save_programme(form, None)
        flash(_("Programme created. Check the units' risk weights, then plan."), "success")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    return render_template("planning/programme_form.html", form=form, programme=None)


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@planners
def programme_edit(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = _programme_form(programme)
    if form.validate_on_submit():
        _save_programme(form, programme)
        flash(_("Programme saved. Plan again for the changes to take effect."), "success")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    return render_template("planning/programme_form.html", form=form, programme=programme)


# Risk weights --------------------------------------------------------------------------------


@bp.route("/programmes/<int:programme_id>/weights")
@readers
def weights(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    q = (request.args.get("q") or "").strip()
    page = db.paginate(units_query(q=q, active="1"), per_page=WEIGHTS_PER_PAGE, error_out=False)
    risks = risk.unit_risks(programme, page.items, clock.today())
    return render_template("planning/weights.html", programme=programme, risks=risks, page=page, q=q,
                           coefficients=risk.coefficients(), components=risk.COMPONENTS)


def _unit_risk(programme: Programme, unit_id: int) -> risk.UnitRisk:
    unit = db.get_or_404(Unit, unit_id)
    if not unit.active:
        abort(404)
    return risk.unit_risks(programme, [unit], clock.today())[0]


@bp.route("/programmes/<int:programme_id>/weights/<int:unit_id>", methods=["GET", "POST"])
@planners
def weight_override(programme_id: int, unit_id: int):
    programme = db.get_or_404(Programme, programme_id)
    unit_risk = _unit_risk(programme, unit_id)
    form = WeightOverrideForm()
    if not form.is_submitted():
        form.weight.data = unit_risk.weight
        form.reason.data = unit_risk.reason
    if form.validate_on_submit():
        try:
            operations.set_weight_override(programme, unit_risk.unit, form.weight.data, form.reason.data,
                                           unit_risk.computed)
            db.session.commit()
            flash(_("Weight of %(unit)s set to %(weight)d.", unit=unit_risk.unit.code, weight=form.weight.data),
                  "success")
            return redirect(url_for("planning.weights", programme_id=programme.id))
        except FieldError as error:
            db.session.rollback()
            form.show_error(error)
    return render_template("planning/weight_form.html", programme=programme, risk=unit_risk, form=form,
                           clear_form=ClearOverrideForm(formdata=None), coefficients=risk.coefficients(),
                           components=risk.COMPONENTS)


@bp.route("/programmes/<int:programme_id>/weights/<int:unit_id>/clear", methods=["POST"])
@planners
def weight_clear(programme_id: int, unit_id: int):
    programme = db.get_or_404(Programme, programme_id)
    unit_risk = _unit_risk(programme, unit_id)
    if not ClearOverrideForm().validate_on_submit():
        abort(400)
    operations.clear_weight_override(programme, unit_risk.unit)
    db.session.commit()
    flash(_("%(unit)s uses its computed weight again.", unit=unit_risk.unit.code), "success")
    return redirect(url_for("planning.weights", programme_id=programme.id))


@bp.route("/settings/risk", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def risk_settings():
    form = RiskCoefficientsForm(data=risk.coefficients())
    if form.validate_on_submit():
        operations.save_risk_coefficients({k: getattr(form, k).data for k in risk.DEFAULT_COEFFICIENTS})
        db.session.commit()
        flash(_("Risk weight coefficients saved."), "success")
        return redirect(url_for("planning.risk_settings"))
    return render_template("planning/risk_settings.html", form=form, keys=risk.DEFAULT_COEFFICIENTS)


# Solving -------------------------------------------------------------------------------------


def _start(programme: Programme, replan_from: date | None, time_limit: int):
    try:
        job = operations.start_solve(programme, current_user, replan_from=replan_from, time_limit=time_limit)
    except SolveRefused as refused:
        db.session.rollback()
        flash(str(refused), "warning")
        return redirect(url_for("planning.job", programme_id=programme.id))
    return redirect(url_for("planning.job", programme_id=job.programme_id))


@bp.route("/programmes/<int:programme_id>/solve", methods=["POST"])
@planners
def solve(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = SolveForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the time limits offered."), "danger")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    return _start(programme, None, form.time_limit.data)


@bp.route("/programmes/<int:programme_id>/replan", methods=["POST"])
@planners
def replan(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = ReplanForm()
    if programme.current_revision is None:
        flash(_("There is no plan to re-plan yet."), "warning")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    if not form.validate_on_submit():
        flash(_("Enter the date from which to re-plan."), "danger")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    if form.replan_from.data < clock.today():
        flash(_("Re-plan from today or a later day: what is past stays as it happened."), "danger")
        return redirect(url_for("planning.plan", programme_id=programme.id, _anchor="replan"))
    return _start(programme, form.replan_from.data, form.time_limit.data)


def _latest_job(programme_id: int) -> tuple[SolveJob | None, Programme]:
    """The programme's latest solve, failed first if its worker is gone."""
    programme = db.get_or_404(Programme, programme_id)
    operations.fail_abandoned(programme)
    db.session.commit()
    return queries.last_job(programme), programme


#: The planner's phases, as the progress page names them.
PHASES = {
    "draw": _l("drawing the surprise inspections"),
    "aggregate": _l("choosing the units"),
    "bound": _l("bounding the best possible score"),
    "schedule": _l("scheduling the visits"),
    "improve": _l("improving the plan"),
    "exact": _l("optimising the whole plan"),
    "done": _l("saving the plan"),
}


def job_state(job: SolveJob) -> dict:
    """What the progress page shows, for the first render and for polling."""
    finished = job.finished
    no_plan = job.revision is not None and not operations.has_plan(job.revision.plan)
    score_share = None
    if job.best_score is not None and job.bound is not None and job.bound > 0:
        score_share = max(0.0, min(1.0, job.best_score / job.bound))
    return {
        "job": job.id,
        "status": job.status.value,
        "status_label": _status_label(job),
        "finished": finished,
        "elapsed": round(job.elapsed or 0.0, 1),
        "time_limit": job.time_limit,
        "time_share": 1.0 if finished else min(1.0, (job.elapsed or 0.0) / job.time_limit),
        "best_score": job.best_score,
        "bound": job.bound,
        "score_share": score_share,
        "phase": "" if finished else str(PHASES.get(job.phase, job.phase)),
        "cancel_requested": job.cancel_requested,
        "error": job.error,
        "plan_url": url_for("planning.plan", programme_id=job.programme_id, _anchor="explanation" if no_plan else None),
    }


def _status_label(job: SolveJob) -> str:
    if job.status == SolveJobStatus.QUEUED:
        return _("Waiting for the job worker…")
    if job.status == SolveJobStatus.RUNNING:
        return _("Stopping…") if job.cancel_requested else _("Solving…")
    plan = job.revision.plan if job.revision is not None else None
    if job.status == SolveJobStatus.DONE and plan is not None and not operations.has_plan(plan):
        return _("Finished without a plan (%(status)s): see why on the programme's page.",
                 status=texts.plan_status(job.revision.status))
    if job.status == SolveJobStatus.DONE:
        return _("Finished: a plan was found (%(status)s).", status=texts.plan_status(job.revision.status)) \
            if job.revision is not None else _("Finished.")
    if job.status == SolveJobStatus.CANCELLED:
        return _("Cancelled; the best plan found so far was kept.") if job.revision_id else _("Cancelled.")
    return _("The solve failed.")


@bp.route("/programmes/<int:programme_id>/job")
@readers
def job(programme_id: int):
    """The progress of the programme's latest solve."""
    job, programme = _latest_job(programme_id)
    if job is None:
        return redirect(url_for("planning.plan", programme_id=programme.id))
    return render_template("planning/job.html", job=job, programme=programme, state=job_state(job),
                           cancel_form=CancelForm(formdata=None))


@bp.route("/programmes/<int:programme_id>/job/status")
@readers
def job_status(programme_id: int):
    job, programme = _latest_job(programme_id)
    if job is None:
        return jsonify({"status": None, "finished": True,
                        "plan_url": url_for("planning.plan", programme_id=programme.id)})
    return jsonify(job_state(job))


@bp.route("/programmes/<int:programme_id>/job/cancel", methods=["POST"])
@planners
def job_cancel(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    if not CancelForm().validate_on_submit():
        abort(400)
    active = operations.active_job(programme)
    if active is not None:
        operations.request_cancel(active)
        db.session.commit()
        flash(_("The solve is being stopped."), "info")
    return redirect(url_for("planning.job", programme_id=programme.id))


# The plan ------------------------------------------------------------------------------------


@bp.route("/programmes/<int:programme_id>")
@readers
def plan(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    operations.fail_abandoned(programme)
    db.session.commit()
    return render_template("planning/plan.html", **plan_page.context(programme, current_user, clock.today(),
                                                                     request.args.get("month")))


# Import / export -----------------------------------------------------------------------------


def _json_download(data: dict, filename: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/programmes/<int:programme_id>/instance.json")
@readers
def export_instance(programme_id: int):
    """The instance of the current plan, or the one a solve would use now when there is no plan."""
    programme = db.get_or_404(Programme, programme_id)
    revision = programme.current_revision
    data = revision.instance if revision else solve_instance(programme)
    return _json_download(seed_hidden(data, current_user, drop=True), f"programme-{programme.id}-instance.json")


@bp.route("/programmes/<int:programme_id>/plan.json")
@readers
def export_plan(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    if programme.current_revision is None:
        flash(_("This programme has no plan yet."), "warning")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    plan = seed_hidden(programme.current_revision.plan, current_user, drop=True)
    return _json_download(plan, f"programme-{programme.id}-plan.json")


@bp.route("/programmes/<int:programme_id>/import", methods=["GET", "POST"])
@planners
def import_plan(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = ImportPlanForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            data = current_app.json.loads(form.plan.data.read().decode("utf-8-sig"))
            revision = operations.import_plan(programme, data, current_user, texts.lang(), form.note.data or "")
            db.session.commit()
            flash(_("Plan imported as revision %(number)d.", number=revision.number), "success")
            return redirect(url_for("planning.plan", programme_id=programme.id))
        except ValueError:  # not UTF-8, not JSON, or nested too deeply
            db.session.rollback()
            problems = [_("The file is not valid JSON.")]
        except PlanRefused as refused:
            db.session.rollback()
            problems = refused.lines
        except CONFLICTS:
            return conflict_response()
    return render_template("planning/import.html", programme=programme, form=form, problems=problems)
