from datetime import date

import planner
from inspection.extensions import db
from inspection.planning.instance import build_instance, inspection_entry, inspector_key
from models import InspectionStatus, ProgrammeUnit


def test_instance_from_the_database_is_accepted_and_solves(org):
    instance = build_instance(org["programme"])

    typed = planner.load_instance(instance)
    assert typed.holidays == {date(2020, 4, 2), date(2020, 4, 30), date(2020, 5, 1)}  # 2021 is outside
    by_id = typed.inspector_by_id
    lead, _, on_leave, conflicted, _ = org["inspectors"]
    assert by_id[inspector_key(lead)].home_unit == "TTRA"
    assert date(2020, 4, 7) in by_id[inspector_key(on_leave)].unavailable
    assert (inspector_key(conflicted), "CCKL") in typed.conflicts
    assert typed.unit_by_id["CCKL"].mandatory and not typed.unit_by_id["VP"].mandatory
    assert typed.rules.surprise_count == 1 and typed.rules.seed == 7

    plan = planner.solve(instance, time_limit=3)
    assert plan["status"] in ("OPTIMAL", "FEASIBLE")
    assert planner.check(instance, plan).ok
    assert "CCKL" in {i["unit"] for i in plan["inspections"]}


def test_today_is_clamped_into_the_window_and_stale_entries_are_left_out(org, make_inspection):
    programme = org["programme"]
    a, b = org["inspectors"][:2]
    done = make_inspection(programme=programme, unit=org["units"]["CCKL"], team=[a, b], date=date(2020, 4, 6),
                           status=InspectionStatus.APPROVED)
    entry = inspection_entry(done)
    assert entry == {"unit": "CCKL", "date": "2020-04-06", "slot": "AM", "kind": "periodic",
                     "inspectors": sorted([inspector_key(a), inspector_key(b)]), "lead": inspector_key(a)}
    outside = dict(entry, date="2020-07-15")
    unknown = dict(entry, unit="GONE")

    instance = build_instance(programme, today=date(2021, 2, 1), pinned=[entry, outside], previous=[unknown])

    assert instance["today"] == "2020-06-30"
    assert instance["pinned"] == [entry] and instance["previous"] == []
    planner.load_instance(instance)


def test_a_full_day_unit_is_visited_for_a_whole_day(org):
    programme = org["programme"]
    programme.units.append(ProgrammeUnit(unit=org["units"]["VP"], mandatory=True, duration=2))
    db.session.commit()

    instance = build_instance(programme)
    assert {u["id"]: u["duration"] for u in instance["units"]} == {
        "VP": 2, "TTRA": 1, "CCKL": 1, "CCTL": 1, "TTKN": 1, "HKL-CC": 1}
    plan = planner.solve(instance, time_limit=3)
    assert {i["slot"] for i in plan["inspections"] if i["unit"] == "VP"} == {"DAY"}
