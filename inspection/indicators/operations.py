"""Writing monthly figures: one month from the form, or a whole imported file."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from inspection.audit import record_event
from inspection.concurrency import check_version
from inspection.extensions import db
from inspection.import_files import refused_on_second_check
from inspection.indicators.importer import ImportRow, parse
from models import ServiceIndicator, Unit


def find_month(unit_id: int, year: int, month: int) -> ServiceIndicator | None:
    return db.session.scalar(
        select(ServiceIndicator).where(
            ServiceIndicator.unit_id == unit_id, ServiceIndicator.year == year, ServiceIndicator.month == month
        )
    )


def save_month(unit: Unit, year: int, month: int, figures: dict[str, object], version: str | None) -> ServiceIndicator:
    """Create or update the unit's month; refuses a form loaded before the last save."""
    record = find_month(unit.id, year, month)
    check_version(record, version)
    if record is None:
        record = ServiceIndicator(unit=unit, year=year, month=month)
        db.session.add(record)
    for name, value in figures.items():
        setattr(record, name, value)
    return record


def import_rows(rows: list[ImportRow], file_name: str) -> tuple[int, int]:
    """Create or update each (unit, year, month) of a checked file; returns (created, updated)."""
    created = updated = 0
    record = None
    for row in rows:
        record = row.record
        if record is None:
            record = ServiceIndicator(unit=row.unit, year=row.year, month=row.month)
            db.session.add(record)
            created += 1
        else:
            updated += 1
        for name, value in row.figures.items():
            setattr(record, name, value)
    db.session.flush()
    if record is not None:
        record_event(db.session, "import", record, note=file_name, created=created, updated=updated)
    return created, updated


def apply_file(name: str, content: bytes, clear_blanks: bool) -> tuple[int, int]:
    """Check a previewed file again and import it; refused (nothing imported) if it no longer passes."""
    parsed = parse(name, content, clear_blanks)
    if parsed.errors:
        raise refused_on_second_check()
    return import_rows(parsed.rows, name[:200])


def done_message(created: int, updated: int) -> str:
    return _("Imported: %(created)s months added, %(updated)s months updated.", created=created, updated=updated)
