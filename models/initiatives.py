"""The registry of improvement initiatives (sáng kiến, giải pháp) that units submit each year."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import LifecycleMixin, TimestampMixin, VersionedMixin, db, enum_column, utcnow

if TYPE_CHECKING:
    from models.orgs import Unit
    from models.uploads import StoredFile
    from models.users import User


class InitiativeCategory(enum.StrEnum):
    PUBLIC_SERVICE_CULTURE = "public_service_culture"
    STAFF_ATTITUDE = "staff_attitude"
    HANDLING_QUALITY = "handling_quality"
    OTHER = "other"


class InitiativeStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RECOGNISED = "recognised"
    RETURNED = "returned"
    REJECTED = "rejected"


INITIATIVE_TRANSITIONS: dict[InitiativeStatus, tuple[InitiativeStatus, ...]] = {
    InitiativeStatus.SUBMITTED: (InitiativeStatus.UNDER_REVIEW,),
    InitiativeStatus.UNDER_REVIEW: (
        InitiativeStatus.RECOGNISED,
        InitiativeStatus.RETURNED,
        InitiativeStatus.REJECTED,
    ),
    InitiativeStatus.RETURNED: (InitiativeStatus.SUBMITTED,),
    InitiativeStatus.RECOGNISED: (),
    InitiativeStatus.REJECTED: (),
}

#: The unit may edit its initiative only before review starts or after it was sent back.
EDITABLE_STATUSES = (InitiativeStatus.SUBMITTED, InitiativeStatus.RETURNED)


class Initiative(LifecycleMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "initiatives"
    __table_args__ = (
        db.Index("ix_initiatives_unit_year", "unit_id", "year"),
        CheckConstraint("year >= 2000 AND year <= 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[InitiativeCategory] = enum_column(InitiativeCategory)
    expected_effect: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[InitiativeStatus] = enum_column(InitiativeStatus, default=InitiativeStatus.SUBMITTED)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The reviewer's comment the unit sees (why returned, why rejected, or praise).
    review_comment: Mapped[str] = mapped_column(Text, default="")
    measured_effect: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Title, description and effect folded to lower case without diacritics, for search
    #: that finds "sáng kiến" when typed "sang kien" on SQLite and PostgreSQL alike.
    search_text: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    attachments: Mapped[list[InitiativeAttachment]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Initiative {self.year} {self.title!r}>"

    @property
    def editable_by_unit(self) -> bool:
        return self.status in EDITABLE_STATUSES

    TRANSITIONS = INITIATIVE_TRANSITIONS

    def move_to(self, status: InitiativeStatus) -> None:
        super().move_to(status)
        if status in (InitiativeStatus.RECOGNISED, InitiativeStatus.RETURNED, InitiativeStatus.REJECTED):
            self.reviewed_at = utcnow()


class InitiativeAttachment(db.Model):
    """A document attached to an initiative; name, size and uploader are its file's."""

    __tablename__ = "initiative_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)

    initiative: Mapped[Initiative] = relationship(back_populates="attachments")
    file: Mapped[StoredFile] = relationship()
