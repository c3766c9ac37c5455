"""`flask demo load`: the demo organisation, its logins, and nothing twice."""

from __future__ import annotations

import re
import stat
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from inspection.auth.passwords import password_problem
from inspection.clock import local_date
from inspection.extensions import db
from inspection.planning.risk import unit_weights
from models import (
    AuditEntry,
    CorrectiveAction,
    Initiative,
    InitiativeStatus,
    InspectionStatus,
    Inspector,
    Programme,
    ProgrammeStatus,
    Role,
    ServiceIndicator,
    Unit,
    User,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _load(app, tmp_path, monkeypatch, *args):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = app.test_cli_runner().invoke(args=["demo", "load", *args])
    db.session.rollback()
    return result


def _at(day: date) -> datetime:
    """Ten in the morning in Ho Chi Minh City."""
    return datetime.combine(day, time(3), UTC)


def _text(response) -> str:
    assert response.status_code == 200, response.request.path
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.mark.parametrize("today", [date(2025, 6, 10), date(2027, 11, 20)])
def test_the_demo_lives_in_the_year_it_is_loaded(app, tmp_path, monkeypatch, time_machine, as_user, today):
    time_machine.move_to(_at(today), tick=False)
    result = _load(app, tmp_path, monkeypatch, "--if-empty")
    assert result.exit_code == 0, result.output
    year = today.year
    assert (_count(Unit), _count(Inspector), _count(User)) == (30, 8, 7)
    assert db.session.scalar(select(Unit).where(Unit.code == "HKL-BC")).parent.code == "CCKL"
    assert set(db.session.scalars(select(AuditEntry.username).distinct())) == {"system"}

    # 24 months of figures up to last month (and the seed's first two months of 2020).
    months = {(i.year, i.month) for i in db.session.scalars(select(ServiceIndicator))}
    last_month = (year, today.month - 1) if today.month > 1 else (year - 1, 12)
    assert max(months) == last_month and len(months - {(2020, 1), (2020, 2)}) == 24

    # 2020 and last year closed with every record approved; this year's published and under way.
    programmes = {p.year: p for p in db.session.scalars(select(Programme))}
    assert sorted(programmes) == [2020, year - 1, year]
    for past in (2020, year - 1):
        assert programmes[past].status == ProgrammeStatus.CLOSED
        assert {i.status for i in programmes[past].inspections} == {InspectionStatus.APPROVED}
    current = programmes[year]
    assert current.status == ProgrammeStatus.PUBLISHED
    statuses = {i.status for i in current.inspections}
    assert {InspectionStatus.APPROVED, InspectionStatus.SUBMITTED, InspectionStatus.PLANNED} <= statuses
    assert all(i.date >= today for i in current.inspections if i.status == InspectionStatus.PLANNED)
    assert any(i.date > today for i in current.inspections)
    assert any(a.is_overdue(today) for a in db.session.scalars(select(CorrectiveAction)))

    # Every date is the historic one: 2020's initiatives were submitted in 2020.
    for initiative in db.session.scalars(select(Initiative)):
        assert local_date(initiative.created_at).year == initiative.year
        assert local_date(initiative.created_at) < today
    assert {i.status for i in db.session.scalars(select(Initiative).where(Initiative.year == year))} == set(
        InitiativeStatus)

    # Risk weights of this year and the next differ from unit to unit.
    units = list(db.session.scalars(select(Unit)))
    after = Programme(year=year + 1, window_start=date(year + 1, 3, 16), window_end=date(year + 1, 10, 31))
    for programme in (current, after):
        assert len(set(unit_weights(programme, units, today).values())) > 5

    def user(name):
        return as_user(db.session.scalar(select(User).where(User.username == name)))

    leader, planner, inspector, unit = user("leader"), user("planner"), user("inspector1"), user("donvi.cckl")
    shown = f"/{year}"
    dashboard = _text(leader.get("/dashboard/"))
    assert f"năm {year}" in dashboard and "✗" in dashboard  # some units fail a service target
    registry = _text(planner.get("/initiatives/"))
    assert re.search(rf"Thời hạn \d\d/\d\d/{year}: còn \d+ ngày", registry)
    assert not re.search(r"\b0/30\b", registry)
    assert "năm 2020 đã kết thúc" in _text(planner.get("/initiatives/?year=2020"))
    assert "Số ngày còn lại năm đã kết thúc" in _text(leader.get("/dashboard/?year=2020"))
    for client in (leader, planner, inspector, unit):
        assert shown in _text(client.get(f"/schedule/inspections?programme={current.id}"))
    assert shown in _text(leader.get("/checklists/records"))
    assert shown in _text(inspector.get("/checklists/mine"))
    assert f"{year} Số hóa hồ sơ" in _text(unit.get("/initiatives/mine"))


def test_logins_are_kept_for_the_owner_only_and_nothing_loads_twice(app, tmp_path, monkeypatch):
    result = _load(app, tmp_path, monkeypatch)
    kept = (tmp_path / "demo-logins.txt")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    admin_line = next(line for line in kept.read_text().splitlines() if line.startswith("admin "))
    password = admin_line.split()[1]
    assert password in result.output
    assert db.session.scalar(select(User).where(User.username == "admin")).check_password(password)
    for line in kept.read_text().splitlines()[1:]:
        assert password_problem(line.split()[1]) is None, line

    again = _load(app, tmp_path, monkeypatch, "--if-empty")
    assert again.exit_code == 0
    assert (_count(Unit), _count(Inspector), _count(User)) == (30, 8, 7)
    refused = _load(app, tmp_path, monkeypatch)
    assert refused.exit_code != 0 and _count(Unit) == 30


def test_a_province_for_load_tests_is_planned_and_published_with_a_login_per_inspector(app, tmp_path, monkeypatch):
    from inspection.demo import province
    from models import Inspection, InspectionStatus

    monkeypatch.setitem(province.SIZES, "town", province.Size(units=16, inspectors=6, time_limit=5))
    result = _load(app, tmp_path, monkeypatch, "--size", "town")
    assert result.exit_code == 0, result.output
    assert "tt001 … tt006" in result.output
    assert (_count(Unit), _count(Inspector)) == (16, 6)
    assert _count(ServiceIndicator) == 16 * 12
    inspectors = db.session.scalars(select(Inspector)).all()
    assert all(i.user is not None and i.user.role == Role.INSPECTOR for i in inspectors)
    programme = db.session.scalars(select(Programme)).one()
    assert programme.status == ProgrammeStatus.PUBLISHED and programme.current_revision is not None
    planned = db.session.scalars(select(Inspection)).all()
    assert len(planned) > 16 / 2
    assert all(i.status == InspectionStatus.PLANNED and i.published_at is not None for i in planned)
    assert all(i.has_member(i.lead.user) for i in planned)  # the lead's tablet may fill the checklist
