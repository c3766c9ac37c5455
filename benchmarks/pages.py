"""Time the main pages and exports on a province-size organisation.

    .venv/bin/python -m benchmarks.pages --units 3000 --database postgresql+psycopg://postgres@127.0.0.1/insp_bench

WIPES the database given, builds the organisation with bulk inserts (benchmarks/organisation.py),
then opens each page with Flask's test client as a user of the role that reads it, and prints
one line per page: the time of a first (cold) and of a second request, the SQL statements the
first one sent, and the size of the answer.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from benchmarks.organisation import Organisation, build
from inspection import create_app
from inspection.extensions import db
from models import Role, User
from tests.querycount import count_queries


@dataclass(frozen=True)
class Page:
    name: str
    role: Role
    #: The address, with ``{year}`` and ``{programme}`` filled in from the organisation.
    url: str

    def address(self, org: Organisation) -> str:
        return self.url.format(year=org.year, programme=org.programme_id)


PAGES = (
    Page("dashboard", Role.LEADER, "/dashboard/?year={year}"),
    Page("dashboard Excel", Role.LEADER, "/dashboard/export.xlsx?year={year}"),
    Page("records list", Role.LEADER, "/checklists/records?status=all"),
    Page("registry", Role.LEADER, "/initiatives/?year={year}"),
    Page("registry Excel", Role.LEADER, "/initiatives/export.xlsx?year={year}"),
    Page("missing units Excel", Role.LEADER, "/initiatives/missing.xlsx?year={year}"),
    Page("schedule list", Role.PLANNER, "/schedule/inspections?programme={programme}"),
    Page("schedule Excel", Role.PLANNER, "/schedule/programmes/{programme}/plan.xlsx"),
    Page("plan page", Role.PLANNER, "/planning/programmes/{programme}"),
    Page("weights page", Role.PLANNER, "/planning/programmes/{programme}/weights"),
    Page("indicators", Role.ADMIN, "/indicators/?year={year}"),
)


def logged_in(app: Flask, user_id: int):
    """A test client logged in as the user ``user_id`` through its session (no password check, as
    in the tests)."""
    with app.app_context():
        session_id = db.session.get(User, user_id).get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


@dataclass(frozen=True)
class Measure:
    page: Page
    status: int
    first: float
    second: float
    queries: int
    size: int


def measure(app: Flask, org: Organisation, page: Page) -> Measure:
    client = logged_in(app, org.users[page.role])
    with app.app_context(), count_queries() as statements:
        started = time.perf_counter()
        response = client.get(page.address(org))
        first = time.perf_counter() - started
    started = time.perf_counter()
    client.get(page.address(org))
    second = time.perf_counter() - started
    return Measure(page, response.status_code, first, second, len(statements), len(response.data))


def _wipe(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of a database this run may wipe")
    args = parser.parse_args()
    app = create_app("production", SQLALCHEMY_DATABASE_URI=args.database, SECRET_KEY="benchmark",
                     SERVER_NAME="localhost", JOBS_IMMEDIATE=True)
    _wipe(app)
    with app.app_context():
        started = time.perf_counter()
        org = build(args.units)
        print(f"{args.units} units built in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
    print(f"{'page':<22} {'status':>6} {'first s':>8} {'again s':>8} {'queries':>8} {'size KB':>9}")
    for page in PAGES:
        m = measure(app, org, page)
        print(f"{page.name:<22} {m.status:>6} {m.first:>8.2f} {m.second:>8.2f} {m.queries:>8} {m.size / 1024:>9.0f}")


if __name__ == "__main__":
    main()
