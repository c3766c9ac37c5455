"""The dashboard's printed report: the administrative form, the wide tables in landscape
annexes, charts whose labels have room."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.conftest import TODAY, at_noon
from tests.pdfs import page_sizes


@pytest.fixture(autouse=True)
def _fixed_today(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


def _document(client) -> str:
    html = client.get("/dashboard/report?year=2024").get_data(as_text=True)
    return html[html.index('<article class="document'):html.index("</article>")]


def test_the_report_is_dated_and_signed_with_the_wide_tables_in_annexes(board, leader_client):
    document = _document(leader_client)

    assert re.search(r"Số: \s+/BC-SNN", document) and "ngày 15 tháng 6 năm 2024" in document
    assert "(Số liệu đến ngày 15/06/2024)" in document
    assert "Nơi nhận:" in document and "GIÁM ĐỐC" in document
    annexes = document.split('class="doc-landscape"')
    assert len(annexes) == 3 and "Phụ lục 1" in annexes[1] and "Phụ lục 2" in annexes[2]
    grid_header = re.findall(r"<th>([AB]\d+)</th>", annexes[1])
    assert grid_header == ["A1", "A2", "B1"]


def test_chart_labels_have_room_on_both_sides(board, leader_client):
    """A label anchored at the drawing's edge once ran out of it and was cut."""
    view_boxes = re.findall(r'<svg viewBox="(-?\d+) 0 (\d+)', _document(leader_client))
    assert view_boxes and all(int(x) < 0 and int(width) > 640 for x, width in view_boxes)


def test_the_report_downloads_as_a_pdf_with_landscape_annexes(board, leader_client):
    download = leader_client.get("/dashboard/report.pdf?year=2024")

    assert download.status_code == 200 and download.mimetype == "application/pdf"
    sizes = page_sizes(download.data)
    assert sizes[0] == "portrait" and sizes[-2:] == ["landscape", "landscape"]
    assert len(sizes) <= 5
