"""The cache of figures moves to a new generation when the transaction that changed their rows
commits: not when a savepoint inside it is released, and not forgotten when one rolls back. The
units' service targets have a generation of their own, which only their rows move."""

from __future__ import annotations

from inspection.cache import generation
from inspection.dashboard.targets import service_targets
from inspection.extensions import db
from models import ServiceIndicator


def test_a_new_generation_when_the_change_commits_not_at_a_savepoint(app, make_unit):
    unit = make_unit()
    before = generation()
    unit.name = "Chi cục Kiểm lâm"
    with db.session.begin_nested():  # e.g. numbering a record inside the same change
        db.session.flush()
    assert generation() == before
    db.session.commit()
    assert generation() == before + 1


def test_a_savepoint_rolled_back_keeps_the_change_made_before_it(app, make_unit):
    unit = make_unit()
    before = generation()
    unit.name = "Chi cục Thủy lợi"
    db.session.flush()
    try:
        with db.session.begin_nested():
            raise ValueError("a refused step")
    except ValueError:
        pass
    db.session.commit()
    assert generation() == before + 1


def test_the_service_targets_are_kept_until_a_unit_or_its_figures_change(app, make_unit, make_inspection):
    unit = make_unit(code="CCKL")
    db.session.commit()
    [row] = service_targets(2026)
    assert row.months == 0
    before = generation("targets")
    make_inspection(unit=unit)  # the dashboard's figures change, not these
    db.session.commit()
    assert generation("targets") == before and generation() > 0
    db.session.add(ServiceIndicator(unit=unit, year=2026, month=1, dossiers_received=10, dossiers_on_time=10))
    db.session.commit()
    [row] = service_targets(2026)
    assert row.months == 1 and row.results["on_time"].percent == 100.0
