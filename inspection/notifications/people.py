"""Who is told: the leaders, a unit's focal points, the users behind a visit's team."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from inspection.extensions import db
from models import Role, User


def leaders() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.LEADER, User.active.is_(True))))


def focal_points(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """Unit id → its active focal points."""
    found: dict[int, list[User]] = {}
    users = db.session.scalars(select(User).where(User.role == Role.UNIT, User.active.is_(True),
                                                  User.unit_id.in_(set(unit_ids))).order_by(User.id))
    for user in users:
        found.setdefault(user.unit_id, []).append(user)
    return found
