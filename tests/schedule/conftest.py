"""A small planned programme for the schedule tests: five units in one area, four inspectors
(two can lead, one works in a unit, one has a conflict of interest) and a valid plan of four
periodic inspections and one surprise inspection, stored as revision 1 by a planner.

The programme is in 2030, so every date of the plan is still ahead of the real today."""

from __future__ import annotations

from datetime import date

import pytest

from inspection.extensions import db
from inspection.planning.instance import build_instance, inspector_key
from inspection.planning.operations import record_revision
from models import Inspection, InspectorConflict, RevisionSource, Role
from planner import check


@pytest.fixture
def org(app, make_unit, make_inspector, make_programme, make_user):
    units = {code: make_unit(code=code, name=f"Đơn vị {code}", area="Quận 1") for code in "ABCDE"}
    users = {name: make_user(Role.INSPECTOR, full_name=f"Thanh tra {name}") for name in ("An", "Bình", "Chi", "Dũng")}
    people = {
        "An": make_inspector(user=users["An"], full_name="Thanh tra An", can_lead=True, home_unit=units["D"]),
        "Bình": make_inspector(user=users["Bình"], full_name="Thanh tra Bình", can_lead=True),
        "Chi": make_inspector(user=users["Chi"], full_name="Thanh tra Chi", can_lead=False),
        "Dũng": make_inspector(user=users["Dũng"], full_name="Thanh tra Dũng", can_lead=False),
    }
    db.session.add(InspectorConflict(inspector=people["Dũng"], unit=units["B"], reason="Người thân"))
    programme = make_programme(year=2030, name="Kế hoạch 2030", window_start=date(2030, 3, 18),
                               window_end=date(2030, 6, 28), surprise_count=1, min_gap_days=30)
    planner = make_user(Role.PLANNER, full_name="Người lập kế hoạch")
    return {"units": units, "people": people, "users": users, "programme": programme, "planner": planner}


def entry(unit: str, day: str, slot: str, kind: str, team, lead) -> dict:
    return {"unit": unit, "date": day, "slot": slot, "kind": kind,
            "inspectors": sorted(inspector_key(i) for i in team), "lead": inspector_key(lead)}


@pytest.fixture
def planned(org) -> dict:
    """Revision 1: A, B, C, E periodic in the week of 01/04/2030 and a surprise visit of A."""
    p = org["people"]
    an, binh, chi, dung = p["An"], p["Bình"], p["Chi"], p["Dũng"]
    plan = {"format": "inspection-plan/1", "status": "OPTIMAL", "score": 0, "bound": 0, "inspections": [
        entry("A", "2030-04-01", "AM", "periodic", [an, chi], an),
        entry("B", "2030-04-02", "AM", "periodic", [binh, chi], binh),
        entry("C", "2030-04-03", "AM", "periodic", [an, dung], an),
        entry("E", "2030-04-04", "AM", "periodic", [binh, chi], binh),
        entry("A", "2030-05-06", "PM", "surprise", [binh, dung], binh),
    ]}
    instance = build_instance(org["programme"])
    report = check(instance, plan)
    assert report.ok, report.violations
    plan["score"] = report.score
    record_revision(org["programme"], instance, plan, RevisionSource.SOLVE, org["planner"])
    db.session.commit()
    rows = db.session.scalars(db.select(Inspection).where(Inspection.programme_id == org["programme"].id))
    org["rows"] = {(r.unit.code, r.kind.value): r for r in rows}
    return org
