"""Document numbers ("Số"): counted from 1 each year per kind of document, given once.

The counter is a row per (kind, year) that is incremented in place: on PostgreSQL the UPDATE
locks the row until the transaction ends, on SQLite the database's write lock does the same,
so two documents issued at the same moment get two numbers, and a transaction that rolls back
gives its number back. The number is kept with what it was issued for, and issuing that again
(a plan published a second time) keeps it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from models import ChecklistResponse, DocumentCounter, DocumentKind, IssuedDocument, Programme, db


def next_number(kind: DocumentKind, year: int) -> int:
    """The next number of ``kind`` in ``year``, counted in the current transaction."""
    bump = (
        update(DocumentCounter)
        .where(DocumentCounter.kind == kind, DocumentCounter.year == year)
        .values(last_number=DocumentCounter.last_number + 1)
        .returning(DocumentCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    number = db.session.execute(bump).scalar_one_or_none()
    if number is not None:
        return number
    try:
        with db.session.begin_nested():
            db.session.execute(insert(DocumentCounter).values(kind=kind, year=year, last_number=1))
        return 1
    except IntegrityError:  # someone else counted the year's first document meanwhile
        return db.session.execute(bump).scalar_one()


def issued_record(response: ChecklistResponse) -> IssuedDocument | None:
    return db.session.scalar(select(IssuedDocument).where(IssuedDocument.response_id == response.id))


def issued_plan(programme: Programme) -> IssuedDocument | None:
    return db.session.scalar(select(IssuedDocument).where(IssuedDocument.programme_id == programme.id))


def issue_record(response: ChecklistResponse, day: date) -> IssuedDocument:
    """The record's number, given on ``day`` unless it already has one."""
    return issued_record(response) or _issue(DocumentKind.RECORD, day, response=response)


def issue_plan(programme: Programme, day: date) -> IssuedDocument:
    """The plan's number, given on ``day`` unless it already has one."""
    return issued_plan(programme) or _issue(DocumentKind.PLAN, day, programme=programme)


def _issue(kind: DocumentKind, day: date, **subject) -> IssuedDocument:
    document = IssuedDocument(kind=kind, year=day.year, number=next_number(kind, day.year), issued_on=day, **subject)
    db.session.add(document)
    return document
