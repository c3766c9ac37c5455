"""Checklist templates (versioned), the responses filled on site, findings and corrective actions."""

from __future__ import annotations

import enum
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

if TYPE_CHECKING:
    from models.orgs import Unit
    from models.planning import Inspection
    from models.uploads import StoredFile
    from models.users import User


class TemplateStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class AnswerType(enum.StrEnum):
    #: compliant / partly / not compliant / not applicable
    CHOICE = "choice"
    #: a percentage 0–100 scored against ``target``
    PERCENT = "percent"
    #: a count, recorded but not scored
    COUNT = "count"


class Choice(enum.StrEnum):
    COMPLIANT = "C"
    PARTLY = "P"
    NOT_COMPLIANT = "N"
    NOT_APPLICABLE = "NA"


class ChecklistTemplate(TimestampMixin, VersionedMixin, db.Model):
    """One version of a checklist template. Editing a published version makes a new version
    with the same ``key``; responses keep the version they were started with."""

    __tablename__ = "checklist_templates"
    __table_args__ = (UniqueConstraint("key", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable identity shared by all versions of one template.
    key: Mapped[str] = mapped_column(String(64), index=True)
    #: Version number within ``key``, from 1.
    number: Mapped[int] = mapped_column(Integer, default=1)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    status: Mapped[TemplateStatus] = enum_column(TemplateStatus, default=TemplateStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    sections: Mapped[list[TemplateSection]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateSection.position"
    )

    def __repr__(self) -> str:
        return f"<ChecklistTemplate {self.key} v{self.number}>"

    def publish(self) -> None:
        if self.status != TemplateStatus.DRAFT:
            raise TransitionError(f"template cannot be published from {self.status}")
        self.status = TemplateStatus.PUBLISHED
        self.published_at = utcnow()

    def retire(self) -> None:
        if self.status != TemplateStatus.PUBLISHED:
            raise TransitionError(f"template cannot be retired from {self.status}")
        self.status = TemplateStatus.RETIRED

    @property
    def items(self) -> list[TemplateItem]:
        return [item for section in self.sections for item in section.items]


class TemplateSection(db.Model):
    __tablename__ = "template_sections"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(16))
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))

    template: Mapped[ChecklistTemplate] = relationship(back_populates="sections")
    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="TemplateItem.position"
    )


class TemplateItem(db.Model):
    __tablename__ = "template_items"
    __table_args__ = (
        UniqueConstraint("section_id", "code"),
        CheckConstraint("weight >= 0", name="weight_non_negative"),
        CheckConstraint("answer_type <> 'percent' OR (target > 0 AND target <= 100)", name="percent_has_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("template_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(16))
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    guidance_vi: Mapped[str] = mapped_column(Text, default="")
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    answer_type: Mapped[AnswerType] = enum_column(AnswerType)
    #: For percentage items: the target the value is scored against (score = value/target, capped at 1).
    target: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))
    #: A note or photo is required when the answer is not "compliant".
    evidence_required: Mapped[bool] = mapped_column(Boolean, default=False)

    section: Mapped[TemplateSection] = relationship(back_populates="items")


class ChecklistResponse(TimestampMixin, VersionedMixin, db.Model):
    """The checklist of one inspection, shared by its team and saved as a draft as it is filled.

    It also carries the inspection record (biên bản): conclusions, the unit representative,
    and the leader's approval or return.
    """

    __tablename__ = "checklist_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), unique=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id"), index=True)
    #: Per-section scores and the total, computed on submit (checklists.md "Scoring").
    scores: Mapped[dict | None] = mapped_column(JSONType)
    total_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    conclusions: Mapped[str] = mapped_column(Text, default="")
    representative_name: Mapped[str] = mapped_column(String(200), default="")
    representative_present: Mapped[bool | None] = mapped_column(Boolean)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_comment: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship()
    template: Mapped[ChecklistTemplate] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])


class Answer(db.Model):
    """One item's answer. Not in the audit log change by change (a tablet saves a draft every few
    seconds): the submission's audit event records the answers as submitted."""

    __tablename__ = "answers"
    __audit__ = False
    __table_args__ = (
        UniqueConstraint("response_id", "item_id"),
        CheckConstraint("number IS NULL OR number >= 0", name="number_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("checklist_responses.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("template_items.id"), index=True)
    choice: Mapped[Choice | None] = enum_column(Choice, nullable=True)
    number: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    #: Item score in [0, 1], or None when not applicable / not answered.
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    response: Mapped[ChecklistResponse] = relationship(back_populates="answers")
    item: Mapped[TemplateItem] = relationship()
    photos: Mapped[list[Photo]] = relationship(back_populates="answer", cascade="all, delete-orphan")


class Photo(db.Model):
    """Evidence photo of an answer: the file as taken, and a smaller copy the pages show."""

    __tablename__ = "photos"
    __table_args__ = (UniqueConstraint("answer_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    #: The photo's content hash (its file's): a photo the tablet sends twice is kept once per answer.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    #: At most 1280 px, JPEG; None for a photo whose copy could not be made.
    display_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)

    answer: Mapped[Answer] = relationship(back_populates="photos")
    file: Mapped[StoredFile] = relationship(foreign_keys=[file_id])
    display_file: Mapped[StoredFile | None] = relationship(foreign_keys=[display_file_id])


class ChecklistSubmission(db.Model):
    """One press of Submit, identified by the id the browser generated, so a resend is stored once."""

    __tablename__ = "checklist_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("checklist_responses.id", ondelete="CASCADE"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The answer the server gave, returned unchanged to any resend of the same client id.
    result: Mapped[dict] = mapped_column(JSONType)


class Finding(db.Model):
    """An item scored below 1 on a submitted checklist, addressed to the inspected unit."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("checklist_responses.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("template_items.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    inspection: Mapped[Inspection] = relationship()
    item: Mapped[TemplateItem] = relationship()
    unit: Mapped[Unit] = relationship()
    action: Mapped[CorrectiveAction | None] = relationship(back_populates="finding", uselist=False)


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    VERIFIED = "verified"
    REOPENED = "reopened"


ACTION_TRANSITIONS: dict[ActionStatus, tuple[ActionStatus, ...]] = {
    ActionStatus.OPEN: (ActionStatus.ANSWERED,),
    ActionStatus.ANSWERED: (ActionStatus.VERIFIED, ActionStatus.REOPENED),
    ActionStatus.REOPENED: (ActionStatus.ANSWERED,),
    ActionStatus.VERIFIED: (),
}


class CorrectiveAction(LifecycleMixin, TimestampMixin, VersionedMixin, db.Model):
    """What the unit must do about a finding, by when; answered by the unit, verified by the lead."""

    TRANSITIONS = ACTION_TRANSITIONS

    __tablename__ = "corrective_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = enum_column(ActionStatus, default=ActionStatus.OPEN)
    unit_answer: Mapped[str] = mapped_column(Text, default="")
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verifier_comment: Mapped[str] = mapped_column(Text, default="")

    finding: Mapped[Finding] = relationship(back_populates="action")
    unit: Mapped[Unit] = relationship()
    evidence: Mapped[StoredFile | None] = relationship()

    def is_overdue(self, today: date) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.REOPENED) and self.due_date < today
