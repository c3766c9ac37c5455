"""Inspection programmes, their plan revisions and the inspections they schedule."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import (
    JSONType,
    LifecycleMixin,
    TimestampMixin,
    TransitionError,
    VersionedMixin,
    db,
    enum_column,
    utcnow,
)
from models.users import Role

if TYPE_CHECKING:
    from models.checklists import ChecklistTemplate
    from models.orgs import Inspector, Unit
    from models.users import User


#: The largest seed of the surprise draw a planner may enter.
MAX_SEED = 2_000_000_000


def new_seed() -> int:
    """A fresh seed for a programme's surprise draw: drawn at random, so that nobody can guess
    it from the year or the programme."""
    return secrets.randbelow(MAX_SEED + 1)


#: Who sees the whole plan: every programme and every inspection, surprise ones included.
PLAN_READERS = frozenset({Role.PLANNER, Role.LEADER})


class ProgrammeStatus(enum.StrEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    PUBLISHED = "published"
    CLOSED = "closed"


class Programme(TimestampMixin, VersionedMixin, db.Model):
    """A year's inspection programme (kế hoạch kiểm tra)."""

    __tablename__ = "programmes"
    __table_args__ = (
        CheckConstraint("window_end >= window_start", name="window_ordered"),
        CheckConstraint("team_min >= 1 AND team_max >= team_min", name="team_size_ordered"),
        CheckConstraint("coverage_fraction >= 0 AND coverage_fraction < 1", name="coverage_fraction_range"),
        CheckConstraint("surprise_count >= 0", name="surprise_count_non_negative"),
        CheckConstraint("min_gap_days >= 0", name="min_gap_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(300))
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    #: Covered units must be *strictly more* than this fraction of all units (planner rule 2).
    coverage_fraction: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.5"))
    surprise_count: Mapped[int] = mapped_column(Integer, default=0)
    team_min: Mapped[int] = mapped_column(Integer, default=2)
    team_max: Mapped[int] = mapped_column(Integer, default=3)
    min_gap_days: Mapped[int] = mapped_column(Integer, default=30)
    #: Yearly budget of visits (planner rule 9); None means no budget.
    max_inspections: Mapped[int | None] = mapped_column(Integer)
    balance_weight: Mapped[int] = mapped_column(Integer, default=10)
    stability_weight: Mapped[int] = mapped_column(Integer, default=20)
    #: Seed of the surprise draw, random unless the planner sets one; shown to planners only.
    seed: Mapped[int] = mapped_column(Integer, default=new_seed)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_templates.id"))
    status: Mapped[ProgrammeStatus] = enum_column(ProgrammeStatus, default=ProgrammeStatus.DRAFT)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_revisions.id", use_alter=True, ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    template: Mapped[ChecklistTemplate | None] = relationship()
    units: Mapped[list[ProgrammeUnit]] = relationship(back_populates="programme", cascade="all, delete-orphan")
    revisions: Mapped[list[PlanRevision]] = relationship(
        back_populates="programme",
        foreign_keys="PlanRevision.programme_id",
        cascade="all, delete-orphan",
        order_by="PlanRevision.number",
    )
    current_revision: Mapped[PlanRevision | None] = relationship(foreign_keys=[current_revision_id], post_update=True)
    inspections: Mapped[list[Inspection]] = relationship(back_populates="programme", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Programme {self.year} {self.name!r}>"

    def _move(self, allowed_from: tuple[ProgrammeStatus, ...], to: ProgrammeStatus) -> None:
        if self.status not in allowed_from:
            raise TransitionError(f"programme cannot go from {self.status} to {to}")
        self.status = to

    def mark_planned(self) -> None:
        self._move((ProgrammeStatus.DRAFT, ProgrammeStatus.PLANNED, ProgrammeStatus.PUBLISHED), ProgrammeStatus.PLANNED)

    def publish(self) -> None:
        self._move((ProgrammeStatus.PLANNED, ProgrammeStatus.PUBLISHED), ProgrammeStatus.PUBLISHED)
        self.published_at = self.published_at or utcnow()

    def close(self) -> None:
        self._move((ProgrammeStatus.PUBLISHED,), ProgrammeStatus.CLOSED)

    @classmethod
    def visible_to(cls, user: User, today: date):
        """SQL condition: the programmes ``user`` may know exist. Planners and leaders know them
        all, drafts included; anyone else only those in which they may see an inspection
        (``Inspection.visible_to``)."""
        if user.role in PLAN_READERS:
            return true()
        return cls.id.in_(select(Inspection.programme_id).where(Inspection.visible_to(user, today)))


class ProgrammeUnit(db.Model):
    """A unit's settings within one programme: mandatory, and a hand-set weight with its reason."""

    __tablename__ = "programme_units"
    __table_args__ = (
        UniqueConstraint("programme_id", "unit_id"),
        CheckConstraint("weight_override IS NULL OR weight_override >= 0", name="weight_non_negative"),
        CheckConstraint(
            "weight_override IS NULL OR override_reason <> ''", name="override_has_reason"
        ),
        CheckConstraint("duration IN (1, 2)", name="duration_half_or_full_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    weight_override: Mapped[int | None] = mapped_column(Integer)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    #: 1: a half-day visit (morning or afternoon); 2: a full-day visit (planner slot DAY).
    duration: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: The planner unticked the follow-up visit proposed for this unit (a corrective action long
    #: overdue): the unit is then mandatory only if ``mandatory`` says so.
    follow_up_declined: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    programme: Mapped[Programme] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class RevisionSource(enum.StrEnum):
    SOLVE = "solve"
    REPLAN = "replan"
    EDIT = "edit"
    RESTORE = "restore"
    IMPORT = "import"


class PlanStatus(enum.StrEnum):
    """The planner's verdict on a solve (planner-format.md): a plan was found (proved best, or
    not), the request is impossible, or no plan was found in the time allowed."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"


class PlanRevision(db.Model):
    """An immutable snapshot of a programme's plan: the instance solved and the plan obtained."""

    __tablename__ = "plan_revisions"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[RevisionSource] = enum_column(RevisionSource)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The planner instance (planner-format.md, "inspection-instance/1").
    instance: Mapped[dict] = mapped_column(JSONType)
    #: The plan (planner-format.md, "inspection-plan/1").
    plan: Mapped[dict] = mapped_column(JSONType)
    #: A :class:`PlanStatus` value.
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[int | None] = mapped_column(Integer)
    bound: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    programme: Mapped[Programme] = relationship(back_populates="revisions", foreign_keys=[programme_id])
    created_by: Mapped[User | None] = relationship()


class SolveJobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


#: The lifecycle of a solve: queued → running → done / failed / cancelled; a queued job may also
#: be cancelled, or failed when its queue cannot be reached.
SOLVE_JOB_TRANSITIONS: dict[SolveJobStatus, tuple[SolveJobStatus, ...]] = {
    SolveJobStatus.QUEUED: (SolveJobStatus.RUNNING, SolveJobStatus.CANCELLED, SolveJobStatus.FAILED),
    SolveJobStatus.RUNNING: (SolveJobStatus.DONE, SolveJobStatus.FAILED, SolveJobStatus.CANCELLED),
    SolveJobStatus.DONE: (),
    SolveJobStatus.FAILED: (),
    SolveJobStatus.CANCELLED: (),
}

#: Statuses in which a job holds its programme: at most one such job per programme.
ACTIVE_JOB_STATUSES = (SolveJobStatus.QUEUED, SolveJobStatus.RUNNING)
_ACTIVE_SQL = text(f"status IN ({', '.join(repr(status.value) for status in ACTIVE_JOB_STATUSES)})")


class SolveJob(LifecycleMixin, db.Model):
    """A background solve of a programme; progress is written here for the browser to poll.

    Several processes write a job (the web request that queues or cancels it, the worker that
    runs it, a page that finds it abandoned), so every status change is one conditional UPDATE
    (:meth:`move_atomically`): it happens only from a status that may go there, and a job that reached an
    end (done, failed, cancelled) is never changed again.
    """

    TRANSITIONS = SOLVE_JOB_TRANSITIONS

    __tablename__ = "solve_jobs"
    __table_args__ = (
        # One queued or running solve per programme, enforced by the database itself.
        db.Index("uq_solve_jobs_one_active", "programme_id", unique=True,
                 sqlite_where=_ACTIVE_SQL, postgresql_where=_ACTIVE_SQL),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    status: Mapped[SolveJobStatus] = enum_column(SolveJobStatus, default=SolveJobStatus.QUEUED)
    replan_from: Mapped[date | None] = mapped_column(Date)
    time_limit: Mapped[int] = mapped_column(Integer, default=30)
    elapsed: Mapped[float] = mapped_column(default=0.0)
    best_score: Mapped[int | None] = mapped_column(Integer)
    bound: Mapped[int | None] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(50), default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(Text, default="")
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("plan_revisions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: When the worker claimed the job.
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Written by the worker every few seconds while it runs the job: a running job whose
    #: heartbeat stopped lost its worker.
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    revision: Mapped[PlanRevision | None] = relationship()

    @property
    def finished(self) -> bool:
        return not self.TRANSITIONS[self.status]

    @classmethod
    def move_atomically(cls, connection, to: SolveJobStatus, *where, **values) -> int:
        """Move the jobs matching ``where`` to ``to`` in one conditional UPDATE on ``connection``
        (a session or a connection), only those whose status allows it; returns how many moved
        (0 when another process moved them first)."""
        sources = [status for status, targets in cls.TRANSITIONS.items() if to in targets]
        if to not in ACTIVE_JOB_STATUSES:
            values.setdefault("finished_at", utcnow())
        statement = (
            update(cls)
            .where(cls.status.in_(sources), *where)
            .values(status=to, **values)
            .execution_options(synchronize_session=False)
        )
        return connection.execute(statement).rowcount


class Slot(enum.StrEnum):
    AM = "AM"
    PM = "PM"
    DAY = "DAY"


class InspectionKind(enum.StrEnum):
    PERIODIC = "periodic"
    SURPRISE = "surprise"


class InspectionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    CANCELLED = "cancelled"


#: The lifecycle: planned → in progress → submitted → approved / returned (→ in progress again).
INSPECTION_TRANSITIONS: dict[InspectionStatus, tuple[InspectionStatus, ...]] = {
    InspectionStatus.PLANNED: (InspectionStatus.IN_PROGRESS, InspectionStatus.CANCELLED),
    InspectionStatus.IN_PROGRESS: (InspectionStatus.SUBMITTED, InspectionStatus.CANCELLED),
    InspectionStatus.SUBMITTED: (InspectionStatus.APPROVED, InspectionStatus.RETURNED),
    InspectionStatus.RETURNED: (InspectionStatus.IN_PROGRESS, InspectionStatus.SUBMITTED),
    InspectionStatus.APPROVED: (),
    InspectionStatus.CANCELLED: (),
}


class InspectionMember(db.Model):
    __tablename__ = "inspection_members"
    __table_args__ = (UniqueConstraint("inspection_id", "inspector_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"), index=True)

    inspection: Mapped[Inspection] = relationship(back_populates="members")
    inspector: Mapped[Inspector] = relationship()


class Inspection(LifecycleMixin, TimestampMixin, VersionedMixin, db.Model):
    """One visit (cuộc kiểm tra) of a unit by a team, on a date and slot."""

    TRANSITIONS = INSPECTION_TRANSITIONS

    __tablename__ = "inspections"
    __table_args__ = (db.Index("ix_inspections_programme_date", "programme_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[Slot] = enum_column(Slot)
    kind: Mapped[InspectionKind] = enum_column(InspectionKind)
    status: Mapped[InspectionStatus] = enum_column(InspectionStatus, default=InspectionStatus.PLANNED)
    #: Pinned inspections are kept exactly as they are by every re-plan (planner rule 8).
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id"))
    #: Set when the programme is published: from then on the team (and, for periodic ones,
    #: the unit) can see the inspection.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Set on the day of a surprise inspection by the hourly reveal job; only then does the
    #: inspected unit learn of it.
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Raised by every change of date, slot, kind, team, lead or a cancellation: the calendar
    #: feed's SEQUENCE, so that calendars replace the event they already hold.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: ``sequence`` when the programme was last published: a published inspection changed since
    #: then shows as changed until the plan is published again.
    published_sequence: Mapped[int | None] = mapped_column(Integer)

    programme: Mapped[Programme] = relationship(back_populates="inspections")
    unit: Mapped[Unit] = relationship()
    lead: Mapped[Inspector | None] = relationship(foreign_keys=[lead_id])
    members: Mapped[list[InspectionMember]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Inspection {self.unit_id} {self.date} {self.slot} {self.kind}>"

    @property
    def inspectors(self) -> list[Inspector]:
        return [m.inspector for m in self.members]

    @property
    def is_surprise(self) -> bool:
        return self.kind == InspectionKind.SURPRISE

    def cancel(self) -> None:
        """Call the visit off; calendars that hold it show it cancelled."""
        self.move_to(InspectionStatus.CANCELLED)
        self.pinned = False
        self.sequence = (self.sequence or 0) + 1

    def reschedule(self, day: date, slot: Slot, kind: InspectionKind, team: list[Inspector], lead: Inspector) -> bool:
        """Give the visit another date, slot, kind, team or lead, keeping its identity; True when
        anything changed (a stored visit's sequence number then goes up: calendars replace the
        event they hold). A surprise visit revealed to its unit is hidden again when it moves to
        another day."""
        changed = (day, slot, kind, self.lead_id) != (self.date, self.slot, self.kind, lead.id)
        current = {m.inspector_id: m for m in self.members}
        wanted = {i.id for i in team} | {lead.id}
        changed = changed or set(current) != wanted
        if not changed:
            return False
        if day != self.date:
            self.revealed_at = None
        self.date, self.slot, self.kind, self.lead = day, slot, kind, lead
        for inspector_id, member in current.items():
            if inspector_id not in wanted:
                self.members.remove(member)
        for inspector in {i.id: i for i in [*team, lead]}.values():
            if inspector.id not in current:
                self.members.append(InspectionMember(inspector=inspector))
        if self.id is not None:
            self.sequence = (self.sequence or 0) + 1
        return True

    @property
    def changed_since_published(self) -> bool:
        """Published, then moved, re-staffed or cancelled: not yet confirmed by a new publication."""
        return self.published_at is not None and self.sequence != (self.published_sequence or 0)

    def has_member(self, user: User) -> bool:
        return user.inspector is not None and any(m.inspector_id == user.inspector.id for m in self.members)

    @classmethod
    def visible_to(cls, user: User, today: date):
        """SQL condition: the inspections ``user`` may know exist (product.md's role table).

        Planners and leaders see all; inspectors their own published ones (surprise included);
        a unit its own published periodic ones, and a surprise one only once it is revealed on
        its day. Admins manage the organisation, not inspections.
        """
        if user.role in PLAN_READERS:
            return true()
        published = cls.published_at.is_not(None)
        if user.role == Role.INSPECTOR and user.inspector is not None:
            team = select(InspectionMember.inspection_id).where(InspectionMember.inspector_id == user.inspector.id)
            return and_(published, cls.id.in_(team))
        if user.role == Role.UNIT and user.unit_id is not None:
            revealed = and_(cls.revealed_at.is_not(None), cls.date <= today)
            return and_(
                published,
                cls.unit_id == user.unit_id,
                or_(cls.kind == InspectionKind.PERIODIC, revealed),
            )
        return false()
