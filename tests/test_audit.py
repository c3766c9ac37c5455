"""The audit log costs no SELECT per changed record, and a checklist's draft saves are not in it
change by change: its submission is, with the answers as submitted."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from inspection.extensions import db
from models import AuditEntry, Unit


@contextmanager
def statements():
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _updates() -> dict[str, tuple[dict, dict]]:
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity == "units"))
    return {e.entity_id: (e.before, e.after) for e in entries}


def test_changing_loaded_records_reads_nothing_more_for_the_log(app, make_unit):
    units = [make_unit(name=f"Phòng {n}") for n in range(12)]
    loaded = db.session.scalars(select(Unit).where(Unit.id.in_([u.id for u in units]))).all()
    for unit in loaded:
        unit.name = f"{unit.name} mới"
    with statements() as seen:
        db.session.flush()
    assert [s for s in seen if s.lstrip().upper().startswith("SELECT")] == []
    db.session.commit()
    assert _updates()[str(units[3].id)] == ({"name": "Phòng 3"}, {"name": "Phòng 3 mới"})


def test_records_changed_unread_cost_one_select_per_table(app, make_unit):
    units = [make_unit(name=f"Phòng {n}") for n in range(12)]
    db.session.commit()  # every attribute expired: the old names are in the database only
    for n, unit in enumerate(units):
        unit.name = f"Tên {n}"
    with statements() as seen:
        db.session.flush()
    # SQLAlchemy reloads each expired row for its version check; the log reads the old names once.
    selects = [s for s in seen if s.lstrip().upper().startswith("SELECT") and "units.version" not in s]
    assert len(selects) == 1 and "IN (" in selects[0]
    db.session.commit()
    assert len(_updates()) == 12
    assert _updates()[str(units[5].id)] == ({"name": "Phòng 5"}, {"name": "Tên 5"})
