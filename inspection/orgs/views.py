"""Admin pages: users, units, inspectors, holidays, the unit import and the audit log."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from inspection import clock, import_files, uploads
from inspection.forms import FieldError
from inspection.imports import operations as imports
from inspection.labels import audit_action, audit_record
from inspection.orgs import audit_page, bp, operations, queries, unit_import
from inspection.orgs.forms import (
    AuditFilterForm,
    BlackoutForm,
    ConflictForm,
    DeleteForm,
    FillYearForm,
    HolidayForm,
    ImportConfirmForm,
    ImportUploadForm,
    InspectorForm,
    LeaveForm,
    UnitFilterForm,
    UnitForm,
    UserForm,
)
from inspection.orgs.operations import Refused
from inspection.security import roles_required
from inspection.uploads import Upload
from models import (
    PLAN_READERS,
    AuditEntry,
    FilePurpose,
    Holiday,
    Inspector,
    InspectorConflict,
    InspectorLeave,
    Role,
    Unit,
    UnitBlackout,
    User,
    db,
)

admin_only = roles_required(Role.ADMIN)


def _values(form) -> dict:
    return {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}


def _save(form, operation, *args, **kwargs) -> bool:
    """Run one operation and commit; a broken rule goes beside its field and nothing is saved
    (a stale form reloads with the stored values: see :mod:`inspection.concurrency`)."""
    try:
        operation(*args, **kwargs)
        db.session.commit()
        return True
    except FieldError as error:
        db.session.rollback()
        form.show_error(error)
    return False


def _delete(operation, *args, done: str) -> None:
    form = DeleteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operation(*args)
        db.session.commit()
        flash(done, "success")
    except Refused as error:
        db.session.rollback()
        flash(str(error), "danger")


# Users ---------------------------------------------------------------------------------------


def _user_form(user: User | None) -> UserForm:
    form = UserForm(obj=user)
    form.unit_id.choices = queries.unit_choices()
    form.inspector_id.choices = queries.free_inspector_choices(user)
    if user is None:
        form.password.description = _("At least 12 characters, hard to guess, without the user's name.")
    elif not form.is_submitted():
        form.inspector_id.data = user.inspector.id if user.inspector else None
    return form


@bp.route("/users")
@admin_only
def users():
    return render_template("orgs/users.html", users=queries.users())


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def user_new():
    form = _user_form(None)
    if form.validate_on_submit() and _save(form, operations.save_user, None, current_user, **_values(form)):
        flash(_("User %(name)s created.", name=form.username.data), "success")
        return redirect(url_for("orgs.users"))
    return render_template("orgs/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_only
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    if form.validate_on_submit() and _save(form, operations.save_user, user, current_user, **_values(form)):
        if user.id == current_user.id and form.password.data:
            login_user(user)  # their new password ended every session, this one included
        flash(_("User %(name)s saved.", name=user.username), "success")
        return redirect(url_for("orgs.users"))
    return render_template("orgs/user_form.html", form=form, user=user)


@bp.route("/users/<int:user_id>/delete", methods=["POST"])
@admin_only
def user_delete(user_id: int):
    user = db.get_or_404(User, user_id)
    _delete(operations.delete_user, user, current_user, done=_("User deleted."))
    return redirect(url_for("orgs.users"))


# Units ---------------------------------------------------------------------------------------


def _unit_form(unit: Unit | None) -> UnitForm:
    form = UnitForm(obj=unit)
    excluded = {unit.id} if unit is not None else set()
    form.parent_id.choices = queries.unit_choices(exclude=excluded)
    return form


@bp.route("/units")
@admin_only
def units():
    filters = UnitFilterForm(request.args)
    filters.area.choices = [("", _("All areas")), *((a, a) for a in queries.areas())]
    criteria = _values(filters) if filters.validate() else {}
    page = db.paginate(queries.units_query(**criteria), per_page=queries.PER_PAGE, error_out=False)
    args = {k: v for k, v in criteria.items() if v}
    return render_template("orgs/units.html", filters=filters, page=page, args=args)


@bp.route("/units/new", methods=["GET", "POST"])
@admin_only
def unit_new():
    form = _unit_form(None)
    if form.validate_on_submit() and _save(form, operations.save_unit, None, **_values(form)):
        flash(_("Unit %(code)s created.", code=form.code.data), "success")
        return redirect(url_for("orgs.units"))
    return render_template("orgs/unit_form.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@admin_only
def unit_edit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = _unit_form(unit)
    if form.validate_on_submit() and _save(form, operations.save_unit, unit, **_values(form)):
        flash(_("Unit %(code)s saved.", code=unit.code), "success")
        return redirect(url_for("orgs.units"))
    return render_template("orgs/unit_form.html", form=form, unit=unit)


@bp.route("/units/<int:unit_id>/delete", methods=["POST"])
@admin_only
def unit_delete(unit_id: int):
    _delete(operations.delete_unused, db.get_or_404(Unit, unit_id), done=_("Unit deleted."))
    return redirect(url_for("orgs.units"))


# Inspectors ----------------------------------------------------------------------------------


def _inspector_form(inspector: Inspector | None) -> InspectorForm:
    form = InspectorForm(obj=inspector)
    form.user_id.choices = queries.free_inspector_user_choices(inspector)
    form.home_unit_id.choices = queries.unit_choices()
    return form


def _inspector_page(form: InspectorForm, inspector: Inspector | None, conflict_form=None):
    if inspector is not None:
        conflict_form = conflict_form or ConflictForm(formdata=None)
        conflict_form.unit_id.choices = queries.unit_choices()
    return render_template("orgs/inspector_form.html", form=form, inspector=inspector, conflict_form=conflict_form)


@bp.route("/inspectors")
@admin_only
def inspectors():
    return render_template("orgs/inspectors.html", inspectors=queries.inspectors())


@bp.route("/inspectors/new", methods=["GET", "POST"])
@admin_only
def inspector_new():
    form = _inspector_form(None)
    if form.validate_on_submit() and _save(form, operations.save_inspector, None, **_values(form)):
        flash(_("Inspector %(name)s created.", name=form.full_name.data), "success")
        return redirect(url_for("orgs.inspectors"))
    return _inspector_page(form, None)


@bp.route("/inspectors/<int:inspector_id>/edit", methods=["GET", "POST"])
@admin_only
def inspector_edit(inspector_id: int):
    inspector = db.get_or_404(Inspector, inspector_id)
    form = _inspector_form(inspector)
    if form.validate_on_submit() and _save(form, operations.save_inspector, inspector, **_values(form)):
        flash(_("Inspector %(name)s saved.", name=inspector.full_name), "success")
        return redirect(url_for("orgs.inspectors"))
    return _inspector_page(form, inspector)


@bp.route("/inspectors/<int:inspector_id>/delete", methods=["POST"])
@admin_only
def inspector_delete(inspector_id: int):
    _delete(operations.delete_unused, db.get_or_404(Inspector, inspector_id), done=_("Inspector deleted."))
    return redirect(url_for("orgs.inspectors"))


@bp.route("/inspectors/<int:inspector_id>/conflicts", methods=["POST"])
@admin_only
def conflict_add(inspector_id: int):
    inspector = db.get_or_404(Inspector, inspector_id)
    form = ConflictForm()
    form.unit_id.choices = queries.unit_choices()
    if form.validate_on_submit() and _save(form, operations.add_conflict, inspector, **_values(form)):
        flash(_("Conflict of interest declared."), "success")
        return redirect(url_for("orgs.inspector_edit", inspector_id=inspector.id))
    return _inspector_page(_inspector_form(inspector), inspector, conflict_form=form)


@bp.route("/inspectors/<int:inspector_id>/conflicts/<int:conflict_id>/delete", methods=["POST"])
@admin_only
def conflict_delete(inspector_id: int, conflict_id: int):
    conflict = db.get_or_404(InspectorConflict, conflict_id)
    if conflict.inspector_id != inspector_id:
        abort(404)
    _delete(db.session.delete, conflict, done=_("Conflict of interest removed."))
    return redirect(url_for("orgs.inspector_edit", inspector_id=inspector_id))


# Leave and blackouts -------------------------------------------------------------------------

#: Planners hear first of leave and of a unit's busy days, so they enter them too.
availability_keepers = roles_required(Role.ADMIN, Role.PLANNER)


def _availability_forms(leave_form=None, blackout_form=None) -> tuple[LeaveForm, BlackoutForm]:
    leave_form = leave_form or LeaveForm(formdata=None, prefix="leave", inspector_id=request.args.get("inspector"))
    blackout_form = blackout_form or BlackoutForm(formdata=None, prefix="blackout", unit_id=request.args.get("unit"))
    leave_form.inspector_id.choices = queries.inspector_choices()
    blackout_form.unit_id.choices = queries.unit_choices()
    return leave_form, blackout_form


def _availability_page(leave_form=None, blackout_form=None):
    """The page; after a save (``?leave=ID`` / ``?blackout=ID``) it lists the planned inspections
    the new period breaks."""
    # Here, not above: the planning package imports the organisation's queries.
    from inspection.planning.clashes import clashes

    today = clock.today()
    leave_form, blackout_form = _availability_forms(leave_form, blackout_form)
    saved_leave, saved_blackout = request.args.get("leave", type=int), request.args.get("blackout", type=int)
    # The inspections a period breaks are the plan's: only those who see every inspection learn
    # of them (or even whether there are any), as a blackout tried on each day would tell others
    # when the surprise visits are.
    sees_plan = current_user.role in PLAN_READERS
    broken = []
    if (saved_leave or saved_blackout) and sees_plan:
        broken = clashes(today, leave_ids=[saved_leave] if saved_leave else [],
                         blackout_ids=[saved_blackout] if saved_blackout else [], holidays=False)
    return render_template("orgs/availability.html", leave_form=leave_form, blackout_form=blackout_form,
                           leaves=queries.current_leaves(today), blackouts=queries.current_blackouts(today),
                           broken=broken, saved=bool(saved_leave or saved_blackout), sees_plan=sees_plan)


@bp.route("/availability")
@availability_keepers
def availability():
    return _availability_page()


def _add_period(form, operation, done: str, saved: str):
    """Save a leave or blackout period; the page then lists the inspections it breaks."""
    if form.validate_on_submit():
        try:
            period = operation(**_values(form))
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("orgs.availability", **{saved: period.id}))
        except FieldError as error:
            db.session.rollback()
            form.show_error(error)
    return _availability_page(**{f"{saved}_form": form})


@bp.route("/availability/leaves", methods=["POST"])
@availability_keepers
def leave_add():
    form = LeaveForm(prefix="leave")
    form.inspector_id.choices = queries.inspector_choices()
    return _add_period(form, operations.add_leave, _("Leave added."), "leave")


@bp.route("/availability/blackouts", methods=["POST"])
@availability_keepers
def blackout_add():
    form = BlackoutForm(prefix="blackout")
    form.unit_id.choices = queries.unit_choices()
    return _add_period(form, operations.add_blackout, _("The unit's unavailable days were added."), "blackout")


@bp.route("/availability/leaves/<int:leave_id>/delete", methods=["POST"])
@availability_keepers
def leave_delete(leave_id: int):
    _delete(db.session.delete, db.get_or_404(InspectorLeave, leave_id), done=_("Leave removed."))
    return redirect(url_for("orgs.availability"))


@bp.route("/availability/blackouts/<int:blackout_id>/delete", methods=["POST"])
@availability_keepers
def blackout_delete(blackout_id: int):
    _delete(db.session.delete, db.get_or_404(UnitBlackout, blackout_id),
            done=_("The unit's unavailable days were removed."))
    return redirect(url_for("orgs.availability"))


# Holidays ------------------------------------------------------------------------------------


def _year() -> int:
    year = request.args.get("year", type=int) or clock.today().year
    return year if 2000 <= year <= 2100 else clock.today().year


@bp.route("/holidays")
@admin_only
def holidays():
    year = _year()
    fill = FillYearForm(formdata=None, year=year)
    return render_template("orgs/holidays.html", year=year, holidays=queries.holidays_of(year), fill=fill)


@bp.route("/holidays/fill", methods=["POST"])
@admin_only
def holidays_fill():
    form = FillYearForm()
    if not form.validate_on_submit():
        flash(_("Choose a year between 2000 and 2100."), "danger")
        return redirect(url_for("orgs.holidays"))
    added = operations.fill_holidays(form.year.data)
    db.session.commit()
    flash(_("%(count)d holidays added for %(year)d.", count=added, year=form.year.data), "success")
    return redirect(url_for("orgs.holidays", year=form.year.data))


@bp.route("/holidays/new", methods=["GET", "POST"])
@admin_only
def holiday_new():
    form = HolidayForm()
    if form.validate_on_submit() and _save(form, operations.save_holiday, None, **_values(form)):
        flash(_("Holiday saved."), "success")
        return redirect(url_for("orgs.holidays", year=form.date.data.year))
    return render_template("orgs/holiday_form.html", form=form, holiday=None)


@bp.route("/holidays/<int:holiday_id>/edit", methods=["GET", "POST"])
@admin_only
def holiday_edit(holiday_id: int):
    holiday = db.get_or_404(Holiday, holiday_id)
    form = HolidayForm(obj=holiday)
    if form.validate_on_submit() and _save(form, operations.save_holiday, holiday, **_values(form)):
        flash(_("Holiday saved."), "success")
        return redirect(url_for("orgs.holidays", year=holiday.date.year))
    return render_template("orgs/holiday_form.html", form=form, holiday=holiday)


@bp.route("/holidays/<int:holiday_id>/delete", methods=["POST"])
@admin_only
def holiday_delete(holiday_id: int):
    holiday = db.get_or_404(Holiday, holiday_id)
    year = holiday.date.year
    _delete(db.session.delete, holiday, done=_("Holiday deleted."))
    return redirect(url_for("orgs.holidays", year=year))


# Unit import ---------------------------------------------------------------------------------


@bp.route("/units/import", methods=["GET", "POST"])
@admin_only
def unit_import_upload():
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("orgs/unit_import.html", form=form, check=None)
    upload = Upload(form.file.data.read(), import_files.content_type(form.file.data.filename),
                    form.file.data.filename)
    check = unit_import.check_file(upload.name, upload.data, form.clear_blanks.data)
    confirm = None
    if check.ok:
        preview = uploads.store(upload, FilePurpose.UNIT_IMPORT, current_user)
        db.session.commit()
        confirm = ImportConfirmForm(formdata=None, token=preview.id, clear_blanks="1" if form.clear_blanks.data else "")
    return render_template("orgs/unit_import.html", form=form, check=check, confirm=confirm,
                           filename=uploads.file_name(upload.name))


@bp.route("/units/import/confirm", methods=["POST"])
@admin_only
def unit_import_confirm():
    form = ImportConfirmForm()
    preview = None
    if form.validate_on_submit():
        preview = uploads.kept_preview(form.token.data, FilePurpose.UNIT_IMPORT, current_user)
    if preview is None:
        flash(_("The uploaded file is no longer available. Please upload it again."), "danger")
        return redirect(url_for("orgs.unit_import_upload"))
    check = unit_import.check_file(preview.original_name, uploads.read(preview), form.clear_blanks.data == "1")
    if not check.ok:
        return render_template("orgs/unit_import.html", form=ImportUploadForm(formdata=None), check=check,
                               confirm=None, filename=preview.original_name)
    if imports.in_background(len(check.rows)):
        return imports.start("units", preview, form.clear_blanks.data == "1", current_user)
    created, updated = unit_import.apply_import(check, preview.original_name)
    uploads.discard(preview)
    db.session.commit()
    flash(unit_import.done_message(created, updated), "success")
    return redirect(url_for("orgs.units"))


@bp.route("/units/import/template.xlsx")
@admin_only
def unit_import_template():
    return send_file(BytesIO(unit_import.template_workbook()), as_attachment=True, download_name="units-template.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# Audit log -----------------------------------------------------------------------------------

@bp.route("/audit")
@roles_required(Role.ADMIN, Role.PLANNER, Role.LEADER)
def audit_log():
    filters = AuditFilterForm(request.args)
    filters.entity.choices = [("", _("All")), *((e, audit_record(e))
                                                for e in queries.audit_distinct(AuditEntry.entity, current_user))]
    filters.username.choices = [("", _("All")),
                                *((u, u) for u in queries.audit_distinct(AuditEntry.username, current_user))]
    filters.action.choices = [("", _("All")), *((a, audit_action(a))
                                                for a in queries.audit_distinct(AuditEntry.action, current_user))]
    criteria = _values(filters) if filters.validate() else {}
    page = db.paginate(queries.audit_query(current_user, **criteria), per_page=queries.AUDIT_PER_PAGE,
                       error_out=False)
    args = {k: v.isoformat() if isinstance(v, date) else v for k, v in criteria.items() if v}
    return render_template("orgs/audit.html", filters=filters, page=page, args=args,
                           changes=audit_page.rows(page.items, current_user), action_label=audit_action,
                           record_label=audit_record)
