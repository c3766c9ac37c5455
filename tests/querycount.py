"""Counting the SQL statements a piece of code sends: the one way tests and benchmarks measure it.

    with count_queries() as statements:
        client.get("/dashboard/")
    assert len(statements) <= 12, "\n".join(statements)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from inspection.extensions import db


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """The statements sent to the database inside the block, in order (each execution once,
    ``executemany`` included)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
