"""Attachments are recognised by their content, size-limited, and stored once by SHA-256."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from inspection.extensions import db
from inspection.initiatives.attachments import AttachmentError, check, sniff
from models import Initiative, InitiativeAttachment
from tests.initiatives.conftest import PDF, image_file, office_file


@pytest.fixture
def in_request(app):
    """Messages are translated for a request's language."""
    with app.test_request_context():
        yield


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("ke-hoach.pdf", PDF, "application/pdf"),
    ("bao-cao.docx", office_file("word/"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("so-lieu.XLSX", office_file("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("anh.jpg", image_file("JPEG"), "image/jpeg"),
    ("anh.jpeg", image_file("JPEG"), "image/jpeg"),
    ("anh.png", image_file("PNG"), "image/png"),
    ("anh.webp", image_file("WEBP"), "image/webp"),
])
def test_accepted_kinds(in_request, name, data, content_type):
    assert check(name, data, max_mb=1).content_type == content_type


@pytest.mark.parametrize(("name", "data"), [
    ("chuong-trinh.exe", b"MZ\x90\x00"),
    ("khong-duoi", PDF),
    ("gia-mao.pdf", image_file("PNG")),  # a picture renamed
    ("gia-mao.docx", office_file("xl/")),  # a workbook renamed
    ("gia-mao.xlsx", b"PK\x03\x04 not really a zip"),
    ("gia-mao.png", b"<html>hello</html>"),
    ("anh.gif", image_file("GIF")),
    ("rong.pdf", b""),
])
def test_refused_kinds(in_request, name, data):
    with pytest.raises(AttachmentError):
        check(name, data, max_mb=1)


def test_size_limit(in_request):
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(AttachmentError, match="1 MB"):
        check("lon.pdf", big, max_mb=1)


def test_a_zip_that_is_not_an_office_file_is_not_one():
    assert sniff(office_file("other/")) is None


def test_folders_are_stripped_from_the_name(in_request):
    assert check("..\\..\\C:\\windows\\báo cáo.pdf", PDF, max_mb=1).name == "báo cáo.pdf"
    assert check("../../etc/kế hoạch.pdf", PDF, max_mb=1).name == "kế hoạch.pdf"


def _submit(client, *files):
    return client.post("/initiatives/new", content_type="multipart/form-data", data={
        "year": 2026, "title": "Có tệp đính kèm", "description": "Mô tả", "category": "other",
        "files": [(io.BytesIO(data), name) for name, data in files],
    })


def test_a_wrong_file_is_refused_beside_the_field(unit_client):
    response = _submit(unit_client, ("bao-cao.pdf", b"this is plain text"), ("ok.pdf", PDF))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    field = html.split('name="files"')[1].split("</div>")[0]
    assert "invalid-feedback" in field and "bao-cao.pdf" in field and "không khớp" in field
    assert db.session.scalar(db.select(Initiative)) is None
    assert db.session.scalar(db.select(InitiativeAttachment)) is None


def test_a_real_pdf_is_accepted_and_stored_by_its_hash(app, unit_client):
    response = _submit(unit_client, ("Báo cáo kết quả.pdf", PDF))
    assert response.status_code == 302
    attachment = db.session.scalar(db.select(InitiativeAttachment))
    digest = hashlib.sha256(PDF).hexdigest()
    file = attachment.file
    assert (file.original_name, file.content_type, file.size, file.sha256, file.uploaded_by_id) == (
        "Báo cáo kết quả.pdf", "application/pdf", len(PDF), digest, unit_client.user.id)
    stored = Path(app.config["UPLOAD_FOLDER"]) / "files" / digest[:2] / digest
    assert stored.read_bytes() == PDF
    download = unit_client.get(f"/initiatives/{attachment.initiative_id}/attachments/{attachment.id}")
    assert download.data == PDF and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]


def test_files_can_be_added_while_editing(unit_client, make_initiative):
    initiative = make_initiative(unit=unit_client.user.unit)
    unit_client.post(f"/initiatives/{initiative.id}/edit", content_type="multipart/form-data", data={
        "year": 2026, "title": initiative.title, "description": initiative.description, "category": "other",
        "version": initiative.version, "files": [(io.BytesIO(image_file("PNG")), "anh.png")],
    })
    assert [a.file.original_name for a in db.session.get(Initiative, initiative.id).attachments] == ["anh.png"]


def test_editing_without_new_files_keeps_the_old_ones(unit_client):
    _submit(unit_client, ("ke-hoach.pdf", PDF))
    initiative = db.session.scalar(db.select(Initiative))
    response = unit_client.post(f"/initiatives/{initiative.id}/edit", data={
        "year": 2026, "title": "Tên mới", "description": "Mô tả", "category": "other", "version": initiative.version,
    })
    assert response.status_code == 302
    after = db.session.get(Initiative, initiative.id)
    assert after.title == "Tên mới" and [a.file.original_name for a in after.attachments] == ["ke-hoach.pdf"]
