"""Inspectors (and the unit, for what it may see) hear of their visits once each change: assigned
at publication, then moved, re-staffed, cancelled; never a word of a surprise visit to its unit,
and no mail names a visit's kind."""

from __future__ import annotations

from datetime import date

import pytest
from flask import current_app

from inspection.extensions import db
from inspection.schedule.operations import Placement, cancel_inspection, edit_inspection, publish
from models import Inspection, Programme
from tests.notifications.conftest import addresses, mails_to


def _publish(org):
    publish(db.session.get(Programme, org["programme"].id))
    db.session.commit()


def _row(org, code, kind="periodic") -> Inspection:
    return db.session.get(Inspection, org["rows"][(code, kind)].id)


def _move(org, row, **changes):
    values = {"unit": row.unit, "kind": row.kind, "date": row.date, "slot": row.slot, "team": row.inspectors,
              "lead": row.lead, "pinned": row.pinned, **changes}
    with current_app.test_request_context():  # the rules' words are in the request's language
        edit_inspection(row, Placement(**values), org["planner"], str(row.version))
    db.session.commit()


def _words(mail) -> str:
    return " ".join([mail.subject, mail.text, mail.html]).lower()


def test_publishing_tells_each_team_member_and_unit_of_each_visit_once(people, smtp):
    _publish(people)
    _publish(people)  # published again without changes: nobody is told twice

    assert addresses(smtp) == sorted(
        ["an@so.gov.vn"] * 2 + ["binh@so.gov.vn"] * 3 + ["chi@so.gov.vn"] * 3 + ["dung@so.gov.vn"] * 2
        + ["unit.a@so.gov.vn", "unit.b@so.gov.vn", "unit.c@so.gov.vn", "unit.e@so.gov.vn"])
    [unit_a] = mails_to(smtp, "unit.a@so.gov.vn")
    assert unit_a.subject == "Inspection of your unit: Morning, 01/04/2030"
    [unit_b] = mails_to(smtp, "unit.b@so.gov.vn")
    assert unit_b.subject == "Cuộc kiểm tra đơn vị: Buổi sáng, 02/04/2030"
    assert {m.subject for m in mails_to(smtp, "dung@so.gov.vn")} == {
        "Bạn được phân công: kiểm tra Đơn vị C, Buổi sáng, 03/04/2030",
        "Bạn được phân công: kiểm tra Đơn vị A, Buổi chiều, 06/05/2030",
    }
    link = f"http://127.0.0.1:5000/schedule/inspections/{people['rows'][('C', 'periodic')].id}"
    assert any(link in m.text for m in mails_to(smtp, "dung@so.gov.vn"))


def test_a_surprise_visit_is_never_told_to_its_unit_nor_named(people, smtp):
    _publish(people)
    surprise = _row(people, "A", "surprise")
    _move(people, surprise, date=date(2030, 5, 7))

    assert all("06/05/2030" not in _words(m) and "07/05/2030" not in _words(m)
               for m in mails_to(smtp, "unit.a@so.gov.vn"))
    for mail in smtp.received:
        assert "đột xuất" not in _words(mail) and "surprise" not in _words(mail)
    assert len([m for m in smtp.received if "07/05/2030" in m.subject]) == 2  # Bình and Dũng only


def test_a_moved_visit_is_told_to_its_team_and_unit_once(people, smtp):
    _publish(people)
    smtp.received.clear()

    _move(people, _row(people, "B"), date=date(2030, 4, 9), slot=_row(people, "B").slot)

    assert addresses(smtp) == ["binh@so.gov.vn", "chi@so.gov.vn", "unit.b@so.gov.vn"]
    assert {m.subject for m in smtp.received} == {"Đổi lịch kiểm tra: Đơn vị B, nay là Buổi sáng, 09/04/2030"}


def test_a_team_change_tells_who_joins_who_stays_and_who_leaves(people, smtp):
    _publish(people)
    smtp.received.clear()
    p = people["people"]

    _move(people, _row(people, "B"), team=[p["Chi"]], lead=p["An"])

    [joined] = mails_to(smtp, "an@so.gov.vn")
    [stays] = mails_to(smtp, "chi@so.gov.vn")
    [left] = mails_to(smtp, "binh@so.gov.vn")
    [unit] = mails_to(smtp, "unit.b@so.gov.vn")
    assert joined.subject.startswith("Bạn được phân công")
    assert stays.subject.startswith("Đổi thành viên đoàn kiểm tra") and unit.subject == stays.subject
    assert left.subject.startswith("Bạn không còn trong đoàn")
    assert len(smtp.received) == 4


def test_a_cancelled_visit_is_told_to_everyone_who_knew_of_it(people, smtp):
    _publish(people)
    smtp.received.clear()
    row = _row(people, "E")

    with current_app.test_request_context():
        cancel_inspection(row, people["planner"], str(row.version))
    db.session.commit()

    assert addresses(smtp) == ["binh@so.gov.vn", "chi@so.gov.vn", "unit.e@so.gov.vn"]
    assert all(m.subject.startswith("Hủy cuộc kiểm tra") for m in smtp.received)


@pytest.mark.usefixtures("people")
def test_nothing_is_told_before_publication(planned, smtp):
    assert smtp.received == []
