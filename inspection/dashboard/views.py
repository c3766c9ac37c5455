"""The dashboard page, its Excel export, and the lists behind its figures."""

from __future__ import annotations

import io

from flask import abort, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from inspection import clock
from inspection.cache import remembered
from inspection.dashboard import bp, queries
from inspection.dashboard import report as report_document
from inspection.dashboard.export import filename, workbook
from inspection.dashboard.panels import PAGE_ROWS, build, charts
from inspection.dashboard.targets import (
    COLOUR_LABELS,
    COLOURS,
    SYMBOLS,
    TARGETS,
    TARGETS_BY_KEY,
    service_targets,
)
from inspection.documents import layout
from inspection.exports import operations as exports
from inspection.extensions import db
from inspection.security import inspections_seen_by, roles_required
from models import Role, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Who may open the lists of inspections, answers and actions behind the figures: admins
#: see the counts but, as everywhere, not the inspections themselves.
READERS = (Role.LEADER, Role.PLANNER)


def _year(year: int | None) -> int:
    """The year asked for; by default this year, or the latest year with a programme when this
    year has none yet (a leader opening the dashboard wants the plan that exists)."""
    if year is None:
        year = queries.default_year(clock.today())
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _programme(year: int):
    return queries.programme_for(_year(year)) or abort(404)


@bp.route("/")
@roles_required(Role.LEADER, Role.PLANNER, Role.ADMIN)
def index():
    year = _year(request.args.get("year", type=int))
    # What the dashboard shows depends on the reader's role only (inspection.security).
    content = remembered("dashboard-page", (year, clock.today(), get_locale(), current_user.role.value),
                         lambda: _board_html(year))
    return render_template("dashboard/index.html", year=year, content=Markup(content))


def _board_html(year: int) -> str:
    board = build(year, clock.today(), current_user, rows=PAGE_ROWS)
    return render_template(
        "dashboard/_board.html", board=board, charts=charts(board), years=queries.programme_years(clock.today()),
        targets=TARGETS, colours=COLOURS, colour_labels=COLOUR_LABELS, symbols=SYMBOLS,
        can_drill=current_user.role in READERS,
    )


@bp.route("/export.xlsx")
@roles_required(Role.LEADER, Role.PLANNER, Role.ADMIN)
def export():
    year = _year(request.args.get("year", type=int))
    today = clock.today()
    if exports.in_background(queries.export_rows(year, current_user, today)):
        return exports.start("dashboard", {"year": year}, current_user)
    data = remembered("dashboard-xlsx", (year, today, get_locale(), current_user.role.value),
                      lambda: workbook(build(year, today, current_user)))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=filename(year))


@bp.route("/report")
@roles_required(Role.LEADER, Role.PLANNER, Role.ADMIN)
def report():
    year = _year(request.args.get("year", type=int))
    body = report_document.body(build(year, clock.today(), current_user))
    return layout.print_view(body, report_document.title(year),
                             pdf_url=url_for("dashboard.report_pdf", year=year),
                             back_url=url_for("dashboard.index", year=year))


@bp.route("/report.pdf")
@roles_required(Role.LEADER, Role.PLANNER, Role.ADMIN)
def report_pdf():
    year = _year(request.args.get("year", type=int))
    today = clock.today()
    if exports.in_background(queries.export_rows(year, current_user, today), pdf=True):
        return exports.start("report_pdf", {"year": year}, current_user)
    body = report_document.body(build(year, today, current_user))
    return layout.pdf_response(body, report_document.title(year), report_document.filename(year))


@bp.route("/<int:year>/coverage/<which>")
@roles_required(*READERS)
def coverage_units(year: int, which: str):
    if which not in ("inspected", "planned", "not_planned"):
        abort(404)
    programme = _programme(year)
    return render_template("dashboard/units.html", year=year, programme=programme, which=which,
                           units=queries.coverage_units(programme, which))


@bp.route("/<int:year>/inspections")
@roles_required(*READERS)
def inspections(year: int):
    programme = _programme(year)
    state = request.args.get("state")
    if state not in (None, "done", "planned", "overdue"):
        abort(404)
    month = request.args.get("month", type=int)
    unit = db.session.get(Unit, request.args.get("unit", type=int) or 0)
    stmt = queries.inspections(programme, clock.today(), state, month, unit.id if unit else None)
    found = db.session.scalars(stmt.where(inspections_seen_by(current_user, clock.today()))).all()
    return render_template("dashboard/inspections.html", year=year, programme=programme, state=state,
                           month=month, unit=unit, inspections=found, today=clock.today())


@bp.route("/<int:year>/items/<section>/<item>")
@roles_required(*READERS)
def item_answers(year: int, section: str, item: str):
    programme = _programme(year)
    rows = queries.item_answers(programme, section, item, current_user, clock.today())
    answer_item = rows[0].answers[(section, item)].item if rows else None
    return render_template("dashboard/item_answers.html", year=year, programme=programme, rows=rows,
                           key=(section, item), answer_item=answer_item)


@bp.route("/<int:year>/actions")
@roles_required(*READERS)
def actions(year: int):
    programme = _programme(year)
    state = request.args.get("state")
    if state not in (None, "open", "overdue", "verified"):
        abort(404)
    unit = db.session.get(Unit, request.args.get("unit", type=int) or 0)
    found = queries.actions_list(programme, clock.today(), current_user, state, unit.id if unit else None)
    return render_template("dashboard/actions.html", year=year, programme=programme, state=state, unit=unit,
                           actions=found, today=clock.today())


@bp.route("/<int:year>/initiatives/<which>")
@roles_required(Role.LEADER, Role.PLANNER, Role.ADMIN)
def initiative_units(year: int, which: str):
    if which not in ("recognised", "missing"):
        abort(404)
    year = _year(year)
    return render_template("dashboard/units.html", year=year, programme=None, which=which,
                           units=queries.initiative_units(year, which))


@bp.route("/<int:year>/targets/<key>/<colour>")
@roles_required(Role.LEADER, Role.PLANNER, Role.ADMIN)
def target_units(year: int, key: str, colour: str):
    if key not in TARGETS_BY_KEY or colour not in COLOURS:
        abort(404)
    year = _year(year)
    rows = [r for r in service_targets(year) if r.results[key].colour == colour]
    return render_template("dashboard/target_units.html", year=year, target=TARGETS_BY_KEY[key], colour=colour,
                           colour_label=COLOUR_LABELS[colour], rows=rows)
