"""One store for uploaded files: bytes kept once per content, each upload tied to its uploader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from inspection import uploads
from inspection.extensions import db
from inspection.uploads import FolderBackend, Upload
from models import FilePurpose, Role, StoredFile, User
from tests.initiatives.conftest import PDF


def test_the_folder_backend_writes_whole_files_by_hash(tmp_path):
    backend = FolderBackend(tmp_path)
    upload = Upload(b"noi dung", "text/plain")
    backend.put(upload.sha256, upload.data)
    assert backend.exists(upload.sha256)
    with backend.open(upload.sha256) as stream:
        assert stream.read() == b"noi dung"
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == [upload.sha256]  # no ".part" left
    backend.delete(upload.sha256)
    backend.delete(upload.sha256)
    assert not backend.exists(upload.sha256)
    with pytest.raises(ValueError):
        backend.exists("../../etc/passwd")


def test_the_same_content_is_kept_once_and_each_upload_remembers_its_uploader(app, make_user):
    first, second = make_user(Role.UNIT), make_user(Role.UNIT)
    a = uploads.store(Upload(PDF, "application/pdf", "C:\\tài liệu\\bao\x00 cao.pdf"), FilePurpose.ATTACHMENT, first)
    b = uploads.store(Upload(PDF, "application/pdf", "khac.pdf"), FilePurpose.ATTACHMENT, second)
    db.session.commit()
    assert (a.original_name, a.uploaded_by_id, b.uploaded_by_id) == ("bao cao.pdf", first.id, second.id)
    assert a.sha256 == b.sha256 and uploads.read(a) == PDF
    assert len(list((Path(app.config["UPLOAD_FOLDER"]) / "files").rglob(a.sha256))) == 1
    uploads.discard(a)
    assert uploads.read(b) == PDF  # still used by the other upload
    uploads.discard(b)
    db.session.commit()
    assert not uploads.backend().exists(a.sha256)


def test_a_unit_import_preview_belongs_to_its_admin_until_confirmed(admin_client):
    csv = "mã,tên,loại\nCCKL,Chi cục Kiểm lâm,chi cục\n".encode()
    admin_client.post("/admin/units/import", data={"file": (io.BytesIO(csv), "don-vi.csv")},
                      content_type="multipart/form-data")
    preview = db.session.scalars(select(StoredFile)).one()
    assert (preview.purpose, preview.uploaded_by_id, preview.content_type) == (
        FilePurpose.UNIT_IMPORT, admin_client.user.id, "text/csv")
    for token in ("99999999999999999999", "-1", "abc"):
        refused = admin_client.post("/admin/units/import/confirm", data={"token": token})
        assert refused.headers["Location"].endswith("/admin/units/import")
    assert admin_client.post("/admin/units/import/confirm", data={"token": preview.id}).status_code == 302
    assert db.session.scalar(select(StoredFile)) is None


def test_an_admin_who_left_a_preview_can_still_be_deleted(admin_client, client_as):
    other = client_as(Role.ADMIN)
    other.post("/indicators/import", data={"file": (io.BytesIO(b"not a workbook"), "x.xlsx")},
               content_type="multipart/form-data")
    uploads.store(Upload(b"preview", "text/csv", "a.csv"), FilePurpose.UNIT_IMPORT, other.user)
    db.session.commit()
    user_id = other.user.id
    assert admin_client.post(f"/admin/users/{user_id}/delete").status_code == 302
    assert db.session.get(User, user_id) is None and db.session.scalar(select(StoredFile)) is None
