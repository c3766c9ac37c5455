"""Importing units: preview, confirm, every bad row named by line and column, nothing half-imported."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from sqlalchemy import select

from inspection.extensions import db
from models import AuditEntry, Unit, UnitKind
from tests.encodings import cp1258
from tests.workbooks import opened

HEADER = ["mã", "tên", "loại", "đơn vị cấp trên", "người đứng đầu", "địa chỉ", "địa bàn", "hoạt động"]
ROWS = [
    ["CCKL", "Chi cục Kiểm lâm", "chi cục", "", "Nguyễn Văn A", "", "Quận 3", "1"],
    ["HKL-CC", "Hạt Kiểm lâm huyện Củ Chi", "hạt", "CCKL", "", "", "Củ Chi", "1"],
    ["TTKN", "Trung tâm Khuyến nông", "Trung tâm", "", "", "", "Quận 3", "0"],
]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv(rows, delimiter=",", bom=True) -> bytes:
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def _upload(client, content: bytes, filename: str, clear_blanks: bool = False):
    data = {"file": (io.BytesIO(content), filename)} | ({"clear_blanks": "y"} if clear_blanks else {})
    return client.post("/admin/units/import", data=data, content_type="multipart/form-data")


def _confirm(client, preview_html: str):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview_html).group(1)
    clear = re.search(r'name="clear_blanks" type="hidden" value="([^"]*)"', preview_html).group(1)
    return client.post("/admin/units/import/confirm", data={"token": token, "clear_blanks": clear})


def _changes(preview_html: str) -> list[str]:
    """The preview's "old → new" lines, tags stripped."""
    cells = re.findall(r'<td class="import-changes">(.*?)</td>', preview_html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", div).split()) for cell in cells for div in re.findall(r"<div>(.*?)</div>",
                                                                                                    cell, re.S)]


def _units() -> dict[str, Unit]:
    return {u.code: u for u in db.session.scalars(select(Unit))}


def test_a_good_xlsx_imports_every_row(admin_client):
    preview = _upload(admin_client, _xlsx([HEADER, *ROWS]), "don-vi.xlsx").get_data(as_text=True)
    assert "Nhập 3 đơn vị" in preview
    assert _units() == {}  # the preview changes nothing
    assert _confirm(admin_client, preview).status_code == 302
    units = _units()
    assert set(units) == {"CCKL", "HKL-CC", "TTKN"}
    assert units["HKL-CC"].parent_id == units["CCKL"].id
    assert units["HKL-CC"].kind == UnitKind.RANGER_POST
    assert units["TTKN"].kind == UnitKind.CENTRE and not units["TTKN"].active
    assert units["CCKL"].head_name == "Nguyễn Văn A"
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")) == 3


def test_a_good_csv_with_semicolons_imports_and_updates_by_code(admin_client, make_unit):
    make_unit(code="CCKL", name="Tên cũ", kind=UnitKind.OTHER)
    english = ["code", "name", "kind", "parent", "head", "address", "area", "active"]
    preview = _upload(admin_client, _csv([english, *ROWS], delimiter=";"), "units.csv").get_data(as_text=True)
    assert "Cập nhật" in preview and "Thêm mới" in preview
    _confirm(admin_client, preview)
    units = _units()
    assert len(units) == 3
    assert (units["CCKL"].name, units["CCKL"].kind) == ("Chi cục Kiểm lâm", UnitKind.SUB_DEPARTMENT)


def test_a_csv_without_bom_and_with_commas_imports(admin_client):
    preview = _upload(admin_client, _csv([HEADER, *ROWS], bom=False), "units.csv").get_data(as_text=True)
    _confirm(admin_client, preview)
    assert len(_units()) == 3


def test_one_bad_row_imports_nothing_and_is_named(admin_client):
    bad = [HEADER, *ROWS, ["TTT-CC", "Trạm Trồng trọt", "tổ", "KHONGCO", "", "", "Củ Chi", "có lẽ"]]
    page = _upload(admin_client, _xlsx(bad), "don-vi.xlsx").get_data(as_text=True)
    assert "Chưa nhập dữ liệu nào" in page
    errors = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert (("5", "loại", "Loại đơn vị “tổ” không hợp lệ.") in errors)
    assert ("5", "đơn vị cấp trên", "Không có đơn vị nào mang mã “KHONGCO”.") in errors
    assert any(line == "5" and column == "hoạt động" for line, column, _ in errors)
    assert 'name="token"' not in page
    assert _units() == {}


def test_duplicate_and_empty_codes_and_cycles_are_reported(admin_client):
    rows = [HEADER, ["A", "Đơn vị A", "phòng", "B"], ["B", "Đơn vị B", "phòng", "A"], ["A", "Lặp", "phòng"],
            ["", "Không mã", "phòng"]]
    page = _upload(admin_client, _csv(rows), "units.csv").get_data(as_text=True)
    errors = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert ("4", "mã", "Mã “A” đã có ở dòng 2.") in errors
    assert ("5", "mã", "Bắt buộc nhập giá trị này.") in errors
    assert any(line == "2" and column == "đơn vị cấp trên" for line, column, _ in errors)
    assert _units() == {}


def test_a_missing_column_and_an_unreadable_file_are_reported(admin_client):
    page = _upload(admin_client, _csv([["mã", "tên"], ["A", "Đơn vị A"]]), "units.csv").get_data(as_text=True)
    assert "<tr><td>1</td><td>loại</td><td>Thiếu cột này.</td></tr>" in page
    page = _upload(admin_client, b"not a workbook", "units.xlsx").get_data(as_text=True)
    assert "Đây không phải tệp Excel (.xlsx)." in page and "Excel Workbook (*.xlsx)" in page


def test_confirm_reads_only_the_kept_file_of_the_same_user(admin_client, client_as):
    preview = _upload(admin_client, _csv([HEADER, *ROWS]), "units.csv").get_data(as_text=True)
    other_admin = client_as(admin_client.user.role)
    response = _confirm(other_admin, preview)
    assert response.status_code == 302 and _units() == {}
    assert admin_client.post("/admin/units/import/confirm", data={"token": "../../etc/passwd"}).status_code == 302
    _confirm(admin_client, preview)
    assert len(_units()) == 3
    # The kept file is gone once imported: confirming twice imports nothing more.
    assert _confirm(admin_client, preview).status_code == 302


def test_the_template_has_the_expected_headers(admin_client):
    sheet = opened(admin_client.get("/admin/units/import/template.xlsx")).active
    assert [c.value for c in sheet[1]] == HEADER


def test_the_template_uploaded_unchanged_changes_nothing(admin_client, make_unit):
    """Its example row once had a real unit's code and overwrote that unit."""
    make_unit(code="CCKL", name="Chi cục Kiểm lâm", head_name="Trần Văn Bảy", address="2 Lê Duẩn")
    template = admin_client.get("/admin/units/import/template.xlsx").data

    page = _upload(admin_client, template, "units-template.xlsx").get_data(as_text=True)

    assert "Dòng 2 (VD-01) là dòng ví dụ của tệp mẫu: được bỏ qua." in page
    assert "Tệp không có dòng đơn vị nào" in page and 'name="token"' not in page
    assert set(_units()) == {"CCKL"} and _units()["CCKL"].head_name == "Trần Văn Bảy"


def test_an_example_row_beside_real_rows_is_skipped(admin_client):
    page = _upload(admin_client, _csv([HEADER, ["VD-01", "Ví dụ", "phòng"], *ROWS]), "units.csv").get_data(as_text=True)
    _confirm(admin_client, page)
    assert set(_units()) == {"CCKL", "HKL-CC", "TTKN"}


def test_the_unit_form_keeps_example_codes_for_the_template(admin_client):
    page = admin_client.post("/admin/units/new", data={"code": "vd-02", "name": "Thử", "kind": "division"})
    assert "dành cho dòng ví dụ của tệp mẫu" in page.get_data(as_text=True) and _units() == {}


def test_the_preview_shows_each_change_and_empty_cells_keep_stored_values(admin_client, make_unit):
    make_unit(code="CCKL", name="Chi cục Kiểm lâm", kind=UnitKind.SUB_DEPARTMENT, head_name="Trần Văn Bảy",
              address="2 Lê Duẩn", area="Quận 1")
    row = ["CCKL", "Chi cục Kiểm lâm TP", "chi cục", "", "", "", "Quận 3", ""]

    preview = _upload(admin_client, _csv([HEADER, row]), "units.csv").get_data(as_text=True)

    assert _changes(preview) == ["Tên: Chi cục Kiểm lâm → Chi cục Kiểm lâm TP", "Địa bàn: Quận 1 → Quận 3"]
    _confirm(admin_client, preview)
    unit = _units()["CCKL"]
    assert (unit.name, unit.area, unit.head_name, unit.address) == ("Chi cục Kiểm lâm TP", "Quận 3", "Trần Văn Bảy",
                                                                    "2 Lê Duẩn")


def test_empty_cells_clear_stored_values_only_when_asked(admin_client, make_unit):
    make_unit(code="CCKL", name="Chi cục Kiểm lâm", kind=UnitKind.SUB_DEPARTMENT, head_name="Trần Văn Bảy",
              address="2 Lê Duẩn", area="Quận 1")
    row = ["CCKL", "Chi cục Kiểm lâm", "chi cục", "", "", "", "Quận 1", ""]

    preview = _upload(admin_client, _csv([HEADER, row]), "units.csv", clear_blanks=True).get_data(as_text=True)

    assert _changes(preview) == ["Người đứng đầu đơn vị: Trần Văn Bảy → —", "Địa chỉ: 2 Lê Duẩn → —"]
    _confirm(admin_client, preview)
    assert (_units()["CCKL"].head_name, _units()["CCKL"].address) == ("", "")


def test_a_windows_1258_csv_from_vietnamese_excel_imports(admin_client):
    content = cp1258("\r\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\r\n")
    preview = _upload(admin_client, content, "don-vi.csv").get_data(as_text=True)
    assert "Tệp CSV đã được đọc theo bảng mã Windows-1258." in preview
    _confirm(admin_client, preview)
    assert _units()["HKL-CC"].name == "Hạt Kiểm lâm huyện Củ Chi"
