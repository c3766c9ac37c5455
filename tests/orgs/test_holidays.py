"""Holidays: a year filled from the Vietnamese calendar, and single dates edited by hand."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from inspection.extensions import db
from models import Holiday
from tests.orgs.conftest import error_beside


def _holidays_2020() -> dict[date, str]:
    rows = db.session.scalars(select(Holiday).where(func.extract("year", Holiday.date) == 2020))
    return {h.date: h.name for h in rows}


def test_fill_year_adds_vietnamese_holidays_once(admin_client):
    db.session.add(Holiday(date=date(2020, 9, 2), name="Quốc khánh (đã có)"))
    db.session.commit()
    admin_client.post("/admin/holidays/fill", data={"year": "2020"})
    holidays = _holidays_2020()
    assert holidays[date(2020, 4, 2)] == "Ngày Giỗ Tổ Hùng Vương"
    assert {date(2020, 4, 30), date(2020, 5, 1), date(2020, 1, 25)} <= set(holidays)
    assert holidays[date(2020, 9, 2)] == "Quốc khánh (đã có)"
    count = len(holidays)
    admin_client.post("/admin/holidays/fill", data={"year": "2020"})
    assert len(_holidays_2020()) == count
    page = admin_client.get("/admin/holidays?year=2020").get_data(as_text=True)
    assert "02/04/2020" in page and "Ngày Giỗ Tổ Hùng Vương" in page


def test_single_dates_are_added_edited_and_deleted(admin_client):
    admin_client.post("/admin/holidays/new", data={"date": "2020-07-27", "name": "Nghỉ bù"})
    holiday = db.session.scalar(select(Holiday))
    admin_client.post(f"/admin/holidays/{holiday.id}/edit", data={"date": "2020-07-28", "name": "Nghỉ bù lễ"})
    db.session.refresh(holiday)
    assert (holiday.date, holiday.name) == (date(2020, 7, 28), "Nghỉ bù lễ")
    admin_client.post(f"/admin/holidays/{holiday.id}/delete")
    assert db.session.scalar(select(Holiday)) is None


def test_a_date_is_a_holiday_only_once(admin_client):
    db.session.add(Holiday(date=date(2020, 9, 2), name="Quốc khánh"))
    db.session.commit()
    response = admin_client.post("/admin/holidays/new", data={"date": "2020-09-02", "name": "Trùng"})
    assert error_beside(response.get_data(as_text=True), "date") == "Ngày này đã là ngày nghỉ lễ."
