"""People who log in, and what their role lets them do."""

from __future__ import annotations

import enum
import secrets
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import TimestampMixin, VersionedMixin, db, enum_column

if TYPE_CHECKING:
    from models.orgs import Inspector, Unit


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class Role(enum.StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    INSPECTOR = "inspector"
    LEADER = "leader"
    UNIT = "unit"


class User(UserMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # A unit focal point acts for exactly one unit; other roles may name a unit they belong to.
        CheckConstraint("role <> 'unit' OR unit_id IS NOT NULL", name="unit_role_has_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = enum_column(Role)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Preferred interface language ("vi" or "en"); None follows the session's choice.
    locale: Mapped[str | None] = mapped_column(String(5))
    #: Secret part of the personal calendar (.ics) feed URL; regenerating it revokes old links.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Part of every login session and remember-me cookie (see :meth:`get_id`): a new one ends
    #: them all, on every device. Renewed at logout and whenever the password changes.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])
    inspector: Mapped[Inspector | None] = relationship(back_populates="user", uselist=False)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What the login session and the remember-me cookie keep: the id with the session token,
        so that a renewed token ends every session opened before."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Change the password, which logs the user out everywhere."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def regenerate_calendar_token(self) -> str:
        self.calendar_token = secrets.token_urlsafe(32)
        return self.calendar_token
