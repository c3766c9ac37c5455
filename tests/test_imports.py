"""A large import is applied by the job worker: the confirmation sends the admin to the import's
page (progress, then what it did), the worker checks the file again and imports all of it or
nothing, and only that admin follows it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from inspection.extensions import db
from inspection.imports import operations
from inspection.orgs import unit_import
from models import AuditEntry, ImportJob, JobStatus, Role, ServiceIndicator, StoredFile, Unit, UnitKind
from tests.indicators import test_import as indicator_files
from tests.orgs import test_unit_import as unit_files
from tests.querycount import count_queries


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr("inspection.imports.operations.BACKGROUND_ROWS", 2)


def _follow(client, response) -> str:
    assert response.status_code == 302
    assert re.fullmatch(r"/imports/\d+", response.headers["Location"])
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_large_unit_import_runs_in_the_background_and_its_page_says_what_it_did(admin_client):
    preview = unit_files._upload(admin_client, unit_files._xlsx([unit_files.HEADER, *unit_files.ROWS]),
                                 "don-vi.xlsx").get_data(as_text=True)
    page = _follow(admin_client, unit_files._confirm(admin_client, preview))
    assert "Đã nhập xong: thêm mới 3 đơn vị, cập nhật 0 đơn vị." in page
    assert set(unit_files._units()) == {"CCKL", "HKL-CC", "TTKN"}
    job = db.session.scalars(select(ImportJob)).one()
    assert (job.status, job.progress, job.file_id) == (JobStatus.DONE, 100, None)
    # The changes are the admin's in the audit log, though the worker made them; the preview is gone.
    imported = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
    assert len(imported) == 3 and {e.username for e in imported} == {admin_client.user.username}
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_a_file_that_no_longer_passes_when_the_worker_reads_it_imports_nothing(admin_client, make_unit, monkeypatch):
    parent = make_unit(code="SO", name="Sở")
    rows = [[f"P{i}", f"Phòng {i}", "phòng", "SO", "", "", "", "1"] for i in range(3)]
    preview = unit_files._upload(admin_client, unit_files._xlsx([unit_files.HEADER, *rows]),
                                 "phong.xlsx").get_data(as_text=True)
    queued = []
    monkeypatch.setattr(operations, "apply_import", queued.append)  # the worker is busy
    address = unit_files._confirm(admin_client, preview).headers["Location"]
    assert "Trang này tự cập nhật" in admin_client.get(address).get_data(as_text=True)
    db.session.delete(parent)  # meanwhile, someone removes the unit the rows are placed under
    db.session.commit()
    monkeypatch.undo()
    operations.apply_import(queued[0])
    page = admin_client.get(address).get_data(as_text=True)
    assert "không còn qua được bước kiểm tra" in page and 'id="import-failed"' in page
    assert unit_files._units() == {}
    assert db.session.scalars(select(ImportJob)).one().status == JobStatus.FAILED


def test_a_large_indicator_import_runs_in_the_background(admin_client, make_unit):
    make_unit(code="VP")
    rows = [["VP", 2024, month, 100, 98, 2, 2, 40, 39, "có"] for month in (1, 2, 3)]
    html = indicator_files._upload(admin_client, indicator_files._xlsx(rows)).get_data(as_text=True)
    page = _follow(admin_client, indicator_files._confirm(admin_client, html))
    assert "Đã nhập: thêm 3 tháng, cập nhật 0 tháng." in page
    assert db.session.scalar(select(func.count()).select_from(ServiceIndicator)) == 3


def test_only_the_admin_who_confirmed_follows_the_import(admin_client, client_as):
    preview = unit_files._upload(admin_client, unit_files._xlsx([unit_files.HEADER, *unit_files.ROWS]),
                                 "don-vi.xlsx").get_data(as_text=True)
    address = unit_files._confirm(admin_client, preview).headers["Location"]
    assert client_as(Role.ADMIN).get(address).status_code == 404
    assert client_as(Role.LEADER).get(address).status_code == 403


def test_an_indicator_import_reads_the_stored_months_once_not_row_by_row(admin_client, make_unit, monkeypatch):
    monkeypatch.setattr("inspection.imports.operations.BACKGROUND_ROWS", 10_000)

    def statements(months: int) -> int:
        rows = [["VP", 2024, month, 100, 98, 2, 2, 40, 39, "có"] for month in range(1, months + 1)]
        html = indicator_files._upload(admin_client, indicator_files._xlsx(rows)).get_data(as_text=True)
        with count_queries() as sent:
            assert indicator_files._confirm(admin_client, html).status_code == 302
        return len([s for s in sent if s.startswith("SELECT")])

    make_unit(code="VP")
    assert statements(2) == statements(12)  # the second file updates the months the first stored


def test_a_preview_of_many_rows_lists_the_first_ones_and_says_every_row_is_imported(app, admin_client, monkeypatch):
    monkeypatch.setitem(app.jinja_env.globals, "PREVIEW_ROWS", 2)
    preview = unit_files._upload(admin_client, unit_files._xlsx([unit_files.HEADER, *unit_files.ROWS]),
                                 "don-vi.xlsx").get_data(as_text=True)
    assert preview.count('<td class="import-changes">') == 2
    assert "Đang hiện 2 dòng đầu trong 3 dòng; mọi dòng đều được nhập." in preview
    assert "Nhập 3 đơn vị" in preview


def test_an_import_that_clashes_with_a_change_made_meanwhile_imports_nothing_and_says_so(admin_client, monkeypatch):
    # Two imports of the same new codes applied at the same moment by two workers: each passed its
    # checks, and the database refuses the second one's units when it stores them.
    preview = unit_files._upload(admin_client, unit_files._xlsx([unit_files.HEADER, *unit_files.ROWS]),
                                 "don-vi.xlsx").get_data(as_text=True)

    apply_file = unit_import.apply_file

    def clash(name, content, clear_blanks):
        apply_file(name, content, clear_blanks)
        db.session.add(Unit(code="CCKL", name="Chi cục của lần nhập kia", kind=UnitKind.OTHER))
        db.session.flush()

    monkeypatch.setattr(unit_import, "apply_file", clash)
    page = _follow(admin_client, unit_files._confirm(admin_client, preview))
    assert "không còn qua được bước kiểm tra" in page and 'id="import-failed"' in page
    assert unit_files._units() == {}
    assert db.session.scalars(select(ImportJob)).one().status == JobStatus.FAILED
