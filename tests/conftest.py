"""Shared fixtures: an app per database backend, a clean database per test, factories, and a
logged-in client per role.

Database tests run on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
The schema is built by the Alembic migrations, as in production.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from inspection import create_app
from inspection.cache import cache
from inspection.extensions import db, limiter

pytest_plugins = ["tests.factories"]

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _worker_postgresql(url: str, worker: str) -> str:
    """A database of its own for each xdist worker, created beside TEST_DATABASE_URL's."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test body keeps an app context (and a database session) of its own; Flask would
    otherwise reuse it for requests, sharing ``g`` (the logged-in user, the locale) and the
    session between the test and every request. After the request the test's session is
    ended, so what the test reads next is what the request committed.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if not (db.session.new or db.session.dirty or db.session.deleted):
            db.session.rollback()
        return response


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def _app(backend, tmp_path_factory, worker_id):
    """One app and one migrated database per backend (and per xdist worker) for the whole run."""
    instance = tmp_path_factory.mktemp(f"instance-{backend}")
    if backend == "postgresql":
        url = os.environ["TEST_DATABASE_URL"]
        if worker_id != "master":
            url = _worker_postgresql(url, worker_id)
        _reset_postgresql(url)
        template = None
    else:
        url = f"sqlite:///{instance / 'test.db'}"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=str(instance / "uploads"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    if backend == "sqlite":
        template = instance / "template.db"
        shutil.copy(instance / "test.db", template)
    app.test_client_class = FreshContextClient
    app.config["_TEST_TEMPLATE_DB"] = template
    app.config["_TEST_DB_PATH"] = instance / "test.db"
    return app


def reset_database(app) -> None:
    """Back to the freshly migrated, empty database."""
    if app.config["_TEST_TEMPLATE_DB"] is not None:
        db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(app.config["_TEST_DB_PATH"]) + suffix).unlink(missing_ok=True)
        shutil.copy(app.config["_TEST_TEMPLATE_DB"], app.config["_TEST_DB_PATH"])
        return
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.remove()
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(_app):
    """The app inside an app context, on an empty migrated database."""
    with _app.app_context():
        reset_database(_app)
        limiter.reset()
        cache.clear()
        yield _app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()
