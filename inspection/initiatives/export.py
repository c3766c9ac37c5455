"""The registry and the list of units still missing an initiative, as Excel workbooks.

Always in Vietnamese, whoever exports: the files go into the department's official reporting.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from inspection.clock import local_date
from inspection.initiatives.queries import Compliance
from inspection.labels import label
from models import Initiative

DATE_FORMAT = "DD/MM/YYYY"


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]):
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _dates(sheet, columns: Iterable[int]) -> None:
    for row in sheet.iter_rows(min_row=2):
        for index in columns:
            row[index - 1].number_format = DATE_FORMAT


def _saved(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def registry_workbook(initiatives: list[Initiative]) -> bytes:
    with force_locale("vi"):
        workbook = Workbook()
        headers = [_("No."), _("Year"), _("Unit code"), _("Unit"), _("Title"), _("Category"), _("Status"),
                   _("Start date"), _("Submitted on"), _("Submitted by"), _("Reviewed on"), _("Reviewer"),
                   _("Reviewer's comment"), _("Expected effect"), _("Measured effect"), _("Description")]
        sheet = _sheet(workbook, _("Initiatives"), headers, [6, 8, 12, 30, 40, 24, 22, 12, 12, 22, 12, 22, 40, 40,
                                                              40, 60])
        for number, i in enumerate(initiatives, start=1):
            sheet.append([
                number, i.year, i.unit.code, i.unit.name, i.title, label(i.category), label(i.status), i.start_date,
                local_date(i.created_at), i.submitted_by.full_name if i.submitted_by else "",
                local_date(i.reviewed_at), i.reviewer.full_name if i.reviewer else "", i.review_comment,
                i.expected_effect, i.measured_effect, i.description,
            ])
        _dates(sheet, (8, 9, 11))
        return _saved(workbook)


def missing_workbook(compliance: Compliance, submitted: dict[int, int]) -> bytes:
    """Active units without a recognised initiative for the year, with how many they submitted."""
    with force_locale("vi"):
        workbook = Workbook()
        headers = [_("No."), _("Unit code"), _("Unit"), _("Kind"), _("Area"), _("Head of unit"),
                   _("Initiatives submitted in %(year)s", year=compliance.year), _("Deadline")]
        sheet = _sheet(workbook, _("Units missing %(year)s", year=compliance.year), headers,
                       [6, 12, 40, 16, 16, 24, 16, 12])
        for number, unit in enumerate(compliance.missing, start=1):
            sheet.append([number, unit.code, unit.name, label(unit.kind), unit.area, unit.head_name,
                          submitted.get(unit.id, 0), compliance.deadline])
        _dates(sheet, (8,))
        return _saved(workbook)


def registry_filename(year: int | None) -> str:
    return f"sang-kien-{year}.xlsx" if year else "sang-kien.xlsx"


def missing_filename(year: int) -> str:
    return f"don-vi-chua-co-sang-kien-{year}.xlsx"
