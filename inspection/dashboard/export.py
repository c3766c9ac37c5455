"""The dashboard as an Excel workbook: one table per panel, the same figures as the page."""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from openpyxl import Workbook

from inspection import spreadsheets
from inspection.dashboard.panels import Dashboard, items_in_template_order
from inspection.dashboard.targets import COLOUR_LABELS, TARGETS
from inspection.labels import label
from inspection.spreadsheets import Column

PERCENT = "0.0"


def _percent(value) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


def _coverage(book: Workbook, board: Dashboard) -> None:
    c = board.coverage
    rows = [] if c is None else [
        [_("Active units"), c.active, 100.0],
        [_("Inspected so far"), c.inspected, c.percent(c.inspected)],
        [_("Planned by the window's end"), c.planned, c.percent(c.planned)],
        [_("Target: strictly more than %(percent)s%%", percent=round(float(c.fraction) * 100)), c.needed,
         c.percent(c.needed)],
    ]
    columns = [_("Figure"), _("Units"), Column(_("Share of active units (%)"), PERCENT)]
    spreadsheets.add_table(book, _("Coverage"), columns, rows)


def _months(book: Workbook, board: Dashboard) -> None:
    rows = [[date(board.year, m.month, 1), m.done, m.planned, m.overdue] for m in board.months]
    totals = ["", *(sum(row[i] for row in rows) for i in (1, 2, 3))]
    columns = [Column(_("Month"), spreadsheets.MONTH_FORMAT), _("Inspected"), _("Scheduled"), _("Overdue")]
    spreadsheets.add_table(book, _("Inspections by month"), columns, rows, totals, _("Total"))


def _results(book: Workbook, board: Dashboard) -> None:
    results = board.results
    vi = str(get_locale()) == "vi"
    sections = results.sections if results else []
    result_rows = results.rows if results else []
    columns = [_("Unit code"), _("Unit"), _("Date"),
               *[Column(f"{vi_title if vi else en} (%)", PERCENT) for _c, vi_title, en in sections],
               Column(f"{_('Total')} (%)", PERCENT)]
    rows = [[r.inspection.unit.code, r.inspection.unit.name, r.inspection.date,
             *[_percent(r.sections.get(code)) for code, _v, _e in sections], _percent(r.total)]
            for r in result_rows]
    spreadsheets.add_table(book, _("Checklist results"), columns, rows)
    items = items_in_template_order(results) if results else []
    grid = [[r.inspection.unit.code, r.inspection.date, *[_answer(r.answers.get((i.section, i.code))) for i in items]]
            for r in result_rows]
    totals = ["", None, *[i.not_compliant for i in items]]
    spreadsheets.add_table(book, _("Answers by item"), [_("Unit code"), _("Date"), *[i.code for i in items]], grid,
                           totals, _("Not compliant (answers)"))


def _answer(answer) -> str | float | None:
    if answer is None:
        return None
    if answer.choice is not None:
        return label(answer.choice)
    return None if answer.number is None else float(answer.number)


def _actions(book: Workbook, board: Dashboard) -> None:
    rows = [[a.unit.code, a.unit.name, a.open, a.overdue, a.verified] for a in board.actions]
    totals = ["", None, *(sum(row[i] for row in rows) for i in (2, 3, 4))]
    columns = [_("Unit code"), _("Unit"), _("Still open"), _("Overdue"), _("Verified")]
    spreadsheets.add_table(book, _("Corrective actions"), columns, rows, totals, _("Total"))


def _initiatives(book: Workbook, board: Dashboard) -> None:
    i = board.initiatives
    rows = [[_("Units with a recognised initiative"), i.recognised_units], [_("Active units"), i.active_units],
            [_("Deadline"), i.deadline], [_("Days left"), None if i.year_over else i.days_left]]
    spreadsheets.add_table(book, _("Initiatives"), [_("Figure"), _("Value")], rows)


def _targets(book: Workbook, board: Dashboard) -> None:
    columns: list = [_("Unit code"), _("Unit"), _("Months reported")]
    colour = _("colour")
    for t in TARGETS:
        columns += [Column(f"{t.label} (%)", PERCENT), f"{t.label} — {colour}"]
    rows = []
    for row in board.targets:
        cells = [row.unit.code, row.unit.name, row.months]
        for t in TARGETS:
            result = row.results[t.key]
            cells += [result.percent, str(COLOUR_LABELS[result.colour])]
        rows.append(cells)
    spreadsheets.add_table(book, _("Service targets"), columns, rows)


def workbook(board: Dashboard) -> bytes:
    book = spreadsheets.new_workbook(f"{_('Dashboard')} {board.year}")
    for add in (_coverage, _months, _results, _actions, _initiatives, _targets):
        add(book, board)
    return spreadsheets.to_bytes(book)
