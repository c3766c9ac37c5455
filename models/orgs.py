"""The organisation: units, the inspectors who visit them, and the calendar they work in."""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import JSONType, TimestampMixin, VersionedMixin, db, enum_column

if TYPE_CHECKING:
    from models.users import User


class UnitKind(enum.StrEnum):
    DIVISION = "phong"  # phòng
    BOARD = "ban"  # ban
    SUB_DEPARTMENT = "chi_cuc"  # chi cục
    CENTRE = "trung_tam"  # trung tâm
    STATION = "tram"  # trạm
    RANGER_POST = "hat"  # hạt
    OTHER = "khac"


class Unit(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "units"
    __table_args__ = (CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[UnitKind] = enum_column(UnitKind)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: Name of the head of the unit (người đứng đầu), whose accountability is inspected.
    head_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    #: District used for travel: an inspector's two visits on one day stay in one area.
    area: Mapped[str] = mapped_column(String(100), default="", index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")
    blackouts: Mapped[list[UnitBlackout]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitBlackout.start_date"
    )

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Inspector(TimestampMixin, VersionedMixin, db.Model):
    """A member of the inspection team; may or may not have a login of their own."""

    __tablename__ = "inspectors"
    __table_args__ = (CheckConstraint("max_per_week >= 0", name="max_per_week_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: The unit the inspector works in: a conflict of interest, never inspected by them.
    home_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    can_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    max_per_week: Mapped[int] = mapped_column(Integer, default=3)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    user: Mapped[User | None] = relationship(back_populates="inspector")
    home_unit: Mapped[Unit | None] = relationship()
    leaves: Mapped[list[InspectorLeave]] = relationship(
        back_populates="inspector", cascade="all, delete-orphan", order_by="InspectorLeave.start_date"
    )
    conflicts: Mapped[list[InspectorConflict]] = relationship(
        back_populates="inspector", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Inspector {self.full_name}>"

    def __str__(self) -> str:
        return self.full_name

    def unavailable_dates(self) -> set[date]:
        return {day for leave in self.leaves for day in leave.dates()}


class Period:
    """An inclusive run of calendar days with a short reason (leave, a unit's busy days)."""

    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")

    def dates(self) -> list[date]:
        return [self.start_date + timedelta(days=i) for i in range((self.end_date - self.start_date).days + 1)]


class InspectorLeave(Period, db.Model):
    """A period in which the inspector cannot inspect: leave, training, illness."""

    __tablename__ = "inspector_leaves"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id", ondelete="CASCADE"), index=True)

    inspector: Mapped[Inspector] = relationship(back_populates="leaves")


class UnitBlackout(Period, db.Model):
    """A period in which the unit cannot receive an inspection (its own event, a move, an audit
    by another body): no visit of the unit is planned on those days."""

    __tablename__ = "unit_blackouts"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)

    unit: Mapped[Unit] = relationship(back_populates="blackouts")


class InspectorConflict(db.Model):
    """A declared conflict of interest: the inspector never inspects this unit."""

    __tablename__ = "inspector_conflicts"
    __table_args__ = (UniqueConstraint("inspector_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    inspector: Mapped[Inspector] = relationship(back_populates="conflicts")
    unit: Mapped[Unit] = relationship()


class Holiday(db.Model):
    """A public holiday: no inspection is planned on it. Pre-filled from the `holidays` package."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Setting(db.Model):
    """An application setting editable by admins (risk-weight coefficients, deadlines ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSONType)
