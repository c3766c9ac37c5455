"""Monthly service indicators per unit: the figures the reform plan sets targets on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, VersionedMixin, db

if TYPE_CHECKING:
    from models.orgs import Unit

#: Count columns, in the order forms and imports present them.
COUNT_FIELDS = (
    "dossiers_received",
    "dossiers_on_time",
    "dossiers_late",
    "apology_letters",
    "online_dossiers",
    "online_handled",
    "postal_procedures",
    "postal_procedures_used",
    "postal_received",
    "postal_returned",
    "surveys_held",
    "survey_responses",
    "survey_satisfied",
    "complaints_received",
    "complaints_on_time",
)

#: (smaller, larger, constraint name): a figure that can never exceed another.
BOUNDED_BY = (
    ("dossiers_on_time", "dossiers_received", "on_time_le_received"),
    ("dossiers_late", "dossiers_received", "late_le_received"),
    ("apology_letters", "dossiers_late", "apologies_le_late"),
    ("online_handled", "online_dossiers", "online_handled_le_online"),
    ("postal_procedures_used", "postal_procedures", "postal_used_le_procedures"),
    ("postal_received", "dossiers_received", "postal_received_le_received"),
    ("postal_returned", "dossiers_received", "postal_returned_le_received"),
    ("survey_satisfied", "survey_responses", "satisfied_le_responses"),
    ("complaints_on_time", "complaints_received", "complaints_on_time_le_received"),
)


def _checks() -> tuple:
    non_negative = tuple(CheckConstraint(f"{f} >= 0", name=f"{f}_non_negative") for f in COUNT_FIELDS)
    bounded = tuple(CheckConstraint(f"{a} <= {b}", name=name) for a, b, name in BOUNDED_BY)
    return non_negative + bounded


class ServiceIndicator(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "service_indicators"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "month"),
        CheckConstraint("month >= 1 AND month <= 12", name="month_range"),
        *_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    #: Dossiers of administrative procedures (hồ sơ TTHC) received and how they were handled.
    dossiers_received: Mapped[int] = mapped_column(Integer, default=0)
    dossiers_on_time: Mapped[int] = mapped_column(Integer, default=0)
    dossiers_late: Mapped[int] = mapped_column(Integer, default=0)
    apology_letters: Mapped[int] = mapped_column(Integer, default=0)
    #: Dossiers of level-3 online procedures, and how many of them were handled online.
    online_dossiers: Mapped[int] = mapped_column(Integer, default=0)
    online_handled: Mapped[int] = mapped_column(Integer, default=0)
    #: Procedures offered through the public postal service, and how many had postal dossiers.
    postal_procedures: Mapped[int] = mapped_column(Integer, default=0)
    postal_procedures_used: Mapped[int] = mapped_column(Integer, default=0)
    postal_received: Mapped[int] = mapped_column(Integer, default=0)
    postal_returned: Mapped[int] = mapped_column(Integer, default=0)
    surveys_held: Mapped[int] = mapped_column(Integer, default=0)
    survey_responses: Mapped[int] = mapped_column(Integer, default=0)
    survey_satisfied: Mapped[int] = mapped_column(Integer, default=0)
    surveys_published: Mapped[bool] = mapped_column(Boolean, default=False)
    complaints_received: Mapped[int] = mapped_column(Integer, default=0)
    complaints_on_time: Mapped[int] = mapped_column(Integer, default=0)
    complaints_published: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship()

    @property
    def apologies_missing(self) -> int:
        """Late dossiers of the month without an apology letter (every one should have one)."""
        return max((self.dossiers_late or 0) - (self.apology_letters or 0), 0)
