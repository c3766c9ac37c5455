"""Authentication: checking credentials, and the login sessions that end."""

from __future__ import annotations

import hmac
import secrets
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from inspection.auth.passwords import password_problem
from inspection.forms import FieldError
from models import User, db
from models.users import new_session_token


@cache
def _dummy_hash() -> str:
    """Checked when no account matches, so that an unknown username costs as long as a known one."""
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None (the same answer, in the same time,
    whatever was wrong)."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    password_ok = check_password_hash(user.password_hash if user is not None else _dummy_hash(), password)
    if user is None or not user.active or not password_ok:
        return None
    return user


def load_user(session_id: str) -> User | None:
    """The user of a login session or remember-me cookie (``id:token``, see ``User.get_id``);
    None once the user's session token was renewed."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def end_sessions(user: User) -> None:
    """Log the user out on every device. Written directly: ending sessions is no edit of the
    user's record (no new version, no audit entry)."""
    db.session.execute(update(User).where(User.id == user.id).values(session_token=new_session_token()))
    db.session.commit()


def change_own_password(user: User, current: str, new: str) -> None:
    """A user's own new password, once the current one is given; it ends every other session."""
    if not user.check_password(current):
        raise FieldError("current_password", _("This is not your current password."))
    problem = password_problem(new, user.username, user.full_name, user.email)
    if problem:
        raise FieldError("new_password", problem)
    if new == current:
        raise FieldError("new_password", _("Choose a password other than the current one."))
    user.set_password(new)
