"""Authentication: checking credentials."""

from __future__ import annotations

from sqlalchemy import func, select

from models import User, db


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None (the same answer whatever was wrong)."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user
