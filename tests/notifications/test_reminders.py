"""Morning reminders (07:00 agency time): corrective actions due within a week and overdue, the
initiatives' deadline at 30, 14 and 3 days, and the leaders' Monday digest, whose figures are
the dashboard's for the same day."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from inspection.extensions import db
from inspection.notifications.tasks import morning_notices
from models import ActionStatus, InitiativeStatus, Role
from tests.dashboard import conftest as dashboard_world
from tests.dashboard.conftest import month
from tests.initiatives import conftest as initiatives_world
from tests.notifications.conftest import addresses, mails_to
from tests.planning.conftest import add_corrective_actions

board = dashboard_world.board
make_initiative = initiatives_world.make_initiative


def _at(day: date, hour: int, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _morning(time_machine, day: date, hour: int = 7) -> None:
    time_machine.move_to(_at(day, hour), tick=False)
    morning_notices()


@pytest.fixture
def unit_with_actions(make_unit, make_user, make_inspection):
    unit = make_unit(name="Chi cục Thủy sản")
    focal = make_user(Role.UNIT, unit=unit, email="thuysan@so.gov.vn")
    make_user(Role.UNIT, email="khac@so.gov.vn")
    inspection = make_inspection(unit=unit)
    add_corrective_actions(unit, inspection, [
        (date(2026, 3, 17), ActionStatus.OPEN), (date(2026, 3, 17), ActionStatus.REOPENED),  # due in 7 days
        (date(2026, 3, 25), ActionStatus.OPEN),  # due in 15 days: not yet
        (date(2026, 3, 1), ActionStatus.OPEN),  # overdue
        (date(2026, 3, 2), ActionStatus.ANSWERED),  # answered: nothing to remind
    ])
    db.session.commit()
    return focal


def test_actions_due_in_a_week_and_overdue_are_told_to_their_unit_once(unit_with_actions, smtp, time_machine):
    _morning(time_machine, date(2026, 3, 10), hour=6)
    assert smtp.received == []  # before 07:00 agency time

    _morning(time_machine, date(2026, 3, 10))
    _morning(time_machine, date(2026, 3, 10), hour=9)
    _morning(time_machine, date(2026, 3, 11))

    assert addresses(smtp) == ["thuysan@so.gov.vn"] * 2
    assert sorted(m.subject for m in smtp.received) == [
        "1 biện pháp khắc phục quá hạn từ 01/03/2026",
        "2 biện pháp khắc phục đến hạn ngày 17/03/2026",
    ]
    assert all("http://127.0.0.1:5000/checklists/actions" in m.text for m in smtp.received)

    _morning(time_machine, date(2026, 3, 18))  # the two are now overdue, the third due within the week
    assert len(smtp.received) == 4
    assert {m.subject for m in smtp.received[2:]} == {"2 biện pháp khắc phục quá hạn từ 17/03/2026",
                                                     "1 biện pháp khắc phục đến hạn ngày 25/03/2026"}


def test_units_without_a_recognised_initiative_are_reminded_30_14_and_3_days_before(
        make_user, make_initiative, smtp, time_machine):
    make_user(Role.UNIT, email="chuaco@so.gov.vn", locale="en")
    done = make_user(Role.UNIT, email="daco@so.gov.vn")
    make_initiative(InitiativeStatus.RECOGNISED, unit=done.unit, year=2026)

    for day in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 16), date(2026, 10, 17),
                date(2026, 10, 29), date(2026, 10, 30), date(2026, 11, 1)):
        _morning(time_machine, day)

    assert addresses(smtp) == ["chuaco@so.gov.vn"] * 3
    assert [m.subject for m in smtp.received] == [
        "Your unit has no recognised initiative yet: 30 days left",
        "Your unit has no recognised initiative yet: 14 days left",
        "Your unit has no recognised initiative yet: 2 days left",  # the worker missed the 3-day morning
    ]


def _figures(page: str) -> dict[str, int]:
    return {key: int(value) for key, value in
            re.findall(r'data-figure="([\w-]+)">(?:<a [^>]*>)?(\d+)', page)}


def _fact(text: str, label: str) -> str:
    return re.search(rf"^{re.escape(label)}: (.*)$", text, re.MULTILINE).group(1).strip()


def test_the_monday_digest_shows_the_dashboards_figures_of_that_day(board, make_user, client_as, smtp,
                                                                     time_machine):
    units = board.units
    month(units["C"], 2024, 5, dossiers_received=100, dossiers_on_time=95)  # short of 100%
    month(units["D"], 2024, 5, dossiers_received=100, dossiers_on_time=100)
    db.session.commit()
    make_user(Role.LEADER, email="lanhdao@so.gov.vn")
    make_user(Role.PLANNER, email="laplich@so.gov.vn")

    _morning(time_machine, date(2024, 6, 15))  # a Saturday: no digest
    _morning(time_machine, date(2024, 6, 17))  # Monday
    _morning(time_machine, date(2024, 6, 17), hour=10)
    dashboard = _figures(client_as(Role.LEADER).get("/dashboard/?year=2024").get_data(as_text=True))

    [digest] = mails_to(smtp, "lanhdao@so.gov.vn")
    assert len(smtp.received) == 1
    assert digest.subject == "Bản tin tổng hợp tuần, 17/06/2024"
    assert _fact(digest.text, "Số đơn vị đã kiểm tra năm 2024") == (
        f"{dashboard['inspected']}/{dashboard['active']} (chỉ tiêu: {dashboard['needed']})")
    overdue = sum(value for key, value in dashboard.items() if key.startswith("overdue-") and key[8:] in units)
    assert _fact(digest.text, "Biện pháp khắc phục quá hạn") == str(overdue)
    assert _fact(digest.text, "Đơn vị chưa có sáng kiến, giải pháp được công nhận") == (
        f"{dashboard['missing']} (còn {dashboard['days-left']} ngày đến hạn)")
    assert _fact(digest.text, "Biên bản chờ phê duyệt") == "1"
    assert _fact(digest.text, "Hồ sơ giải quyết đúng hạn, 05/2024: số đơn vị chưa đạt") == "1"
    assert (dashboard["inspected"], overdue, dashboard["missing"]) == (2, 1, 4)

    _morning(time_machine, date(2024, 6, 18))
    assert len(smtp.received) == 1  # once a week
