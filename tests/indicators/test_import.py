"""Importing a year of figures for all units: preview, then all rows or none."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from openpyxl import Workbook, load_workbook

from inspection import clock
from inspection.extensions import db
from inspection.uploads import discard_abandoned_previews
from models import AuditEntry, ServiceIndicator, StoredFile

HEADERS_VI = ["Mã đơn vị", "Năm", "Tháng", "Hồ sơ tiếp nhận", "Hồ sơ giải quyết đúng hạn",
              "Hồ sơ giải quyết trễ hạn", "Thư xin lỗi đã gửi cho hồ sơ trễ hạn", "Số phiếu khảo sát",
              "Số phiếu hài lòng", "Đã công khai kết quả khảo sát"]


def _xlsx(rows: list[list], headers: list[str] = HEADERS_VI) -> io.BytesIO:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _upload(client, data: io.BytesIO, name: str = "chi-so.xlsx"):
    return client.post("/indicators/import", data={"file": (data, name)}, content_type="multipart/form-data")


def _confirm(client, html: str):
    preview = re.search(r"/indicators/import/(\d+)", html).group(1)
    return client.post(f"/indicators/import/{preview}")


def _all() -> list[ServiceIndicator]:
    return db.session.scalars(db.select(ServiceIndicator).order_by(ServiceIndicator.id)).all()


def test_a_good_file_is_previewed_then_imported_whole(admin_client, make_unit):
    a, b = make_unit(code="VP"), make_unit(code="CCKL")
    db.session.add(ServiceIndicator(unit=a, year=2024, month=1, dossiers_received=1))
    db.session.commit()
    rows = [["VP", 2024, 1, 100, 98, 2, 2, 40, 39, "có"],
            ["vp", 2024, 2, 80, 80, 0, 0, 30, 30, "không"],
            ["CCKL", 2024.0, "1", 10, 9, 1, 0, 5, 5, None]]
    preview = _upload(admin_client, _xlsx(rows))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "import-preview" in html
    assert [r.dossiers_received for r in _all()] == [1]  # nothing written by the preview

    assert _confirm(admin_client, html).status_code == 302
    stored = {(r.unit_id, r.month): r for r in _all()}
    assert len(stored) == 3
    assert stored[(a.id, 1)].dossiers_received == 100  # updated, not duplicated
    assert stored[(a.id, 1)].surveys_published is True
    assert stored[(a.id, 2)].surveys_published is False
    assert stored[(b.id, 1)].dossiers_late == 1 and stored[(b.id, 1)].apology_letters == 0
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "import")) is not None


def test_a_file_with_a_bad_row_imports_nothing_and_names_the_row_and_column(admin_client, make_unit):
    make_unit(code="VP")
    rows = [["VP", 2024, 1, 100, 98, 2, 2, 40, 39, 1],
            ["VP", 2024, 2, 100, 98, 2, 2, 40, 41, 1],  # more satisfied than responses
            ["NOPE", 2024, 3, 1, 1, 0, 0, 0, 0, 0]]
    admin_client.get("/language/en")
    response = _upload(admin_client, _xlsx(rows))
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html
    assert re.search(r"<td>3</td><td>Satisfied responses</td><td>Cannot be more than", html)
    assert re.search(r"<td>4</td><td>Unit code</td><td>No unit has the code", html)
    assert "/indicators/import/" not in html.replace("/indicators/import/template.xlsx", "")
    assert _all() == []


def test_unknown_and_missing_columns_are_reported(admin_client, make_unit):
    admin_client.get("/language/en")
    html = _upload(admin_client, _xlsx([["VP", 1]], headers=["Mã đơn vị", "Colour"])).get_data(as_text=True)
    assert "Colour" in html and "Unknown column" in html
    assert "Year" in html and "This column is missing" in html
    assert _all() == []


def test_a_file_that_is_not_a_workbook_is_refused_cleanly(admin_client):
    response = _upload(admin_client, io.BytesIO(b"not a spreadsheet"), name="x.xlsx")
    assert response.status_code == 200
    assert _all() == []


def test_an_expired_preview_asks_for_the_file_again(admin_client):
    response = admin_client.post("/indicators/import/12345")
    assert response.status_code == 302 and response.headers["Location"].endswith("/indicators/import")


def test_the_template_reimports_with_its_own_headers(admin_client, make_unit):
    make_unit(code="VP")
    response = admin_client.get("/indicators/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    headers = [c.value for c in book.active[1]]
    assert headers[:3] == ["Mã đơn vị", "Năm", "Tháng"] and len(headers) == 20
    row = ["VP", 2024, 5] + [0] * 17
    html = _upload(admin_client, _xlsx([row], headers=headers)).get_data(as_text=True)
    assert _confirm(admin_client, html).status_code == 302
    assert [(r.year, r.month) for r in _all()] == [(2024, 5)]


def test_a_preview_is_the_uploading_admins_only(admin_client, client_as, make_unit):
    make_unit(code="VP")
    preview = _upload(admin_client, _xlsx([["VP", 2024, 1, 1, 1, 0, 0, 0, 0, 0]])).get_data(as_text=True)
    other_admin = client_as(admin_client.user.role)
    assert _confirm(other_admin, preview).headers["Location"].endswith("/indicators/import")
    assert _all() == []
    assert _confirm(admin_client, preview).status_code == 302 and len(_all()) == 1


def test_an_unconfirmed_upload_is_deleted_after_a_day(admin_client, make_unit, app, time_machine):
    make_unit(code="VP")
    first = _upload(admin_client, _xlsx([["VP", 2024, 1, 1, 1, 0, 0, 0, 0, 0]])).get_data(as_text=True)
    file = db.session.scalars(db.select(StoredFile)).one()
    stored = Path(app.config["UPLOAD_FOLDER"]) / "files" / file.sha256[:2] / file.sha256
    assert stored.exists() and file.uploaded_by_id == admin_client.user.id
    time_machine.move_to(clock.utcnow() + timedelta(hours=25))
    assert discard_abandoned_previews.call_local() == 1
    assert not stored.exists() and db.session.scalar(db.select(StoredFile)) is None
    assert _confirm(admin_client, first).headers["Location"].endswith("/indicators/import")
    assert _all() == []
