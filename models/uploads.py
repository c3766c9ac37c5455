"""Uploaded files: one row per upload, the bytes kept once per content (see inspection.uploads)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, enum_column, utcnow

if TYPE_CHECKING:
    from models.users import User


class FilePurpose(enum.StrEnum):
    #: A checklist photo as taken, and the smaller copy the pages show.
    PHOTO = "photo"
    PHOTO_DISPLAY = "photo_display"
    #: What a unit sends to show a corrective action was done.
    EVIDENCE = "evidence"
    #: A document attached to an initiative.
    ATTACHMENT = "attachment"
    #: Files waiting between an import's preview and its confirmation.
    UNIT_IMPORT = "unit_import"
    INDICATOR_IMPORT = "indicator_import"


#: Purposes whose files are thrown away once confirmed, or when left unconfirmed.
PREVIEWS = (FilePurpose.UNIT_IMPORT, FilePurpose.INDICATOR_IMPORT)


class StoredFile(db.Model):
    """One uploaded file: who sent it, what for, and the SHA-256 of the bytes it is stored under."""

    __tablename__ = "stored_files"
    __table_args__ = (Index("ix_stored_files_purpose_created_at", "purpose", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The content's hash, the key of the bytes in the storage: the same content is kept once.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    #: Decided by the content, never by the name or the browser's claim.
    content_type: Mapped[str] = mapped_column(String(100))
    #: The file's name as the person's device called it (no folders).
    original_name: Mapped[str] = mapped_column(String(255), default="")
    purpose: Mapped[FilePurpose] = enum_column(FilePurpose)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.purpose} {self.sha256[:12]}>"


class StoredBlob(db.Model):
    """The bytes of uploaded files kept in the database (``UPLOAD_STORE=database``), once per
    content: every instance of the service sharing the database sees them, without a shared disk."""

    __tablename__ = "stored_blobs"
    __audit__ = False

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<StoredBlob {self.sha256[:12]} {self.size} bytes>"
