"""Searching the registry in Vietnamese, with or without diacritics, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from inspection.extensions import db
from inspection.text import fold
from models import Initiative


@pytest.mark.parametrize(("text", "folded"), [
    ("Sáng kiến", "sang kien"),
    ("SÁNG KIẾN", "sang kien"),
    ("Đường dây nóng", "duong day nong"),
    ("Thái độ ứng xử", "thai do ung xu"),
    ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.fixture
def registry(make_initiative):
    make_initiative(title="Sáng kiến tiếp dân", description="Ghế chờ")
    make_initiative(title="Đường dây nóng", description="Tổng đài 1022 xử lý phản ánh 100%")
    make_initiative(title="Số hoá hồ sơ", description="Quét hồ sơ giấy", expected_effect="Giảm thời gian tra cứu")


def _titles(client, query: str) -> set[str]:
    html = client.get("/initiatives/", query_string={"year": 2026, "q": query}).get_data(as_text=True)
    return {t for t in ("Sáng kiến tiếp dân", "Đường dây nóng", "Số hoá hồ sơ") if t in html}


@pytest.mark.parametrize(("query", "found"), [
    ("sang kien", {"Sáng kiến tiếp dân"}),
    ("SÁNG", {"Sáng kiến tiếp dân"}),
    ("sáng kiến", {"Sáng kiến tiếp dân"}),
    ("duong day", {"Đường dây nóng"}),
    ("ĐƯỜNG DÂY", {"Đường dây nóng"}),
    ("tra cuu", {"Số hoá hồ sơ"}),  # the expected effect is searched too
    ("ho so", {"Số hoá hồ sơ"}),
    ("100%", {"Đường dây nóng"}),  # LIKE wildcards are taken literally
    ("_", set()),
    ("không có", set()),
])
def test_search_finds_with_or_without_diacritics(leader_client, registry, query, found):
    assert _titles(leader_client, query) == found


def test_search_text_follows_every_save(app, make_initiative):
    initiative = make_initiative(title="Cũ")
    initiative.title = "Phiếu khảo sát mức độ hài lòng"
    db.session.commit()
    assert "phieu khao sat muc do hai long" in db.session.get(Initiative, initiative.id).search_text


def test_filters_combine(leader_client, make_unit, make_initiative):
    unit = make_unit()
    make_initiative(title="Đúng đơn vị", unit=unit)
    make_initiative(title="Đơn vị khác")
    make_initiative(title="Năm trước", unit=unit, year=2025)
    html = leader_client.get("/initiatives/", query_string={"year": 2026, "unit": unit.id}).get_data(as_text=True)
    assert "Đúng đơn vị" in html and "Đơn vị khác" not in html and "Năm trước" not in html
    every_year = leader_client.get("/initiatives/", query_string={"year": "", "unit": unit.id}).get_data(as_text=True)
    assert "Năm trước" in every_year


def test_status_and_category_filters(leader_client, make_initiative):
    from models import InitiativeCategory, InitiativeStatus

    make_initiative(InitiativeStatus.RECOGNISED, title="SK công nhận, khác", category=InitiativeCategory.OTHER)
    make_initiative(InitiativeStatus.SUBMITTED, title="SK mới nộp, khác", category=InitiativeCategory.OTHER)
    make_initiative(InitiativeStatus.RECOGNISED, title="SK công nhận, ứng xử",
                    category=InitiativeCategory.STAFF_ATTITUDE)
    html = leader_client.get("/initiatives/", query_string={"year": 2026, "status": "recognised",
                                                            "category": "other"}).get_data(as_text=True)
    assert "SK công nhận, khác" in html
    assert "SK mới nộp, khác" not in html and "SK công nhận, ứng xử" not in html


def test_bad_filter_values_are_ignored_not_an_error(leader_client, make_initiative):
    make_initiative(title="Vẫn hiện")
    response = leader_client.get("/initiatives/", query_string={"year": "abc", "unit": "x", "status": "nope",
                                                                "page": "-3"})
    assert response.status_code == 200


def test_paging(leader_client, make_unit, make_initiative):
    unit = make_unit()
    for n in range(27):
        make_initiative(title=f"Sáng kiến số {n:02d}", unit=unit)
    first = leader_client.get("/initiatives/?year=2026").get_data(as_text=True)
    second = leader_client.get("/initiatives/?year=2026&page=2").get_data(as_text=True)
    assert "27 sáng kiến" in first
    assert "Sáng kiến số 00" in first and "Sáng kiến số 26" not in first
    assert "Sáng kiến số 26" in second and "Sáng kiến số 00" not in second
    assert "page=2" in first
