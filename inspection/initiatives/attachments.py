"""Attachments of initiatives, recognised by their content before they are stored
(:mod:`inspection.uploads`).

A file's name says what it claims to be; its first bytes say what it is. Both must agree and be
one of the kinds a reviewer can open: PDF, Word (DOCX), Excel (XLSX) or a JPEG/PNG/WebP image.
"""

from __future__ import annotations

import io
import zipfile

from flask_babel import gettext as _
from PIL import Image

from inspection.uploads import Upload, file_name

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


def check(filename: str, data: bytes, max_mb: int) -> Upload:
    """Accept the file or raise :class:`AttachmentError` saying why, in the user's language."""
    name = file_name(filename)
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
    return Upload(data, content_type, name)
