"""Fills an empty database with the demo organisation, in one transaction attributed to "system"."""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from inspection.audit import acting_as
from inspection.auth.passwords import password_problem
from inspection.demo import data
from inspection.orgs.operations import fill_holidays
from models import (
    ChecklistTemplate,
    Initiative,
    InitiativeStatus,
    Inspector,
    InspectorConflict,
    InspectorLeave,
    Programme,
    ProgrammeStatus,
    Role,
    ServiceIndicator,
    Unit,
    User,
    db,
)

#: Fixed seed: the demo looks the same on every machine (passwords aside).
SEED = 2020
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "lIO0o1")


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    full_name: str
    password: str


def database_has_units() -> bool:
    return db.session.scalar(select(Unit.id).limit(1)) is not None


def new_password(length: int = 14) -> str:
    """A random password that the password rule accepts, as any password set by hand must be."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        if password_problem(password) is None:
            return password


def load_demo() -> list[Login]:
    """Load everything and commit once; returns the users' logins with their fresh passwords."""
    rng = random.Random(SEED)
    with acting_as(None, "system"):
        units = _units(rng)
        users, logins = _users(units)
        _inspectors(units, users)
        fill_holidays(2020)
        template = _default_template()
        _programme(template, users["planner"])
        _initiatives(units, users)
        _indicators(units, rng)
        db.session.commit()
    return logins


def _person(rng: random.Random) -> str:
    return f"{rng.choice(data.FAMILY_NAMES)} {rng.choice(data.MIDDLE_NAMES)} {rng.choice(data.GIVEN_NAMES)}"


def _address(rng: random.Random, area: str) -> str:
    return f"{rng.randint(2, 280)} {rng.choice(data.STREETS[area])}, {area}, TP. Hồ Chí Minh"


def _units(rng: random.Random) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, area, _parent in data.UNITS:
        units[code] = Unit(code=code, name=name, kind=kind, area=area, head_name=_person(rng),
                           address=_address(rng, area), active=True)
    for code, *_rest, parent in data.UNITS:
        units[code].parent = units[parent] if parent else None
    db.session.add_all(units.values())
    return units


def _users(units: dict[str, Unit]) -> tuple[dict[str, User], list[Login]]:
    users, logins = {}, []
    for username, full_name, role, unit_code in data.USERS:
        password = new_password()
        user = User(username=username, full_name=full_name, role=role, unit=units.get(unit_code), active=True,
                    email=f"{username}@demo.invalid")
        user.set_password(password)
        users[username] = user
        logins.append(Login(username, role, full_name, password))
    db.session.add_all(users.values())
    return users, logins


def _inspectors(units: dict[str, Unit], users: dict[str, User]) -> dict[str, Inspector]:
    inspectors = {
        name: Inspector(full_name=name, home_unit=units[home], can_lead=lead, max_per_week=per_week,
                        user=users.get(login) if login else None, active=True)
        for name, home, lead, per_week, login in data.INSPECTORS
    }
    for name, first, last, note in data.LEAVES:
        inspectors[name].leaves.append(InspectorLeave(start_date=first, end_date=last, note=note))
    for name, unit_code, reason in data.CONFLICTS:
        inspectors[name].conflicts.append(InspectorConflict(unit=units[unit_code], reason=reason))
    db.session.add_all(inspectors.values())
    return inspectors


def _default_template() -> ChecklistTemplate:
    """The published default checklist, as the checklists domain defines it."""
    from inspection.checklists.default_template import create_default_template

    existing = db.session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.key == "default"))
    return existing or create_default_template()


def _programme(template: ChecklistTemplate, planner: User) -> Programme:
    db.session.flush()  # the planner's id
    programme = Programme(
        year=2020,
        name="Kế hoạch kiểm tra công vụ, cải cách hành chính năm 2020",
        window_start=date(2020, 3, 16),
        window_end=date(2020, 10, 30),
        coverage_fraction=Decimal("0.5"),
        surprise_count=4,
        team_min=2,
        team_max=3,
        min_gap_days=30,
        seed=SEED,
        template=template,
        status=ProgrammeStatus.DRAFT,
        created_by_id=planner.id,
    )
    db.session.add(programme)
    return programme


#: The review path from a fresh submission to each final status.
_PATH = {
    InitiativeStatus.SUBMITTED: (),
    InitiativeStatus.UNDER_REVIEW: (InitiativeStatus.UNDER_REVIEW,),
    InitiativeStatus.RECOGNISED: (InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RECOGNISED),
    InitiativeStatus.RETURNED: (InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RETURNED),
    InitiativeStatus.REJECTED: (InitiativeStatus.UNDER_REVIEW, InitiativeStatus.REJECTED),
}


def _initiatives(units: dict[str, Unit], users: dict[str, User]) -> None:
    for code, title, description, category, status, submitter, comment in data.INITIATIVES:
        initiative = Initiative(unit=units[code], year=2020, title=title, description=description, category=category,
                                submitted_by=users.get(submitter) if submitter else None,
                                start_date=date(2020, 1, 6), status=InitiativeStatus.SUBMITTED)
        for step in _PATH[status]:
            initiative.move_to(step)
        if status != InitiativeStatus.SUBMITTED:
            initiative.reviewer = users["leader"]
            initiative.review_comment = comment
        db.session.add(initiative)


def _risk(code: str) -> str:
    if code in data.HIGH_RISK:
        return "high"
    return "medium" if code in data.MEDIUM_RISK else "low"


#: Per risk level: (late share range, apology share, online-handled share, satisfied share range,
#: complaints range, share of complaints handled on time, results published)
_PROFILES = {
    "low": ((0.0, 0.0), 1.0, (0.8, 0.95), (0.98, 1.0), (0, 1), 1.0, True),
    "medium": ((0.02, 0.06), 0.7, (0.6, 0.75), (0.93, 0.97), (1, 3), 0.67, True),
    "high": ((0.10, 0.25), 0.3, (0.35, 0.55), (0.78, 0.9), (3, 8), 0.4, False),
}


def _indicator(unit: Unit, month: int, rng: random.Random, year: int = 2020) -> ServiceIndicator:
    late_range, apology_share, online_range, satisfied_range, complaints, on_time_share, published = (
        _PROFILES[_risk(unit.code)])
    received = rng.randint(5, 40) if unit.kind.value == "phong" else rng.randint(40, 320)
    late = round(received * rng.uniform(*late_range))
    online = round(received * rng.uniform(0.5, 0.8))
    postal_procedures = rng.randint(4, 15)
    responses = rng.randint(20, 120)
    complaints_received = rng.randint(*complaints)
    return ServiceIndicator(
        unit=unit, year=year, month=month,
        dossiers_received=received, dossiers_late=late, dossiers_on_time=received - late,
        apology_letters=round(late * apology_share),
        online_dossiers=online, online_handled=round(online * rng.uniform(*online_range)),
        postal_procedures=postal_procedures, postal_procedures_used=rng.randint(1, postal_procedures),
        postal_received=round(received * rng.uniform(0.03, 0.15)),
        postal_returned=round(received * rng.uniform(0.03, 0.12)),
        surveys_held=rng.randint(1, 3) if published else rng.randint(0, 1),
        survey_responses=responses, survey_satisfied=round(responses * rng.uniform(*satisfied_range)),
        surveys_published=published,
        complaints_received=complaints_received, complaints_on_time=round(complaints_received * on_time_share),
        complaints_published=published,
    )


def _indicators(units: dict[str, Unit], rng: random.Random) -> None:
    db.session.add_all(_indicator(unit, month, rng) for unit in units.values() for month in (1, 2))
