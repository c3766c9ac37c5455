"""Uploaded evidence, checked by its content before it is stored (:mod:`inspection.uploads`)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
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


#: A photo of more pixels is refused: decoding one takes seconds and a gigabyte of memory, and
#: no camera the inspectors carry makes one (a 48 MP phone photo is 8000 × 6000).
MAX_PHOTO_PIXELS = 50_000_000


@dataclass(frozen=True)
class CheckedPhoto(Upload):
    width: int = 0
    height: int = 0
    #: What the pages show: upright, at most 1280 px, JPEG.
    display: Upload | None = None


def _read_limited(stream) -> bytes:
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    data = stream.read(limit_mb * 1024 * 1024 + 1)
    if not data:
        raise UploadError(_("The file is empty."))
    if len(data) > limit_mb * 1024 * 1024:
        raise UploadError(_("The file is larger than %(mb)s MB.", mb=limit_mb))
    return data


def _too_many_pixels() -> UploadError:
    return UploadError(_("This photo has too many pixels: at most %(mp)d megapixels are accepted.",
                         mp=MAX_PHOTO_PIXELS // 1_000_000))


def _open_image(data: bytes) -> Image.Image:
    """The image's header read (its size known) and its structure checked, nothing decoded yet."""
    not_a_photo = UploadError(_("This file is not a JPEG, PNG, HEIC or WebP photo."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_a_photo from error
    if image.width * image.height > MAX_PHOTO_PIXELS:
        raise _too_many_pixels()
    try:
        image.verify()
        image = Image.open(io.BytesIO(data))
    except (OSError, SyntaxError, ValueError) as error:
        raise not_a_photo from error
    if image.format not in IMAGE_FORMATS:
        raise UploadError(_("This file is not a JPEG, PNG, HEIC or WebP photo."))
    return image


@contextmanager
def _truncation_refused() -> Iterator[None]:
    """WeasyPrint, once imported, lets Pillow fill the missing end of any truncated image with
    grey; an uploaded photo must be whole."""
    allowed = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = allowed


def _display_copy(image: Image.Image, name: str) -> Upload:
    """Upright, at most 1280 px, JPEG; decoding it finds what the header hid (a truncated file)."""
    try:
        image.draft("RGB", (DISPLAY_MAX_PX, DISPLAY_MAX_PX))  # JPEG: decode at a reduced scale
        with _truncation_refused():
            image.load()
        copy = ImageOps.exif_transpose(image).convert("RGB")
        copy.thumbnail((DISPLAY_MAX_PX, DISPLAY_MAX_PX))
        output = io.BytesIO()
        copy.save(output, "JPEG", quality=82)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UploadError(_("This photo is damaged or incomplete: take or send it again.")) from error
    return Upload(output.getvalue(), "image/jpeg", name)


def check_photo(stream, name: str) -> CheckedPhoto:
    """A photo of an accepted kind, size and pixel count that decodes whole, judged by its content;
    :class:`UploadError` otherwise."""
    data = _read_limited(stream)
    image = _open_image(data)
    width, height = image.width, image.height
    return CheckedPhoto(data, IMAGE_FORMATS[image.format], name, width, height, _display_copy(image, name))


def check_evidence(stream, name: str) -> Upload:
    """A corrective action's evidence: a photo or a PDF."""
    data = _read_limited(stream)
    if data.startswith(b"%PDF-"):
        return Upload(data, PDF, name)
    try:
        return Upload(data, IMAGE_FORMATS[_open_image(data).format], name)
    except UploadError as error:
        raise UploadError(_("This file is not a photo (JPEG, PNG, HEIC, WebP) or a PDF.")) from error
