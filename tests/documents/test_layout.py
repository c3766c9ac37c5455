"""The fixed parts of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from inspection.documents import layout
from inspection.documents.settings import document_settings
from models import DocumentKind, IssuedDocument


@pytest.mark.parametrize(("day", "text"), [
    (date(2030, 3, 5), "ngày 05 tháng 3 năm 2030"),
    (date(2030, 2, 14), "ngày 14 tháng 02 năm 2030"),
    (date(2030, 1, 9), "ngày 09 tháng 01 năm 2030"),
    (date(2030, 12, 31), "ngày 31 tháng 12 năm 2030"),
])
def test_the_date_line_pads_days_below_10_and_the_months_1_and_2(app, day, text):
    with app.test_request_context(), force_locale("vi"):
        assert layout.vietnamese_date(day) == text


def test_numbers_below_10_take_a_leading_zero_and_the_agency_s_symbol(app):
    with app.test_request_context(), force_locale("vi"):
        settings = document_settings()
        issued = IssuedDocument(kind=DocumentKind.RECORD, year=2030, number=5, issued_on=date(2030, 3, 5))
        assert layout.number_text(DocumentKind.RECORD, issued, settings) == "Số: 05/BB-SNN"
        assert layout.number_text(DocumentKind.PLAN, None, settings) == f"Số: {layout.BLANK}/KH-SNN"
        assert layout.reference(DocumentKind.PLAN, issued, settings) == "số 05/KH-SNN ngày 05/03/2030"


@pytest.mark.parametrize(("name", "subject"), [
    ("Kế hoạch kiểm tra công vụ năm 2030", "Kiểm tra công vụ năm 2030"),
    ("KẾ HOẠCH: kiểm tra năm 2030", "Kiểm tra năm 2030"),
    ("Ke hoach kiem tra 2030", "Kiem tra 2030"),
    ("Kế hoạch 2030", "Kiểm tra 2030"),
    ("Kiểm tra cải cách hành chính 2030", "Kiểm tra cải cách hành chính 2030"),
])
def test_the_subject_does_not_repeat_the_kind_of_document(app, name, subject):
    with app.test_request_context(), force_locale("vi"):
        assert layout.subject_after("Kế hoạch", name) == subject


def test_numbers_are_written_the_vietnamese_way():
    assert layout.decimal(1234.56) == "1.234,6"
    assert layout.percent(0.955) == "95,5%" and layout.percent(None) == "—"
