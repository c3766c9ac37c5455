"""`flask demo load`: the demo organisation, its logins, and nothing twice."""

from __future__ import annotations

import stat

from sqlalchemy import func, select

from inspection.auth.passwords import password_problem
from inspection.extensions import db
from models import (
    AuditEntry,
    ChecklistTemplate,
    Holiday,
    Initiative,
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


def test_demo_load_fills_an_empty_database(app, tmp_path, monkeypatch):
    result = _load(app, tmp_path, monkeypatch, "--if-empty")
    assert result.exit_code == 0, result.output
    assert (_count(Unit), _count(Inspector), _count(User)) == (30, 8, 7)
    assert sorted(u.role.value for u in db.session.scalars(select(User))) == sorted(
        ["admin", "planner", "inspector", "inspector", "leader", "unit", "unit"])
    assert len({u.unit_id for u in db.session.scalars(select(User).where(User.role == Role.UNIT))}) == 2
    assert db.session.scalar(select(func.count()).select_from(Inspector).where(Inspector.can_lead)) == 3
    assert db.session.scalar(select(func.count()).select_from(Inspector).where(Inspector.user_id.is_not(None))) == 2
    assert db.session.scalar(select(Unit).where(Unit.code == "HKL-BC")).parent.code == "CCKL"

    programme = db.session.scalar(select(Programme))
    assert (programme.year, programme.status, programme.surprise_count) == (2020, ProgrammeStatus.DRAFT, 4)
    assert programme.template.key == "default" and _count(ChecklistTemplate) == 1
    assert _count(Holiday) >= 4 and _count(ServiceIndicator) == 60
    assert len({i.status for i in db.session.scalars(select(Initiative))}) == 5

    # Units differ in risk: some have many late dossiers, others none.
    query = select(Unit.code, func.sum(ServiceIndicator.dossiers_late)).join(ServiceIndicator.unit).group_by(Unit.code)
    late = {code: total for code, total in db.session.execute(query)}
    assert late["CCTS"] > 10 and late["VP"] == 0

    # Attributed to "system" in the audit log.
    assert set(db.session.scalars(select(AuditEntry.username).distinct())) == {"system"}


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
