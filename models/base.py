"""The declarative base, the shared ``db`` object and column helpers used by every domain."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import ClassVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, Enum, Integer, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

#: Explicit constraint names, so that Alembic migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON on SQLite, JSONB on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """This moment in UTC, for column defaults, read from the application's one clock."""
    from inspection.clock import utcnow as clock_utcnow  # here, not above: the inspection package imports models

    return clock_utcnow()


def enum_column(enum_cls: type[enum.Enum], name: str | None = None, **kwargs) -> Mapped:
    """A portable enum column stored as its values (VARCHAR + CHECK), never a native PG type.
    ``name`` names the CHECK constraint when it is not the enum's (a type shared since it was made)."""
    return mapped_column(
        Enum(
            enum_cls,
            values_callable=lambda e: [m.value for m in e],
            native_enum=False,
            create_constraint=True,
            length=32,
            name=name or enum_cls.__name__.lower(),
            validate_strings=True,
        ),
        **kwargs,
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps ``version``.

    Forms carry the version they were loaded with; an operation compares it before writing with
    :func:`inspection.concurrency.check_version`, and SQLAlchemy's own ``version_id_col`` catches
    the race between two flushes (``StaleDataError``). Either way the change is refused, never
    written over the other, and :func:`inspection.concurrency.conflict_response` tells the person.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class TransitionError(ValueError):
    """An illegal lifecycle move (e.g. approving a record that was never submitted)."""


class LifecycleMixin:
    """A ``status`` that moves only along ``TRANSITIONS`` (each status → the statuses it may go to),
    so that views and jobs cannot skip a step."""

    TRANSITIONS: ClassVar[dict]

    def move_to(self, status: enum.Enum) -> None:
        if status not in self.TRANSITIONS[self.status]:
            raise TransitionError(f"{self.__tablename__} cannot go from {self.status} to {status}")
        self.status = status
