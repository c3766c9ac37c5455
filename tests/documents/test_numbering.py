"""Document numbers: per kind and year from 1, given once, never twice, even at the same moment."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import select

from inspection.documents import numbering
from inspection.extensions import db
from models import DocumentCounter, DocumentKind


def test_each_kind_counts_from_one_each_year(app):
    numbers = [numbering.next_number(DocumentKind.RECORD, 2030) for _ in range(3)]
    numbers += [numbering.next_number(DocumentKind.PLAN, 2030), numbering.next_number(DocumentKind.RECORD, 2031)]
    assert numbers == [1, 2, 3, 1, 1]


def test_a_rolled_back_issue_gives_its_number_back(app):
    numbering.next_number(DocumentKind.RECORD, 2030)
    db.session.commit()
    numbering.next_number(DocumentKind.RECORD, 2030)
    db.session.rollback()
    assert numbering.next_number(DocumentKind.RECORD, 2030) == 2


def test_issuing_again_keeps_the_number(app, make_programme):
    first, second = make_programme(), make_programme()
    issued = numbering.issue_plan(first, date(2030, 3, 1))
    db.session.commit()
    assert numbering.issue_plan(first, date(2030, 4, 1)).number == issued.number == 1
    assert numbering.issue_plan(second, date(2030, 4, 1)).number == 2


def test_documents_issued_at_the_same_moment_get_different_numbers(app):
    """Eight requests issue three numbers each at once, each in its own transaction, on the
    test's database (SQLite or PostgreSQL): 1 to 24, each once."""
    got: list[int] = []
    start = threading.Barrier(8)

    def issue() -> None:
        with app.app_context():
            start.wait()
            for _ in range(3):
                got.append(numbering.next_number(DocumentKind.RECORD, 2030))
                db.session.commit()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == list(range(1, 25))
    assert db.session.scalar(select(DocumentCounter.last_number)) == 24
