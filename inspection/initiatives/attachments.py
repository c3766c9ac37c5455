"""Attachments of initiatives: recognised by their content, stored once by their SHA-256.

A file's name says what it claims to be; its first bytes say what it is. Both must agree and be
one of the kinds a reviewer can open: PDF, Word (DOCX), Excel (XLSX) or a JPEG/PNG/WebP image.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from flask import current_app
from flask_babel import gettext as _
from PIL import Image

#: Extension → (kind, content type) accepted for initiative attachments.
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "png": ("png", "image/png"),
    "webp": ("webp", "image/webp"),
}
_IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
#: Inside a DOCX/XLSX zip: the part that holds the document.
_OFFICE_PARTS = {"word/": "docx", "xl/": "xlsx"}


class AttachmentError(ValueError):
    """A file that is refused; the message is shown beside the upload field."""


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OFFICE_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def _image_kind(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return _IMAGE_FORMATS.get(image.format or "")
    except Exception:  # Pillow raises many types on broken or hostile input
        return None


def sniff(data: bytes) -> str | None:
    """The kind the content really is ("pdf", "docx", "xlsx", "jpeg", "png", "webp"), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return _image_kind(data)


def clean_filename(name: str) -> str:
    """The bare file name (no folders), kept in Vietnamese as the user wrote it."""
    bare = PurePath(name.replace("\\", "/")).name.strip()
    return "".join(ch for ch in bare if ch.isprintable())[-255:] or "file"


def check(filename: str, data: bytes, max_mb: int) -> CheckedFile:
    """Accept the file or raise :class:`AttachmentError` saying why, in the user's language."""
    name = clean_filename(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise AttachmentError(_("%(name)s: only PDF, Word (DOCX), Excel (XLSX) and JPEG, PNG or WebP images "
                                "are accepted.", name=name))
    if len(data) > max_mb * 1024 * 1024:
        raise AttachmentError(_("%(name)s is larger than %(mb)s MB.", name=name, mb=max_mb))
    if not data:
        raise AttachmentError(_("%(name)s is empty.", name=name))
    kind, content_type = KINDS[extension]
    if sniff(data) != kind:
        raise AttachmentError(_("%(name)s is not really a %(ext)s file: its content does not match its name.",
                                name=name, ext=extension.upper()))
    return CheckedFile(name, content_type, data)


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "initiatives"


def path_of(sha256: str) -> Path:
    return _folder() / sha256[:2] / sha256


def store(file: CheckedFile) -> str:
    """Write the content once (the same file attached twice is stored once); returns its SHA-256."""
    digest = file.sha256
    target = path_of(digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a reader never sees half a file, two writers never clash.
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as partial:
            partial.write(file.data)
        Path(partial.name).replace(target)
    return digest
