from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from inspection import clock, uploads
from inspection.concurrency import CONFLICTS, conflict_response
from inspection.initiatives import bp, export, operations, queries
from inspection.initiatives.forms import (
    DeadlineForm,
    InitiativeForm,
    RegistryFilterForm,
    ReviewForm,
    StartReviewForm,
)
from inspection.labels import label
from inspection.security import roles_required, visible_initiative_or_404
from models import (
    Initiative,
    InitiativeAttachment,
    InitiativeCategory,
    InitiativeStatus,
    Role,
    TransitionError,
    Unit,
    db,
)

REGISTRY_ROLES = (Role.LEADER, Role.PLANNER, Role.ADMIN)
VIEWER_ROLES = (*REGISTRY_ROLES, Role.UNIT)
PER_PAGE = 25


# --- the unit's own initiatives -------------------------------------------------------------


@bp.route("/mine")
@roles_required(Role.UNIT)
def mine():
    year = request.args.get("year", type=int)
    years = sorted({i.year for i in queries.unit_initiatives(current_user.unit_id)}, reverse=True)
    this_year = clock.today().year
    recognised = current_user.unit_id not in queries.units_without_recognised_initiative(this_year)
    initiatives = queries.unit_initiatives(current_user.unit_id, year)
    return render_template("initiatives/mine.html", initiatives=initiatives, late=queries.late_ids(initiatives),
                           years=years, year=year, this_year=this_year, recognised=recognised,
                           deadline=queries.deadline(this_year))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.UNIT)
def new():
    form = InitiativeForm()
    if request.method == "GET":
        form.year.data = clock.today().year
    if form.validate_on_submit():
        initiative = operations.submit(current_user.unit, current_user, form.details(), form.checked_files)
        db.session.commit()
        flash(_("The initiative was submitted to the leaders."), "success")
        if queries.late_ids([initiative]):
            flash(_("It is submitted after the deadline of %(year)s (%(deadline)s): the registry marks it late.",
                    year=initiative.year, deadline=format_date(queries.deadline(initiative.year), "dd/MM/yyyy")),
                  "warning")
        return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    return render_template("initiatives/form.html", form=form, initiative=None)


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
@roles_required(Role.UNIT)
def edit(initiative_id: int):
    initiative = visible_initiative_or_404(current_user, initiative_id)
    if not initiative.editable_by_unit:
        flash(_("The review of this initiative has started: it can no longer be changed."), "warning")
        return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    # Prefilled only on GET: a POST is read from the form alone, so a missing version counts as stale.
    form = InitiativeForm(obj=initiative if request.method == "GET" else None)
    if request.method == "GET":
        form.category.data = initiative.category.value
    if form.validate_on_submit():
        try:
            resubmitted = operations.update(initiative, current_user, form.details(), form.checked_files,
                                            form.version.data)
            db.session.commit()
        except CONFLICTS:
            return _edit_conflict(initiative_id, form)
        except operations.NotEditable:
            db.session.rollback()
            flash(_("The review of this initiative has started: it can no longer be changed."), "warning")
            return redirect(url_for("initiatives.show", initiative_id=initiative_id))
        flash(_("The initiative was resubmitted to the leaders.") if resubmitted else _("Changes saved."), "success")
        return redirect(url_for("initiatives.show", initiative_id=initiative_id))
    return render_template("initiatives/form.html", form=form, initiative=initiative)


def _edit_conflict(initiative_id: int, form: InitiativeForm):
    """Keep what the user typed, show the saved version's number so a second save is a deliberate one."""
    db.session.rollback()
    initiative = visible_initiative_or_404(current_user, initiative_id)
    if not initiative.editable_by_unit:
        flash(_("The review of this initiative has started: it can no longer be changed."), "warning")
        return redirect(url_for("initiatives.show", initiative_id=initiative_id))
    form.version.data = initiative.version
    return conflict_response(lambda: render_template("initiatives/form.html", form=form, initiative=initiative,
                                                     conflict=True))


# --- one initiative, and its review -----------------------------------------------------------


def _show(initiative: Initiative, review_form: ReviewForm | None = None) -> str:
    start_form = StartReviewForm(version=initiative.version)
    review_form = review_form or ReviewForm(version=initiative.version, measured_effect=initiative.measured_effect)
    return render_template("initiatives/show.html", initiative=initiative, start_form=start_form,
                           review_form=review_form, late=queries.late_ids([initiative]))


@bp.route("/<int:initiative_id>")
@roles_required(*VIEWER_ROLES)
def show(initiative_id: int):
    return _show(visible_initiative_or_404(current_user, initiative_id))


@bp.route("/<int:initiative_id>/review/start", methods=["POST"])
@roles_required(Role.LEADER)
def start_review(initiative_id: int):
    initiative = visible_initiative_or_404(current_user, initiative_id)
    form = StartReviewForm()
    if form.validate_on_submit():
        try:
            operations.start_review(initiative, current_user, form.version.data)
            db.session.commit()
            flash(_("Review started: the unit can no longer change the initiative."), "success")
        except CONFLICTS:
            return conflict_response(url_for("initiatives.show", initiative_id=initiative_id))
        except TransitionError:
            db.session.rollback()
            flash(_("Only a submitted initiative can be taken into review."), "warning")
    return redirect(url_for("initiatives.show", initiative_id=initiative_id))


@bp.route("/<int:initiative_id>/review", methods=["POST"])
@roles_required(Role.LEADER)
def review(initiative_id: int):
    initiative = visible_initiative_or_404(current_user, initiative_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _show(initiative, form), 400 if form.decision.errors else 200
    decision = InitiativeStatus(form.decision.data)
    try:
        operations.decide(initiative, current_user, decision, form.comment.data, form.measured_effect.data,
                          form.version.data)
        db.session.commit()
    except CONFLICTS:
        return conflict_response(lambda: _show(visible_initiative_or_404(current_user, initiative_id), form))
    except TransitionError:
        db.session.rollback()
        flash(_("Start the review before deciding on the initiative."), "warning")
        return redirect(url_for("initiatives.show", initiative_id=initiative_id))
    flash(_("Decision saved: %(status)s.", status=label(decision)), "success")
    return redirect(url_for("initiatives.show", initiative_id=initiative_id))


@bp.route("/<int:initiative_id>/attachments/<int:attachment_id>")
@roles_required(*VIEWER_ROLES)
def attachment(initiative_id: int, attachment_id: int):
    initiative = visible_initiative_or_404(current_user, initiative_id)
    file = db.get_or_404(InitiativeAttachment, attachment_id)
    if file.initiative_id != initiative.id:
        abort(404)
    return uploads.send(file.file, as_attachment=True)


# --- the registry -----------------------------------------------------------------------------


def _filter_form() -> tuple[RegistryFilterForm, queries.RegistryFilter]:
    form = RegistryFilterForm(request.args)
    units = db.session.scalars(select(Unit).order_by(Unit.code))
    form.unit.choices = [("", _("All units"))] + [(u.id, str(u)) for u in units]
    if "year" not in request.args:
        form.year.data = clock.today().year
    form.validate()

    def valid(field):
        return field.data if field.data not in ("", None) and not field.errors else None

    category, status = valid(form.category), valid(form.status)
    criteria = queries.RegistryFilter(
        year=valid(form.year),
        unit_id=valid(form.unit),
        category=InitiativeCategory(category) if category else None,
        status=InitiativeStatus(status) if status else None,
        text=(form.q.data or "") if not form.q.errors else "",
    )
    return form, criteria


def _filter_args() -> dict:
    """The current filters, for the pager's and the exports' links."""
    return {k: v for k, v in request.args.items() if k != "page"}


@bp.route("/")
@roles_required(*REGISTRY_ROLES)
def registry():
    form, criteria = _filter_form()
    page = db.paginate(queries.registry(criteria), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    year = criteria.year or clock.today().year
    return render_template("initiatives/registry.html", form=form, page=page, filter_args=_filter_args(),
                           late=queries.late_ids(page.items), compliance=queries.compliance(year, clock.today()))


@bp.route("/export.xlsx")
@roles_required(*REGISTRY_ROLES)
def export_registry():
    _form, criteria = _filter_form()
    initiatives = list(db.session.scalars(queries.registry(criteria)))
    return _xlsx(export.registry_workbook(initiatives), export.registry_filename(criteria.year))


@bp.route("/missing.xlsx")
@roles_required(*REGISTRY_ROLES)
def export_missing():
    year = request.args.get("year", type=int) or clock.today().year
    if not 2000 <= year <= 2100:
        abort(404)
    workbook = export.missing_workbook(queries.compliance(year, clock.today()), queries.submitted_counts(year))
    return _xlsx(workbook, export.missing_filename(year))


def _xlsx(data: bytes, filename: str):
    return send_file(BytesIO(data), as_attachment=True, download_name=filename,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():
    form = DeadlineForm()
    if request.method == "GET":
        current = queries.parse_month_day(queries.deadline_setting())
        form.day.data, form.month.data = current.day, current.month
    if form.validate_on_submit():
        operations.set_deadline(form.month_day())
        db.session.commit()
        flash(_("The deadline is now %(day)02d/%(month)02d each year.", day=form.day.data, month=form.month.data),
              "success")
        return redirect(url_for("initiatives.settings"))
    return render_template("initiatives/settings.html", form=form)
