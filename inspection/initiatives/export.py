"""The registry and the list of units still missing an initiative, as Excel workbooks.

Always in Vietnamese, whoever exports: the files go into the department's official reporting.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from inspection import spreadsheets
from inspection.clock import local_date
from inspection.initiatives.queries import Compliance, RegistryFilter, registry_export
from inspection.labels import label
from models import Initiative, InitiativeCategory, InitiativeStatus, User


def filter_params(criteria: RegistryFilter) -> dict:
    """The registry's filters as plain values, for an export made in the background."""
    return {"year": criteria.year, "unit_id": criteria.unit_id, "text": criteria.text,
            "category": criteria.category.value if criteria.category else None,
            "status": criteria.status.value if criteria.status else None}


def made_for(params: dict, _user: User) -> tuple[bytes, str]:
    """The registry file for these filters (run by the job worker; the registry is the same
    for every role that may export it)."""
    criteria = RegistryFilter(year=params["year"], unit_id=params["unit_id"], text=params["text"],
                              category=InitiativeCategory(params["category"]) if params["category"] else None,
                              status=InitiativeStatus(params["status"]) if params["status"] else None)
    return registry_workbook(registry_export(criteria)), registry_filename(criteria.year)


def registry_workbook(initiatives: list[Initiative]) -> bytes:
    with force_locale("vi"):
        book = spreadsheets.new_workbook(_("Initiatives"))
        headers = [_("No."), _("Year"), _("Unit code"), _("Unit"), _("Title"), _("Category"), _("Status"),
                   _("Start date"), _("Submitted on"), _("Submitted by"), _("Reviewed on"), _("Reviewer"),
                   _("Reviewer's comment"), _("Expected effect"), _("Measured effect"), _("Description")]
        rows = ([
            number, i.year, i.unit.code, i.unit.name, i.title, label(i.category), label(i.status), i.start_date,
            local_date(i.created_at), i.submitted_by.full_name if i.submitted_by else "",
            local_date(i.reviewed_at), i.reviewer.full_name if i.reviewer else "", i.review_comment,
            i.expected_effect, i.measured_effect, i.description,
        ] for number, i in enumerate(initiatives, start=1))
        spreadsheets.add_table(book, _("Initiatives"), headers, rows)
    return spreadsheets.to_bytes(book)


def missing_workbook(compliance: Compliance, submitted: dict[int, int]) -> bytes:
    """Active units without a recognised initiative for the year, with how many they submitted."""
    with force_locale("vi"):
        title = _("Units missing %(year)s", year=compliance.year)
        book = spreadsheets.new_workbook(title)
        headers = [_("No."), _("Unit code"), _("Unit"), _("Kind"), _("Area"), _("Head of unit"),
                   _("Initiatives submitted in %(year)s", year=compliance.year), _("Deadline")]
        rows = ([number, unit.code, unit.name, label(unit.kind), unit.area, unit.head_name,
                 submitted.get(unit.id, 0), compliance.deadline]
                for number, unit in enumerate(compliance.missing, start=1))
        spreadsheets.add_table(book, title, headers, rows)
    return spreadsheets.to_bytes(book)


def registry_filename(year: int | None) -> str:
    return f"sang-kien-{year}.xlsx" if year else "sang-kien.xlsx"


def missing_filename(year: int) -> str:
    return f"don-vi-chua-co-sang-kien-{year}.xlsx"
