"""Monthly figures: a unit enters its own, an admin any unit's or a whole Excel file."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspection import clock, import_files, uploads
from inspection.concurrency import CONFLICTS, conflict_response
from inspection.dashboard import targets
from inspection.extensions import db
from inspection.imports import operations as imports
from inspection.indicators import bp
from inspection.indicators.fields import ALL_FIELDS, GROUPS, LABELS
from inspection.indicators.forms import ImportForm, IndicatorForm
from inspection.indicators.importer import COLUMNS, parse, template_workbook
from inspection.indicators.operations import done_message, find_month, import_rows, save_month
from inspection.security import roles_required
from inspection.uploads import Upload
from models import FilePurpose, Role, ServiceIndicator, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Units per page of the overview.
UNITS_PER_PAGE = 50


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _unit(unit_id: int) -> Unit:
    """The unit whose figures are asked for; a focal point never learns of another unit's."""
    unit = db.get_or_404(Unit, unit_id)
    if current_user.role == Role.UNIT and current_user.unit_id != unit.id:
        abort(404)
    return unit


@bp.route("/")
@roles_required(Role.ADMIN, Role.UNIT)
def index():
    year = _year(request.args.get("year", clock.today().year, type=int))
    if current_user.role == Role.UNIT:
        return redirect(url_for(".unit_year", unit_id=current_user.unit_id, year=year))
    page = db.paginate(select(Unit).order_by(Unit.active.desc(), Unit.code), per_page=UNITS_PER_PAGE, error_out=False)
    reported = dict(
        db.session.execute(
            select(ServiceIndicator.unit_id, db.func.count())
            .where(ServiceIndicator.year == year, ServiceIndicator.unit_id.in_([u.id for u in page.items]))
            .group_by(ServiceIndicator.unit_id)
        ).all()
    )
    return render_template("indicators/index.html", year=year, page=page, units=page.items, reported=reported)


@bp.route("/units/<int:unit_id>/<int:year>")
@roles_required(Role.ADMIN, Role.UNIT, Role.LEADER, Role.PLANNER)
def unit_year(unit_id: int, year: int):
    unit, year = _unit(unit_id), _year(year)
    records = db.session.scalars(
        select(ServiceIndicator).where(ServiceIndicator.unit_id == unit.id, ServiceIndicator.year == year)
    ).all()
    months = {r.month: r for r in records}
    can_edit = current_user.role in (Role.ADMIN, Role.UNIT)
    previous = targets.unit_year(unit.id, year - 1)
    return render_template("indicators/unit_year.html", unit=unit, year=year, months=months,
                           fields=ALL_FIELDS, labels=LABELS, can_edit=can_edit, targets=targets.TARGETS,
                           colours=targets.COLOURS, colour_labels=targets.COLOUR_LABELS, symbols=targets.SYMBOLS,
                           year_results=targets.results(targets.figures_of(records), previous),
                           month_results={m: targets.results(targets.figures_of([r]), previous)
                                          for m, r in months.items()})


@bp.route("/units/<int:unit_id>/<int:year>/<int:month>", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.UNIT)
def edit(unit_id: int, year: int, month: int):
    unit, year = _unit(unit_id), _year(year)
    if not 1 <= month <= 12:
        abort(404)
    record = find_month(unit.id, year, month)
    form = IndicatorForm(obj=record)

    def page():
        return render_template("indicators/edit.html", form=form, unit=unit, year=year, month=month, groups=GROUPS)

    if form.validate_on_submit():
        try:
            save_month(unit, year, month, form.figures, form.version.data)
            db.session.commit()
        except CONFLICTS:
            return conflict_response(page)
        except IntegrityError:
            db.session.rollback()
            form.version.errors = [_("These figures could not be saved; check them and try again.")]
        else:
            flash(_("Figures for %(month)s/%(year)s saved.", month=month, year=year), "success")
            return redirect(url_for(".unit_year", unit_id=unit.id, year=year))
    return page()


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_upload():
    """Check the file and show what it would change; a clean file is kept for the confirmation."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("indicators/import.html", form=form)
    upload = Upload(form.file.data.read(), import_files.content_type(form.file.data.filename),
                    form.file.data.filename)
    parsed = parse(upload.name, upload.data, form.clear_blanks.data)
    preview = None
    if not parsed.errors:
        preview = uploads.store(upload, FilePurpose.INDICATOR_IMPORT, current_user)
        db.session.commit()
    return render_template("indicators/import.html", form=form, parsed=parsed, preview=preview,
                           file_name=uploads.file_name(upload.name), columns=COLUMNS, labels=LABELS)


@bp.route("/import/<int:preview_id>", methods=["POST"])
@roles_required(Role.ADMIN)
def import_confirm(preview_id: int):
    """Import the file this admin previewed, read and checked again: never rows sent back by the browser."""
    preview = uploads.kept_preview(preview_id, FilePurpose.INDICATOR_IMPORT, current_user)
    if preview is None:
        flash(_("This preview is no longer available: upload the file again."), "warning")
        return redirect(url_for(".import_upload"))
    clear_blanks = request.form.get("clear_blanks") == "1"
    parsed = parse(preview.original_name, uploads.read(preview), clear_blanks)
    if parsed.errors:
        return render_template("indicators/import.html", form=ImportForm(), parsed=parsed, preview=None,
                               file_name=preview.original_name, columns=COLUMNS, labels=LABELS)
    if imports.in_background(len(parsed.rows)):
        return imports.start("indicators", preview, clear_blanks, current_user)
    created, updated = import_rows(parsed.rows, preview.original_name[:200])
    uploads.discard(preview)
    db.session.commit()
    flash(done_message(created, updated), "success")
    return redirect(url_for(".index"))


@bp.route("/import/template.xlsx")
@roles_required(Role.ADMIN)
def import_template():
    return send_file(io.BytesIO(template_workbook()), mimetype=XLSX, as_attachment=True,
                     download_name="service-indicators.xlsx")
