"""The plan outside the browser: the personal .ics calendar feed and the Excel workbook."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from inspection import clock
from inspection.labels import label
from models import Inspection, InspectionStatus, Slot

#: Working hours of each slot, in local time.
SLOT_HOURS: dict[Slot, tuple[time, time]] = {
    Slot.AM: (time(8, 0), time(11, 30)),
    Slot.PM: (time(13, 30), time(17, 0)),
    Slot.DAY: (time(8, 0), time(17, 0)),
}


def _team(inspection: Inspection) -> str:
    return ", ".join(sorted(i.full_name for i in inspection.inspectors))


def _summary(inspection: Inspection, show_kind: bool) -> str:
    if not show_kind:
        return _("Inspection: %(unit)s", unit=inspection.unit.name)
    text = _("%(kind)s inspection: %(unit)s", kind=label(inspection.kind).lower(), unit=inspection.unit.name)
    return text[:1].upper() + text[1:]


def _event(inspection: Inspection, zone: ZoneInfo, domain: str, show_kind: bool) -> Event:
    start, end = SLOT_HOURS[inspection.slot]
    event = Event()
    event.add("uid", f"inspection-{inspection.id}@{domain}")
    event.add("summary", _summary(inspection, show_kind))
    event.add("dtstart", datetime.combine(inspection.date, start, zone))
    event.add("dtend", datetime.combine(inspection.date, end, zone))
    event.add("dtstamp", inspection.updated_at or inspection.created_at)
    event.add("location", inspection.unit.address or inspection.unit.area)
    lead = inspection.lead.full_name if inspection.lead else ""
    event.add("description", "\n".join([
        _("Team: %(team)s", team=_team(inspection)),
        _("Lead: %(lead)s", lead=lead),
        _("Status: %(status)s", status=label(inspection.status)),
        url_for("schedule.inspection", inspection_id=inspection.id, _external=True),
    ]))
    event.add("status", "CANCELLED" if inspection.status == InspectionStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_ics(inspections: Iterable[Inspection], locale: str, show_kind: bool = True) -> bytes:
    """An iCalendar file with one event per inspection, in the reader's language; units are
    not told which of their inspections are surprise ones."""
    zone = clock.timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//inspection-planning//schedule//VI")
    calendar.add("version", "2.0")
    with force_locale(locale):
        calendar.add("x-wr-calname", _("Inspection schedule"))
        for inspection in inspections:
            calendar.add_component(_event(inspection, zone, "inspection.local", show_kind))
    return calendar.to_ical()


def _headers(show_kind: bool) -> list[str]:
    kind = [_("Kind")] if show_kind else []
    return [_("No."), _("Date"), _("Slot"), _("Unit code"), _("Unit"), _("Area"), *kind,
            _("Lead"), _("Team"), _("Status")]


def _row(number: int, inspection: Inspection, show_kind: bool) -> list:
    kind = [label(inspection.kind)] if show_kind else []
    return [
        number, inspection.date, label(inspection.slot), inspection.unit.code, inspection.unit.name,
        inspection.unit.area, *kind,
        inspection.lead.full_name if inspection.lead else "", _team(inspection), label(inspection.status),
    ]


def plan_workbook(title: str, inspections: Iterable[Inspection], show_kind: bool = True) -> bytes:
    """The plan as an .xlsx sheet with Vietnamese headers and dd/mm/yyyy dates (without the
    kind column for a unit)."""
    workbook = Workbook()
    sheet = workbook.active
    with force_locale("vi"):
        sheet.title = _("Inspection plan")
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(_headers(show_kind))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for number, inspection in enumerate(inspections, start=1):
            sheet.append(_row(number, inspection, show_kind))
            sheet.cell(row=sheet.max_row, column=2).number_format = "dd/mm/yyyy"
    widths = (6, 12, 12, 12, 40, 16, *((12,) if show_kind else ()), 26, 50, 16)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
