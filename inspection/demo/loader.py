"""Fills an empty database with the demo organisation, in one transaction attributed to "system"."""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from inspection import clock
from inspection.audit import acting_as
from inspection.auth.passwords import password_problem
from inspection.demo import data, programmes, timeline
from inspection.initiatives.operations import set_deadline
from inspection.initiatives.queries import deadline
from inspection.orgs.operations import fill_holidays
from inspection.planning.forms import default_window
from models import (
    ChecklistTemplate,
    Initiative,
    InitiativeStatus,
    Inspector,
    InspectorConflict,
    InspectorLeave,
    Role,
    ServiceIndicator,
    Unit,
    User,
    db,
)

#: Fixed seed: the demo looks the same on every machine (passwords aside).
SEED = 2020
#: Months of service figures, up to last month.
INDICATOR_MONTHS = 24
#: The initiative deadline the demo's admin chose when the usual one (31/10) is past: the
#: registry counts down to it.
DEMO_LATE_DEADLINE = "12-31"
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
    """Load everything and commit once; returns the users' logins with their fresh passwords.

    The organisation lives in the current year: 24 months of figures up to last month, this
    year's initiatives, last year's programme closed and this year's under way, around today.
    The seed's 2020 programme stays as a closed programme of the past."""
    rng = random.Random(SEED)
    today = clock.today()
    with acting_as(None, "system"):
        units = _units(rng)
        users, logins = _users(units)
        inspectors = _inspectors(units, users, today)
        for year in sorted({2020, today.year - 1, today.year, today.year + 1}):
            fill_holidays(year)
        template = demo_template()
        _indicators(units, rng, today)
        _initiatives(units, users, today)
        db.session.flush()
        cast = programmes.Cast(planner=users["planner"], leader=users["leader"],
                               inspector=inspectors[data.INSPECTORS[0][0]].user)
        for year in sorted({2020, today.year - 1} - {today.year}):
            window = (date(2020, 3, 16), date(2020, 10, 30)) if year == 2020 else default_window(year)
            _past_programme(year, window, template, cast, rng, today)
        current = programmes.create_programme(today.year, timeline.current_window(today), template, cast,
                                              seed=SEED + today.year)
        programmes.plan_and_publish(current, cast)
        programmes.carry_out(current, today, cast, rng)
        if today > deadline(today.year):
            set_deadline(DEMO_LATE_DEADLINE)
        db.session.commit()
    return logins


def _past_programme(year: int, window: tuple[date, date], template: ChecklistTemplate, cast: programmes.Cast,
                    rng: random.Random, today: date) -> None:
    programme = programmes.create_programme(year, window, template, cast, seed=SEED if year == 2020 else SEED + year)
    programmes.plan_and_publish(programme, cast)
    programmes.carry_out(programme, today, cast, rng)
    programme.close()


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(data.FAMILY_NAMES)} {rng.choice(data.MIDDLE_NAMES)} {rng.choice(data.GIVEN_NAMES)}"


def _address(rng: random.Random, area: str) -> str:
    return f"{rng.randint(2, 280)} {rng.choice(data.STREETS[area])}, {area}, TP. Hồ Chí Minh"


def _units(rng: random.Random) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, area, _parent in data.UNITS:
        units[code] = Unit(code=code, name=name, kind=kind, area=area, head_name=person_name(rng),
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


def _inspectors(units: dict[str, Unit], users: dict[str, User], today: date) -> dict[str, Inspector]:
    inspectors = {
        name: Inspector(full_name=name, home_unit=units[home], can_lead=lead, max_per_week=per_week,
                        user=users.get(login) if login else None, active=True)
        for name, home, lead, per_week, login in data.INSPECTORS
    }
    for name, first, last, note in data.LEAVES:
        inspectors[name].leaves.append(InspectorLeave(start_date=first, end_date=last, note=note))
    for name, first, last, note in data.RECENT_LEAVES:
        inspectors[name].leaves.append(InspectorLeave(start_date=today + timedelta(days=first),
                                                      end_date=today + timedelta(days=last), note=note))
    for name, unit_code, reason in data.CONFLICTS:
        inspectors[name].conflicts.append(InspectorConflict(unit=units[unit_code], reason=reason))
    db.session.add_all(inspectors.values())
    return inspectors


def demo_template() -> ChecklistTemplate:
    """The published default checklist, as the checklists domain defines it."""
    from inspection.checklists.default_template import create_default_template

    existing = db.session.scalar(select(ChecklistTemplate).where(ChecklistTemplate.key == "default"))
    return existing or create_default_template()


#: The review path from a fresh submission to each final status.
_PATH = {
    InitiativeStatus.SUBMITTED: (),
    InitiativeStatus.UNDER_REVIEW: (InitiativeStatus.UNDER_REVIEW,),
    InitiativeStatus.RECOGNISED: (InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RECOGNISED),
    InitiativeStatus.RETURNED: (InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RETURNED),
    InitiativeStatus.REJECTED: (InitiativeStatus.UNDER_REVIEW, InitiativeStatus.REJECTED),
}


def _initiatives(units: dict[str, Unit], users: dict[str, User], today: date) -> None:
    """2020's as they were, last year's (most units had one recognised), and this year's in every
    status, each submitted on a day of its year before today and reviewed three weeks later."""
    last_year = []
    for n, code in enumerate((*data.LAST_YEAR_RECOGNISED, *data.LAST_YEAR_REJECTED)):
        title, category = data.LAST_YEAR_TITLES[n % len(data.LAST_YEAR_TITLES)]
        rejected = code in data.LAST_YEAR_REJECTED
        last_year.append((code, title, f"{title} tại {units[code].name}.", category,
                          InitiativeStatus.REJECTED if rejected else InitiativeStatus.RECOGNISED, None,
                          "Chưa chứng minh được hiệu quả." if rejected else "Có hiệu quả."))
    for year, rows in ((2020, data.INITIATIVES), (today.year - 1, last_year), (today.year, data.CURRENT_INITIATIVES)):
        first, last = date(year, 1, 5), min(date(year, 9, 30), today - timedelta(days=1))
        for n, (code, title, description, category, status, submitter, comment) in enumerate(rows):
            submitted_on = first + (last - first) * (n + 1) // (len(rows) + 1)
            initiative = Initiative(unit=units[code], year=year, title=title, description=description,
                                    category=category, submitted_by=users.get(submitter) if submitter else None,
                                    start_date=max(date(year, 1, 2), submitted_on - timedelta(days=60)),
                                    status=InitiativeStatus.SUBMITTED, created_at=timeline.moment(submitted_on, 10))
            for step in _PATH[status]:
                initiative.move_to(step)
            if status != InitiativeStatus.SUBMITTED:
                initiative.reviewer = users["leader"]
                initiative.review_comment = comment
            if initiative.reviewed_at is not None:
                initiative.reviewed_at = timeline.moment(min(submitted_on + timedelta(days=21), today), 15)
            db.session.add(initiative)


#: Per risk level: (late share range, apology share, online-handled share, satisfied share range,
#: complaints range, share of complaints handled on time, results published)
_PROFILES = {
    "low": ((0.0, 0.0), 1.0, (0.8, 0.95), (0.98, 1.0), (0, 1), 1.0, True),
    "medium": ((0.02, 0.06), 0.7, (0.6, 0.75), (0.93, 0.97), (1, 3), 0.67, True),
    "high": ((0.10, 0.25), 0.3, (0.35, 0.55), (0.78, 0.9), (3, 8), 0.4, False),
}


def indicator_month(unit: Unit, year: int, month: int, rng: random.Random) -> ServiceIndicator:
    late_range, apology_share, online_range, satisfied_range, complaints, on_time_share, published = (
        _PROFILES[data.risk_level(unit.code)])
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


def _indicators(units: dict[str, Unit], rng: random.Random, today: date) -> None:
    """The first two months of 2020, and the 24 months up to last month."""
    months = sorted({(2020, 1), (2020, 2), *timeline.months_before(today, INDICATOR_MONTHS)})
    db.session.add_all(indicator_month(unit, year, month, rng) for unit in units.values() for year, month in months)
