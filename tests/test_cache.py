"""The cache of figures moves to a new generation when the transaction that changed their rows
commits: not when a savepoint inside it is released, and not forgotten when one rolls back."""

from __future__ import annotations

from inspection.cache import GENERATION_KEY, cache
from inspection.extensions import db


def _generation() -> int:
    return int(cache.get(GENERATION_KEY) or 0)


def test_a_new_generation_when_the_change_commits_not_at_a_savepoint(app, make_unit):
    unit = make_unit()
    before = _generation()
    unit.name = "Chi cục Kiểm lâm"
    with db.session.begin_nested():  # e.g. numbering a record inside the same change
        db.session.flush()
    assert _generation() == before
    db.session.commit()
    assert _generation() == before + 1


def test_a_savepoint_rolled_back_keeps_the_change_made_before_it(app, make_unit):
    unit = make_unit()
    before = _generation()
    unit.name = "Chi cục Thủy lợi"
    db.session.flush()
    try:
        with db.session.begin_nested():
            raise ValueError("a refused step")
    except ValueError:
        pass
    db.session.commit()
    assert _generation() == before + 1
