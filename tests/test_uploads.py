"""One store for uploaded files: bytes kept once per content, each upload tied to its uploader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from inspection import create_app, uploads
from inspection.config import ConfigurationError
from inspection.extensions import db
from inspection.uploads import DatabaseBackend, FolderBackend, Upload
from models import FilePurpose, InitiativeAttachment, Role, StoredBlob, StoredFile, Unit, User
from tests.conftest import FreshContextClient
from tests.factories import login
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


@pytest.fixture(params=["folder", "database"])
def store(request, app, monkeypatch):
    """The app with its uploads kept by each store in turn."""
    monkeypatch.setitem(app.extensions, "uploads", uploads.make_backend(request.param, app))
    return request.param


def test_each_store_keeps_a_file_once_and_gives_it_back(app, store, make_user):
    author = make_user(Role.UNIT)
    first = uploads.store(Upload(PDF, "application/pdf", "a.pdf"), FilePurpose.ATTACHMENT, author)
    second = uploads.store(Upload(PDF, "application/pdf", "b.pdf"), FilePurpose.ATTACHMENT, author)
    db.session.commit()
    assert uploads.read(first) == uploads.read(second) == PDF
    assert db.session.scalar(db.select(db.func.count()).select_from(StoredBlob)) == (store == "database")
    with app.test_request_context():
        sent = uploads.send(first, as_attachment=True)
        sent.direct_passthrough = False
        assert sent.get_data() == PDF and sent.mimetype == "application/pdf"
    uploads.discard(first)
    db.session.commit()
    assert uploads.read(second) == PDF
    uploads.discard(second)
    db.session.commit()
    assert not uploads.backend().exists(first.sha256)
    with pytest.raises(FileNotFoundError):
        uploads.backend().open(first.sha256)


def test_the_database_store_rolls_back_with_the_upload(app, make_user):
    backend = DatabaseBackend()
    backend.put("ab" * 32, b"first")
    backend.put("ab" * 32, b"first")  # the same content again adds nothing
    db.session.rollback()
    assert not backend.exists("ab" * 32)


def test_an_unknown_store_is_refused_at_start(app):
    with pytest.raises(ConfigurationError, match="UPLOAD_STORE"):
        create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], UPLOAD_STORE="s3")


@pytest.fixture
def instance_of(app, tmp_path):
    """Another instance of the service on the same database, with an instance folder of its own."""
    made = []

    def make(store_name: str):
        other = create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                           UPLOAD_FOLDER=str(tmp_path / f"instance-{len(made)}" / "uploads"), UPLOAD_STORE=store_name)
        other.test_client_class = FreshContextClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def _client(instance, user):
    client = instance.test_client()
    login(client, user)
    return client


def test_a_file_sent_to_one_instance_is_read_through_another(app, instance_of, make_user, make_unit):
    unit_user = make_user(Role.UNIT, unit=make_unit())
    first, second, folder_only = instance_of("database"), instance_of("database"), instance_of("folder")
    sent = _client(first, unit_user).post("/initiatives/new", content_type="multipart/form-data", data={
        "year": 2026, "title": "Có tệp đính kèm", "description": "Mô tả", "category": "other",
        "files": [(io.BytesIO(PDF), "bao-cao.pdf")],
    })
    assert sent.status_code == 302
    attachment = db.session.scalar(select(InitiativeAttachment))
    url = f"/initiatives/{attachment.initiative_id}/attachments/{attachment.id}"
    assert _client(second, unit_user).get(url).data == PDF
    assert _client(folder_only, unit_user).get(url).status_code == 404  # what a folder of its own cannot give


def test_an_import_previewed_on_one_instance_is_confirmed_on_another(app, instance_of, make_user):
    admin = make_user(Role.ADMIN)
    first, second = instance_of("database"), instance_of("database")
    csv = "mã,tên,loại\nCCKL,Chi cục Kiểm lâm,chi cục\n".encode()
    _client(first, admin).post("/admin/units/import", data={"file": (io.BytesIO(csv), "don-vi.csv")},
                               content_type="multipart/form-data")
    preview = db.session.scalars(select(StoredFile)).one()
    confirmed = _client(second, admin).post("/admin/units/import/confirm", data={"token": preview.id})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/admin/units")
    assert db.session.scalar(select(Unit).where(Unit.code == "CCKL")) is not None


def test_files_move_between_the_stores_and_stay_readable(app, make_user):
    author = make_user(Role.UNIT)
    kept = [uploads.store(Upload(data, "application/pdf", "x.pdf"), FilePurpose.ATTACHMENT, author)
            for data in (PDF, PDF + b"%second")]
    db.session.commit()
    runner = app.test_cli_runner()
    moved = runner.invoke(args=["files", "move", "--to", "database"])
    assert moved.exit_code == 0, moved.output
    assert "moved 2 file(s) from folder to database" in moved.output
    assert not list((Path(app.config["UPLOAD_FOLDER"]) / "files").rglob("*.*"))
    assert not any(FolderBackend(Path(app.config["UPLOAD_FOLDER"])).exists(f.sha256) for f in kept)
    assert [DatabaseBackend().open(f.sha256).read() for f in kept] == [PDF, PDF + b"%second"]
    again = runner.invoke(args=["files", "move", "--to", "database"])
    assert "moved 0 file(s) from folder to database; 2 already there; 0 missing" in again.output
    back = runner.invoke(args=["files", "move", "--to", "folder"])
    assert back.exit_code == 0 and "moved 2 file(s) from database to folder" in back.output
    assert [uploads.read(f) for f in kept] == [PDF, PDF + b"%second"]
    assert db.session.scalar(select(StoredBlob)) is None


def test_a_file_missing_from_both_stores_fails_the_move(app, make_user):
    lost = uploads.store(Upload(PDF, "application/pdf", "x.pdf"), FilePurpose.ATTACHMENT, make_user(Role.UNIT))
    db.session.commit()
    uploads.backend().delete(lost.sha256)
    moved = app.test_cli_runner().invoke(args=["files", "move", "--to", "database"])
    assert moved.exit_code == 1 and "1 missing or damaged" in moved.output
