"""The plan outside the browser: the personal .ics calendar feed and the Excel workbook."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event

from inspection import clock, spreadsheets
from inspection.extensions import db
from inspection.labels import label
from inspection.schedule.queries import Filters, visible_inspections
from inspection.urls import external_url
from models import Inspection, InspectionStatus, Programme, Role, Slot, User

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


def _utc(moment: datetime) -> datetime:
    return clock.local(moment).astimezone(UTC)


def _event(inspection: Inspection, zone: ZoneInfo, domain: str, show_kind: bool) -> Event:
    """One visit as an event. Its UID stays the same through moves and team changes, and its
    SEQUENCE is the inspection's own, so a calendar replaces the event it holds; a cancelled
    visit stays in the feed as CANCELLED so that calendars remove it."""
    start, end = SLOT_HOURS[inspection.slot]
    url = external_url("schedule.inspection", inspection_id=inspection.id)
    event = Event()
    event.add("uid", f"inspection-{inspection.id}@{domain}")
    event.add("sequence", inspection.sequence or 0)
    event.add("summary", _summary(inspection, show_kind))
    event.add("dtstart", datetime.combine(inspection.date, start, zone))
    event.add("dtend", datetime.combine(inspection.date, end, zone))
    event.add("dtstamp", _utc(clock.utcnow()))
    event.add("last-modified", _utc(inspection.updated_at or inspection.created_at))
    event.add("location", inspection.unit.address or inspection.unit.area)
    lead = inspection.lead.full_name if inspection.lead else ""
    event.add("description", "\n".join([
        _("Team: %(team)s", team=_team(inspection)),
        _("Lead: %(lead)s", lead=lead),
        _("Status: %(status)s", status=label(inspection.status)),
        url,
    ]))
    event.add("url", url)
    event.add("status", "CANCELLED" if inspection.status == InspectionStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_ics(inspections: Iterable[Inspection], locale: str, show_kind: bool = True) -> bytes:
    """An iCalendar file (RFC 5545) with one event per inspection, in the reader's language, with
    the VTIMEZONE its times refer to; units are not told which of their inspections are surprise
    ones."""
    zone = clock.timezone()
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//inspection-planning//schedule//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", zone.key)
    with force_locale(locale):
        calendar.add("x-wr-calname", _("Inspection schedule"))
        for inspection in inspections:
            calendar.add_component(_event(inspection, zone, domain, show_kind))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _headers(show_kind: bool) -> list:
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


def made_for(params: dict, user: User) -> tuple[bytes, str]:
    """The programme's plan as ``user`` may see it (run by the job worker)."""
    programme = db.session.get(Programme, params["programme_id"])
    items = visible_inspections(user, clock.today(), Filters(programme_id=programme.id))
    content = plan_workbook(f"{programme.name} ({programme.year})", items, show_kind=user.role != Role.UNIT)
    return content, f"plan-{programme.year}-{programme.id}.xlsx"


def plan_workbook(title: str, inspections: Iterable[Inspection], show_kind: bool = True) -> bytes:
    """The plan as an .xlsx table with Vietnamese headers and dd/mm/yyyy dates (without the
    kind column for a unit); ``title`` is the document's title."""
    with force_locale("vi"):
        book = spreadsheets.new_workbook(title)
        rows = (_row(number, inspection, show_kind) for number, inspection in enumerate(inspections, start=1))
        spreadsheets.add_table(book, _("Inspection plan"), _headers(show_kind), rows)
    return spreadsheets.to_bytes(book)
