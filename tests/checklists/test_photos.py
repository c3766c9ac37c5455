"""Photos: checked by content and size, stored by hash outside the database, shown to the team."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from models import Photo, Role
from tests.checklists.conftest import item_id

JSON = {"Accept": "application/json"}


def _jpeg(size=(2000, 1500)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _upload(client, started, template, data: bytes, name: str):
    url = f"/checklists/responses/{started.id}/items/{item_id(template, 'B1')}/photos"
    return client.post(url, data={"photo": (io.BytesIO(data), name)}, headers=JSON,
                       content_type="multipart/form-data")


def test_a_good_photo_is_stored_by_hash_with_a_display_copy(app, inspector_client, client_as, started,
                                                            default_template):
    version = started.version
    response = _upload(inspector_client, started, default_template, _jpeg(), "IMG_0001.jpg")
    assert response.status_code == 200, response.json
    # A photo never makes a teammate's copy of the answers stale.
    assert app.extensions["sqlalchemy"].session.get(type(started), started.id).version == version
    photo = app.extensions["sqlalchemy"].session.get(Photo, response.json["id"])
    assert (photo.file.content_type, photo.width, photo.height) == ("image/jpeg", 2000, 1500)
    assert (photo.file.original_name, photo.file.uploaded_by_id) == ("IMG_0001.jpg", inspector_client.user.id)
    folder = Path(app.config["UPLOAD_FOLDER"]) / "files"
    assert (folder / photo.sha256[:2] / photo.sha256).exists()
    shown = inspector_client.get(f"/checklists/photos/{photo.id}")
    assert shown.status_code == 200
    assert max(Image.open(io.BytesIO(shown.data)).size) == 1280
    assert client_as(Role.INSPECTOR).get(f"/checklists/photos/{photo.id}").status_code == 404


def test_a_text_file_named_jpg_is_refused_beside_the_item(inspector_client, started, default_template):
    response = _upload(inspector_client, started, default_template, b"just some text, not a photo", "anh.jpg")
    assert response.status_code == 422
    assert response.json["item"] == item_id(default_template, "B1")
    assert "JPEG, PNG, HEIC" in response.json["message"]


def test_an_oversized_photo_is_refused(app, inspector_client, started, default_template):
    app.config["MAX_UPLOAD_MB"] = 1
    try:
        big = _jpeg((64, 64)) + b"\0" * (1024 * 1024)
        response = _upload(inspector_client, started, default_template, big, "big.jpg")
    finally:
        app.config["MAX_UPLOAD_MB"] = 10
    assert response.status_code == 422
    assert "1 MB" in response.json["message"]


def test_heic_and_webp_are_accepted(inspector_client, started, default_template):
    for fmt, name in (("WEBP", "a.webp"), ("HEIF", "b.heic")):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), "green").save(buffer, fmt)
        response = _upload(inspector_client, started, default_template, buffer.getvalue(), name)
        assert response.status_code == 200, (fmt, response.json)


def _blank_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of any size, made without holding its pixels (a few KB)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\0" * ((1 + (width + 7) // 8) * height), 1)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


@pytest.mark.parametrize("side", [12000, 20000])
def test_a_photo_of_too_many_pixels_is_refused_with_a_message(app, inspector_client, started, default_template,
                                                             side):
    response = _upload(inspector_client, started, default_template, _blank_png(side, side), "bomb.png")
    assert response.status_code == 422
    assert response.json["message"] == "Ảnh có quá nhiều điểm ảnh: chỉ nhận ảnh tối đa 50 megapixel."
    assert app.extensions["sqlalchemy"].session.query(Photo).count() == 0


def test_a_truncated_jpeg_is_refused_and_nothing_is_kept(app, inspector_client, started, default_template):
    cut = _jpeg((800, 600))[:4000]
    response = _upload(inspector_client, started, default_template, cut, "cut.jpg")
    assert response.status_code == 422
    assert response.json["message"] == "Ảnh bị hỏng hoặc không đầy đủ: hãy chụp hoặc gửi lại."
    assert app.extensions["sqlalchemy"].session.query(Photo).count() == 0
    sha256 = hashlib.sha256(cut).hexdigest()
    assert not (Path(app.config["UPLOAD_FOLDER"]) / "files" / sha256[:2] / sha256).exists()


def test_a_photo_is_cached_by_the_browser_only(inspector_client, started, default_template):
    response = _upload(inspector_client, started, default_template, _jpeg((64, 64)), "IMG.jpg")
    shown = inspector_client.get(f"/checklists/photos/{response.json['id']}")
    control = shown.headers["Cache-Control"]
    assert "private" in control and "public" not in control
