"""Uploaded evidence: checked by content, stored outside the database under its SHA-256."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

#: Pillow's format name → stored content type and file extension.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "HEIF": ("image/heic", "heic"),
    "WEBP": ("image/webp", "webp"),
}
PDF = ("application/pdf", "pdf")
DISPLAY_MAX_PX = 1280


class UploadError(ValueError):
    """A file that is refused; the message is shown to the person beside the field."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None


def _folder(kind: str) -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _read_limited(stream) -> bytes:
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    data = stream.read(limit_mb * 1024 * 1024 + 1)
    if not data:
        raise UploadError(_("The file is empty."))
    if len(data) > limit_mb * 1024 * 1024:
        raise UploadError(_("The file is larger than %(mb)s MB.", mb=limit_mb))
    return data


def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.verify()
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UploadError(_("This file is not a JPEG, PNG, HEIC or WebP photo.")) from error
    if image.format not in IMAGE_FORMATS:
        raise UploadError(_("This file is not a JPEG, PNG, HEIC or WebP photo."))
    return image


def photo_path(sha256: str, display: bool = True) -> Path:
    """Where a photo's display copy (or original) lives."""
    folder = _folder("photos")
    if display:
        return folder / f"{sha256}.display.jpg"
    matches = sorted(folder.glob(f"{sha256}.*"))
    return next((p for p in matches if not p.name.endswith(".display.jpg")), folder / sha256)


def store_photo(stream) -> StoredFile:
    """Check that ``stream`` is a photo of an accepted kind and size by its content, keep the
    original and a display copy (at most 1280 px, JPEG); raise :class:`UploadError` otherwise."""
    data = _read_limited(stream)
    image = _open_image(data)
    content_type, extension = IMAGE_FORMATS[image.format]
    sha = hashlib.sha256(data).hexdigest()
    folder = _folder("photos")
    original = folder / f"{sha}.{extension}"
    if not original.exists():
        original.write_bytes(data)
    display = folder / f"{sha}.display.jpg"
    if not display.exists():
        copy = ImageOps.exif_transpose(image).convert("RGB")
        copy.thumbnail((DISPLAY_MAX_PX, DISPLAY_MAX_PX))
        copy.save(display, "JPEG", quality=82)
    return StoredFile(sha, content_type, len(data), image.width, image.height)


def store_evidence(stream) -> str:
    """A corrective action's evidence: a photo or a PDF; returns the path relative to the
    upload folder."""
    data = _read_limited(stream)
    if data.startswith(b"%PDF-"):
        extension = PDF[1]
    else:
        try:
            extension = IMAGE_FORMATS[_open_image(data).format][1]
        except UploadError as error:
            raise UploadError(_("This file is not a photo (JPEG, PNG, HEIC, WebP) or a PDF.")) from error
    sha = hashlib.sha256(data).hexdigest()
    target = _folder("evidence") / f"{sha}.{extension}"
    if not target.exists():
        target.write_bytes(data)
    return f"evidence/{target.name}"


def evidence_file(relative: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / relative
