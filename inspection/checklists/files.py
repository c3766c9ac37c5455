"""Uploaded evidence, checked by its content before it is stored (:mod:`inspection.uploads`)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from inspection.uploads import Upload

register_heif_opener()

#: Pillow's format name → stored content type.
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "HEIF": "image/heic",
    "WEBP": "image/webp",
}
PDF = "application/pdf"
DISPLAY_MAX_PX = 1280


class UploadError(ValueError):
    """A file that is refused; the message is shown to the person beside the field."""


@dataclass(frozen=True)
class CheckedPhoto(Upload):
    width: int = 0
    height: int = 0

    def display_copy(self) -> Upload:
        """The copy the pages show: upright, at most 1280 px, JPEG."""
        copy = ImageOps.exif_transpose(Image.open(io.BytesIO(self.data))).convert("RGB")
        copy.thumbnail((DISPLAY_MAX_PX, DISPLAY_MAX_PX))
        output = io.BytesIO()
        copy.save(output, "JPEG", quality=82)
        return Upload(output.getvalue(), "image/jpeg", self.name)


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


def check_photo(stream, name: str) -> CheckedPhoto:
    """A photo of an accepted kind and size, judged by its content; :class:`UploadError` otherwise."""
    data = _read_limited(stream)
    image = _open_image(data)
    return CheckedPhoto(data, IMAGE_FORMATS[image.format], name, image.width, image.height)


def check_evidence(stream, name: str) -> Upload:
    """A corrective action's evidence: a photo or a PDF."""
    data = _read_limited(stream)
    if data.startswith(b"%PDF-"):
        return Upload(data, PDF, name)
    try:
        return Upload(data, IMAGE_FORMATS[_open_image(data).format], name)
    except UploadError as error:
        raise UploadError(_("This file is not a photo (JPEG, PNG, HEIC, WebP) or a PDF.")) from error
