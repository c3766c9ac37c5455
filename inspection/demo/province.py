"""`flask demo load --size province|town`: an organisation of a province's size, for load tests.

Built like the demo (the same models, audited as done by "system") and planned by the app's own
operations: the planner solves the year's programme, the plan becomes its revision, the
inspections are published. Every inspector has a login (one shared password), so that a load
test can play the tablets of the teams.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import planner
from inspection import clock
from inspection.audit import acting_as
from inspection.demo import data
from inspection.demo.loader import SEED, Login, demo_template, indicator_month, new_password, person_name
from inspection.orgs.operations import fill_holidays
from inspection.planning.instance import solve_instance
from inspection.planning.operations import has_plan, record_revision
from inspection.schedule.operations import publish
from models import Inspector, Programme, ProgrammeStatus, RevisionSource, Role, Unit, UnitKind, User, db


@dataclass(frozen=True)
class Size:
    units: int
    inspectors: int
    #: The planner's time limit, in seconds.
    time_limit: int


SIZES = {"province": Size(3000, 200, 60), "town": Size(300, 40, 15)}
#: The programme's window: from 40 days ago to 20 days ahead, so that most visits can be filled
#: today (a checklist opens on its visit's day, not before).
WINDOW = (timedelta(days=-40), timedelta(days=20))
AREAS = tuple(data.STREETS)


def load_province(size: Size) -> list[Login]:
    """Fill an empty database; returns the logins (the inspectors share one password)."""
    rng = random.Random(SEED)
    today = clock.today()
    with acting_as(None, "system"):
        staff, logins = _staff()
        units = _units(size.units, rng)
        inspector_logins = _inspectors(size.inspectors, units, rng)
        logins.append(inspector_logins)
        for year in {(today + WINDOW[0]).year, (today + WINDOW[1]).year}:
            fill_holidays(year)
        _indicators(units, rng)
        programme = _programme(staff["planner"])
        db.session.commit()
        _plan_and_publish(programme, staff["planner"], size.time_limit)
    return logins


def _staff() -> tuple[dict[str, User], list[Login]]:
    users, logins = {}, []
    for username, role, name in (("admin", Role.ADMIN, "Quản trị hệ thống"), ("planner", Role.PLANNER, "Kế hoạch"),
                                 ("leader", Role.LEADER, "Lãnh đạo Sở"), ("leader2", Role.LEADER, "Phó Giám đốc Sở")):
        password = new_password()
        users[username] = User(username=username, full_name=name, role=role, active=True)
        users[username].set_password(password)
        logins.append(Login(username, role, name, password))
    db.session.add_all(users.values())
    db.session.flush()
    return users, logins


def _units(count: int, rng: random.Random) -> list[Unit]:
    kinds = tuple(UnitKind)
    units = []
    for n in range(1, count + 1):
        area = AREAS[n % len(AREAS)]
        units.append(Unit(code=f"DV{n:04d}", name=f"Đơn vị số {n} – {area}", kind=kinds[n % len(kinds)], area=area,
                          head_name=person_name(rng), address=f"{rng.randint(2, 280)} {rng.choice(data.STREETS[area])}",
                          active=True))
    db.session.add_all(units)
    db.session.flush()
    return units


def _inspectors(count: int, units: list[Unit], rng: random.Random) -> Login:
    password = new_password()
    shared = User(username="shared", full_name="", role=Role.INSPECTOR)
    shared.set_password(password)  # hashed once: the same hash for all
    for n in range(1, count + 1):
        name = person_name(rng)
        user = User(username=f"tt{n:03d}", full_name=name, role=Role.INSPECTOR, active=True,
                    password_hash=shared.password_hash)
        db.session.add(Inspector(full_name=name, home_unit=rng.choice(units), can_lead=n % 3 != 0, max_per_week=5,
                                 user=user, active=True))
    return Login(f"tt001 … tt{count:03d}", Role.INSPECTOR, "Thanh tra viên", password)


def _indicators(units: list[Unit], rng: random.Random) -> None:
    """The last twelve months' figures of every unit."""
    month = clock.today().replace(day=1)
    for _ in range(12):
        month = (month - timedelta(days=1)).replace(day=1)
        db.session.add_all(indicator_month(unit, month.year, month.month, rng) for unit in units)
        db.session.flush()


def _programme(planner_user: User) -> Programme:
    today = clock.today()
    programme = Programme(
        year=today.year, name=f"Kế hoạch kiểm tra công vụ năm {today.year}", window_start=today + WINDOW[0],
        window_end=today + WINDOW[1], coverage_fraction=Decimal("0.5"), surprise_count=0,
        team_min=2, team_max=2, min_gap_days=30, seed=SEED, template=demo_template(),
        status=ProgrammeStatus.DRAFT, created_by_id=planner_user.id,
    )
    db.session.add(programme)
    return programme


def _plan_and_publish(programme: Programme, planner_user: User, time_limit: int) -> None:
    instance = solve_instance(programme)
    plan = planner.solve(instance, time_limit=time_limit)
    if not has_plan(plan):
        raise RuntimeError(f"the planner found no plan: {plan.get('explanation')}")
    record_revision(programme, instance, plan, RevisionSource.SOLVE, planner_user)
    db.session.flush()
    publish(programme)
    db.session.commit()
