"""The schema comes only from Alembic: upgrading an empty database gives exactly the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from inspection.extensions import db


def _pending_changes() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_matches_the_models(app):
    """The ``app`` fixture's database was built by `flask db upgrade` from empty."""
    assert _pending_changes() == []


def test_downgrade_to_empty_and_upgrade_again(app):
    db.session.remove()
    db.engine.dispose()
    downgrade(revision="base")
    with db.engine.connect() as conn:
        assert set(db.inspect(conn).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _pending_changes() == []
