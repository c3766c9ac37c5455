from datetime import date

import pytest

from inspection.extensions import db
from inspection.planning.instance import build_instance, inspection_entry, inspector_key
from inspection.planning.operations import record_revision
from models import Inspection, InspectionStatus, ProgrammeStatus, RevisionSource, Slot


@pytest.fixture
def planned(org, make_inspection):
    """Three inspections of the programme: a planned one, a pinned one and a started one."""
    programme = org["programme"]
    a, b, c, d, _ = org["inspectors"]
    units = org["units"]
    keep = make_inspection(programme=programme, unit=units["CCKL"], team=[a, b], date=date(2020, 4, 6))
    pinned = make_inspection(programme=programme, unit=units["CCTL"], team=[c, d], date=date(2020, 4, 13),
                             pinned=True)
    started = make_inspection(programme=programme, unit=units["TTKN"], team=[a, d], date=date(2020, 3, 20),
                              status=InspectionStatus.IN_PROGRESS)
    return keep, pinned, started


def _ids(programme):
    return {i.id for i in db.session.scalars(db.select(Inspection).where(Inspection.programme_id == programme.id))}


def test_revision_keeps_unchanged_inspections_and_never_touches_started_ones(org, planned):
    programme = org["programme"]
    keep, pinned, started = planned
    a, b, c, _, e = org["inspectors"]
    moved_team = dict(inspection_entry(keep), inspectors=sorted([inspector_key(a), inspector_key(e)]))
    new = {"unit": "VP", "date": "2020-05-04", "slot": "PM", "kind": "surprise",
           "inspectors": [inspector_key(c), inspector_key(e)], "lead": inspector_key(c)}
    # The started inspection is in the plan with another team: it must stay as it is.
    started_entry = dict(inspection_entry(started), inspectors=[inspector_key(a), inspector_key(b)])
    plan = {"format": "inspection-plan/1", "status": "FEASIBLE", "score": 10, "bound": 20,
            "inspections": [moved_team, new, started_entry]}

    revision = record_revision(programme, build_instance(programme), plan, RevisionSource.IMPORT, None)
    db.session.commit()

    assert revision.number == 1 and programme.current_revision_id == revision.id
    assert programme.status == ProgrammeStatus.PLANNED
    assert db.session.get(Inspection, pinned.id) is None  # not in the plan any more
    kept = db.session.get(Inspection, keep.id)
    assert {m.inspector_id for m in kept.members} == {a.id, e.id} and kept.lead_id == a.id
    untouched = db.session.get(Inspection, started.id)
    assert untouched.status == InspectionStatus.IN_PROGRESS
    assert {m.inspector_id for m in untouched.members} == {a.id, org["inspectors"][3].id}
    created = db.session.scalars(db.select(Inspection).where(Inspection.unit == org["units"]["VP"])).one()
    assert (created.slot, created.kind.value, created.published_at) == (Slot.PM, "surprise", None)
    assert _ids(programme) == {keep.id, started.id, created.id}

    second = record_revision(programme, build_instance(programme), plan, RevisionSource.EDIT, None)
    db.session.commit()
    assert second.number == 2 and _ids(programme) == {keep.id, started.id, created.id}


def test_a_plan_without_inspections_is_kept_but_changes_nothing(org, planned):
    programme = org["programme"]
    before = _ids(programme)
    plan = {"format": "inspection-plan/1", "status": "INFEASIBLE", "score": None, "bound": None,
            "inspections": [], "explanation": ["too many units"]}

    revision = record_revision(programme, build_instance(programme), plan, RevisionSource.SOLVE, None)
    db.session.commit()

    assert revision.status == "INFEASIBLE" and programme.current_revision_id is None
    assert programme.status == ProgrammeStatus.DRAFT and _ids(programme) == before
