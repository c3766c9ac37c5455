"""Routes of the schedule: thin views that load (404/403 here), validate, call one operation."""

from __future__ import annotations

import calendar
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from inspection import clock
from inspection.concurrency import CONFLICTS, conflict_response
from inspection.exports.operations import in_background as background_export
from inspection.exports.operations import start as start_export
from inspection.extensions import db
from inspection.orgs.queries import active_units
from inspection.planning import changes as plan_changes
from inspection.schedule import bp, exports, operations, plan_edits
from inspection.schedule.forms import NONE_CHOICE, AddInspectionForm, ConfirmForm, EditInspectionForm, FilterForm
from inspection.schedule.operations import EditRefused, Placement
from inspection.schedule.queries import (
    Filters,
    programmes_with_visible,
    user_by_calendar_token,
    visible_inspections,
    visible_query,
)
from inspection.security import (
    keep_out_of_logs,
    public,
    roles_required,
    visible_inspection_or_404,
    visible_programme_or_404,
)
from inspection.urls import external_url
from models import (
    Inspection,
    InspectionKind,
    Inspector,
    PlanRevision,
    Programme,
    Role,
    Slot,
    TransitionError,
    Unit,
)

#: Everyone who works with inspections (admins manage the organisation, not the plan).
SCHEDULE_ROLES = (Role.PLANNER, Role.LEADER, Role.INSPECTOR, Role.UNIT)
#: Inspections listed per page when no month is chosen.
SCHEDULE_PER_PAGE = 50


def _filter_form() -> FilterForm:
    form = FilterForm(request.args)
    today = clock.today()
    form.programme.choices = [NONE_CHOICE] + [
        (p.id, f"{p.year} — {p.name}") for p in programmes_with_visible(current_user, today)
    ]
    form.unit.choices = [NONE_CHOICE] + [(u.id, str(u)) for u in active_units()]
    return form


def _filters(form: FilterForm) -> Filters:
    """What the user asked for; a bad value is reported beside its field and ignored."""
    form.validate()
    month = form.month.data if form.month.data and not form.month.errors else ""
    year, number = (int(part) for part in month.split("-")) if month else (None, None)
    kind = form.kind.data if form.kind.data and not form.kind.errors else None
    is_unit = current_user.role == Role.UNIT
    return Filters(
        programme_id=form.programme.data if not form.programme.errors else None,
        year=year,
        month=number,
        kind=None if is_unit or not kind else InspectionKind(kind),
        unit_id=None if is_unit or form.unit.errors else form.unit.data,
    )


def _month_weeks(year: int, month: int, inspections) -> list[list[tuple[date | None, list]]]:
    """The month as weeks of (day, inspections that day); days of other months are None."""
    by_day: dict[date, list] = {}
    for inspection in inspections:
        by_day.setdefault(inspection.date, []).append(inspection)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(d if d.month == month else None, by_day.get(d, [])) for d in week] for week in weeks]


@bp.route("/inspections")
@roles_required(*SCHEDULE_ROLES)
def inspections():
    form = _filter_form()
    filters = _filters(form)
    page = None
    if filters.month:  # a month's calendar and all its inspections
        items = visible_inspections(current_user, clock.today(), filters)
    else:  # a province's year is thousands of rows: a page at a time
        page = db.paginate(visible_query(current_user, clock.today(), filters),
                           page=request.args.get("page", 1, type=int), per_page=SCHEDULE_PER_PAGE, error_out=False)
        items = page.items
    weeks = _month_weeks(filters.year, filters.month, items) if filters.month else None
    return render_template("schedule/inspections.html", form=form, inspections=items, weeks=weeks, page=page,
                           filter_args={k: v for k, v in request.args.items() if k != "page"},
                           filters=filters, show_kind=current_user.role != Role.UNIT)


@bp.route("/inspections/<int:inspection_id>")
@roles_required(*SCHEDULE_ROLES)
def inspection(inspection_id: int):
    item = visible_inspection_or_404(current_user, inspection_id, clock.today())
    return render_template("schedule/inspection.html", inspection=item,
                           show_kind=current_user.role != Role.UNIT)


@bp.route("/programmes/<int:programme_id>/publish", methods=["POST"])
@roles_required(Role.PLANNER)
def publish(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        count = operations.publish(programme)
    except TransitionError:
        flash(_("This programme has no plan yet: plan it before publishing."), "error")
        return redirect(url_for("planning.plan", programme_id=programme.id))
    db.session.commit()
    flash(_("Programme published: %(count)d inspection(s) are now visible to their teams.", count=count),
          "success")
    return redirect(url_for("planning.plan", programme_id=programme.id))


def _programme_inspections(programme_id: int):
    programme = visible_programme_or_404(current_user, programme_id, clock.today())
    return programme, visible_inspections(current_user, clock.today(), Filters(programme_id=programme.id))


@bp.route("/programmes/<int:programme_id>/plan.xlsx")
@roles_required(*SCHEDULE_ROLES)
def export_xlsx(programme_id: int):
    programme = visible_programme_or_404(current_user, programme_id, clock.today())
    query = visible_query(current_user, clock.today(), Filters(programme_id=programme.id))
    if background_export(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0):
        return start_export("schedule", {"programme_id": programme.id}, current_user)
    programme, items = _programme_inspections(programme_id)
    content = exports.plan_workbook(f"{programme.name} ({programme.year})", items,
                                    show_kind=current_user.role != Role.UNIT)
    return Response(
        content,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="plan-{programme.year}-{programme.id}.xlsx"'},
    )


@bp.route("/calendar/<token>.ics")
@public
def calendar_feed(token: str):
    keep_out_of_logs(token)
    user = user_by_calendar_token(token)
    if user is None or user.role not in SCHEDULE_ROLES:
        abort(404)
    items = visible_inspections(user, clock.today())
    content = exports.calendar_ics(items, user.locale or "vi", show_kind=user.role != Role.UNIT)
    return Response(content, mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="inspections.ics"'})


@bp.route("/calendar")
@roles_required(*SCHEDULE_ROLES)
def calendar_settings():
    feed_url = None
    if current_user.calendar_token:
        feed_url = external_url("schedule.calendar_feed", token=current_user.calendar_token)
    return render_template("schedule/calendar.html", feed_url=feed_url, form=ConfirmForm())


@bp.route("/calendar/regenerate", methods=["POST"])
@roles_required(*SCHEDULE_ROLES)
def regenerate_calendar_token():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.regenerate_calendar_token(current_user)
    db.session.commit()
    flash(_("A new calendar address was made; the old one no longer works."), "success")
    return redirect(url_for("schedule.calendar_settings"))


def _language() -> str:
    return str(get_locale() or "vi")


def _inspector_choices(form) -> dict[int, Inspector]:
    people = {i.id: i for i in db.session.scalars(
        select(Inspector).where(Inspector.active.is_(True)).order_by(Inspector.full_name))}
    form.team.choices = [(i.id, i.full_name) for i in people.values()]
    form.lead.choices = [NONE_CHOICE] + [(i.id, i.full_name) for i in people.values() if i.can_lead]
    return people


def _placement(form, people: dict[int, Inspector], unit: Unit, kind: InspectionKind) -> Placement:
    return Placement(unit=unit, kind=kind, date=form.date.data, slot=Slot(form.slot.data),
                     team=[people[i] for i in form.team.data], lead=people[form.lead.data],
                     pinned=form.pinned.data)


def _not_in_the_past(form, before: date | None = None) -> bool:
    """A new date may not be in the past (an unchanged one may)."""
    if form.date.data and form.date.data != before and form.date.data < clock.today():
        form.date.errors.append(_("This date is in the past."))
        return False
    return True


@bp.route("/inspections/<int:inspection_id>/edit", methods=["GET", "POST"])
@roles_required(Role.PLANNER)
def edit_inspection(inspection_id: int):
    inspection = db.get_or_404(Inspection, inspection_id)
    form = EditInspectionForm(obj=inspection if request.method == "GET" else None)
    people = _inspector_choices(form)
    if request.method == "GET":
        form.lead.data, form.team.data = inspection.lead_id, [m.inspector_id for m in inspection.members]
        form.slot.data, form.version.data = inspection.slot.value, inspection.version
    problems: list[str] = []

    def page():
        return render_template("schedule/edit.html", form=form, inspection=inspection, problems=problems,
                               programme=inspection.programme)

    try:
        if form.cancel_inspection.data and form.validate_on_submit():
            operations.cancel_inspection(inspection, current_user, form.version.data, form.note.data, _language())
            db.session.commit()
            flash(_("The inspection was cancelled; a new plan revision was saved."), "success")
            return redirect(url_for("schedule.inspection", inspection_id=inspection.id))
        if form.submit.data and form.validate_on_submit() and _not_in_the_past(form, inspection.date):
            placement = _placement(form, people, inspection.unit, inspection.kind)
            saved = operations.edit_inspection(inspection, placement, current_user, form.version.data,
                                               form.note.data, _language())
            db.session.commit()
            _flash_saved(saved)
            return redirect(url_for("schedule.inspection", inspection_id=saved.id))
    except EditRefused as refused:
        db.session.rollback()
        problems = refused.problems
    except CONFLICTS:
        return conflict_response(page)
    return page()


def _flash_saved(saved: Inspection) -> None:
    if saved.changed_since_published:
        flash(_("Change saved as a new plan revision. Its team and unit see it as it now is, marked changed "
                "until the plan is published again."), "warning")
    elif saved.programme.published_at and saved.published_at is None:
        flash(_("Change saved as a new plan revision. Publish again so that the team sees it."), "warning")
    else:
        flash(_("Change saved as a new plan revision."), "success")


@bp.route("/programmes/<int:programme_id>/add", methods=["GET", "POST"])
@roles_required(Role.PLANNER)
def add_inspection(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = AddInspectionForm()
    people = _inspector_choices(form)
    units = {u.id: u for u in active_units()}
    form.unit.choices = [NONE_CHOICE] + [(u.id, str(u)) for u in units.values()]
    problems: list[str] = []
    if form.validate_on_submit() and _not_in_the_past(form):
        placement = _placement(form, people, units[form.unit.data], InspectionKind(form.kind.data))
        try:
            saved = operations.add_inspection(programme, placement, current_user, form.note.data, _language())
            db.session.commit()
            _flash_saved(saved)
            return redirect(url_for("schedule.inspection", inspection_id=saved.id))
        except EditRefused as refused:
            db.session.rollback()
            problems = refused.problems
        except CONFLICTS:
            return conflict_response(lambda: render_template("schedule/add.html", form=form, programme=programme,
                                                             problems=problems))
    return render_template("schedule/add.html", form=form, programme=programme, problems=problems)


def _revision_or_404(programme: Programme, number) -> PlanRevision:
    revision = next((r for r in programme.revisions if str(r.number) == str(number)), None)
    if revision is None:
        abort(404)
    return revision


@bp.route("/programmes/<int:programme_id>/revisions")
@roles_required(Role.PLANNER, Role.LEADER)
def revisions(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    return render_template("schedule/revisions.html", programme=programme, form=ConfirmForm(),
                           revisions=list(reversed(programme.revisions)))


@bp.route("/programmes/<int:programme_id>/compare")
@roles_required(Role.PLANNER, Role.LEADER)
def compare(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    if len(programme.revisions) < 2 and not (request.args.get("a") and request.args.get("b")):
        flash(_("There is nothing to compare yet: the programme has fewer than two revisions."), "info")
        return redirect(url_for("schedule.revisions", programme_id=programme.id))
    latest = programme.revisions[-1].number
    a = _revision_or_404(programme, request.args.get("a", latest - 1))
    b = _revision_or_404(programme, request.args.get("b", latest))
    names = {**plan_edits.names(a.instance), **plan_edits.names(b.instance)}
    changes = [_shown_change(c, names) for c in plan_changes.compare(a.plan, b.plan).changes]
    return render_template("schedule/compare.html", programme=programme, a=a, b=b, changes=changes)


def _shown_entry(entry: dict | None, names: dict[str, str]) -> dict | None:
    if entry is None:
        return None
    return {"date": date.fromisoformat(entry["date"]), "slot": Slot(entry["slot"]),
            "lead": names.get(entry["lead"], entry["lead"]),
            "team": sorted(names.get(i, i) for i in entry["inspectors"] if i != entry["lead"])}


def _shown_change(change: plan_changes.Change, names: dict[str, str]) -> dict:
    """A comparison line with names, dates and labels instead of the plan's ids."""
    return {"what": change.what, "unit": names.get(change.unit, change.unit), "kind": InspectionKind(change.kind),
            "before": _shown_entry(change.before, names), "after": _shown_entry(change.after, names)}


@bp.route("/revisions/<int:revision_id>/restore", methods=["POST"])
@roles_required(Role.PLANNER)
def restore(revision_id: int):
    revision = db.get_or_404(PlanRevision, revision_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        restored = operations.restore_revision(revision, current_user, _language())
        db.session.commit()
    except CONFLICTS:
        return conflict_response(url_for("schedule.revisions", programme_id=revision.programme_id))
    except EditRefused as refused:
        db.session.rollback()
        return render_template("schedule/revisions.html", programme=revision.programme, form=ConfirmForm(),
                               revisions=list(reversed(revision.programme.revisions)),
                               problems=refused.problems, refused=revision)
    flash(_("Revision %(old)d restored as revision %(new)d.", old=revision.number, new=restored.number), "success")
    return redirect(url_for("schedule.revisions", programme_id=revision.programme_id))
