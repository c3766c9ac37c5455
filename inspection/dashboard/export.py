"""The dashboard as an Excel workbook: one sheet per panel, the same figures as the page."""

from __future__ import annotations

import io

from flask_babel import get_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from inspection.dashboard.panels import Dashboard, month_label
from inspection.dashboard.targets import COLOUR_LABELS, TARGETS
from inspection.labels import label

#: Characters Excel refuses in a sheet's name.
_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title.translate(_NOT_IN_SHEET_NAMES)[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(10, min(50, len(str(column[0].value)) + 2))


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
    _sheet(book, _("Coverage"), [_("Figure"), _("Units"), _("Share of active units (%)")], rows)


def _months(book: Workbook, board: Dashboard) -> None:
    rows = [[month_label(m.month, board.year), m.done, m.planned, m.overdue] for m in board.months]
    _sheet(book, _("Inspections by month"), [_("Month"), _("Inspected"), _("Scheduled"), _("Overdue")], rows)


def _results(book: Workbook, board: Dashboard) -> None:
    results = board.results
    vi = str(get_locale()) == "vi"
    sections = results.sections if results else []
    headers = [_("Unit"), _("Date"), *[vi_title if vi else en for _c, vi_title, en in sections], _("Total")]
    rows = [[r.inspection.unit.code, r.inspection.date.strftime("%d/%m/%Y"),
             *[_percent(r.sections.get(code)) for code, _v, _e in sections], _percent(r.total)]
            for r in (results.rows if results else [])]
    _sheet(book, _("Checklist results"), headers, rows)
    items = results.items if results else []
    grid = [[r.inspection.unit.code, r.inspection.date.strftime("%d/%m/%Y"),
             *[_answer(r.answers.get((i.section, i.code))) for i in items]] for r in (results.rows if results else [])]
    grid.append([_("Not compliant"), "", *[i.not_compliant for i in items]])
    _sheet(book, _("Answers by item"), [_("Unit"), _("Date"), *[i.code for i in items]], grid)


def _answer(answer) -> str | float | None:
    if answer is None:
        return None
    if answer.choice is not None:
        return label(answer.choice)
    return None if answer.number is None else float(answer.number)


def _actions(book: Workbook, board: Dashboard) -> None:
    rows = [[a.unit.code, a.unit.name, a.open, a.overdue, a.verified] for a in board.actions]
    headers = [_("Unit code"), _("Unit"), _("Still open"), _("Overdue"), _("Verified")]
    _sheet(book, _("Corrective actions"), headers, rows)


def _initiatives(book: Workbook, board: Dashboard) -> None:
    i = board.initiatives
    rows = [[_("Units with a recognised initiative"), i.recognised_units], [_("Active units"), i.active_units],
            [_("Deadline"), i.deadline.strftime("%d/%m/%Y")], [_("Days left"), i.days_left]]
    _sheet(book, _("Initiatives"), [_("Figure"), _("Value")], rows)


def _targets(book: Workbook, board: Dashboard) -> None:
    headers = [_("Unit code"), _("Months reported")]
    colour = _("colour")
    for t in TARGETS:
        headers += [f"{t.label} (%)", f"{t.label} — {colour}"]
    rows = []
    for row in board.targets:
        cells = [row.unit.code, row.months]
        for t in TARGETS:
            result = row.results[t.key]
            cells += [result.percent, str(COLOUR_LABELS[result.colour])]
        rows.append(cells)
    _sheet(book, _("Service targets"), headers, rows)


def workbook(board: Dashboard) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for add in (_coverage, _months, _results, _actions, _initiatives, _targets):
        add(book, board)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
