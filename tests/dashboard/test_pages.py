"""The dashboard page, its drill-down lists and the Excel export, as each role sees them."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from models import Role
from tests.dashboard.conftest import TODAY, at_noon
from tests.workbooks import opened


@pytest.fixture(autouse=True)
def _fixed_today(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


def _figure(html: str, name: str) -> str:
    """The text of the cell marked data-figure=name, links stripped."""
    cell = re.search(rf'data-figure="{re.escape(name)}"[^>]*>(.*?)</td>', html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", cell).strip()


@pytest.mark.parametrize("role", [Role.LEADER, Role.PLANNER, Role.ADMIN])
def test_leaders_planners_and_admins_open_the_dashboard(board, client_as, role):
    response = client_as(role).get("/dashboard/?year=2024")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # Admins see counts only: not the charts of results and actions, which name inspected units.
    charts = 4 if role == Role.ADMIN else 6
    assert html.count("<svg viewBox") == charts
    assert html.count("<title id=") == charts


@pytest.mark.parametrize("role", [Role.UNIT, Role.INSPECTOR])
def test_units_and_inspectors_never_see_the_dashboard(board, client_as, role):
    client = client_as(role)
    assert client.get("/dashboard/?year=2024").status_code == 403
    assert client.get("/dashboard/export.xlsx?year=2024").status_code == 403
    assert client.get("/dashboard/2024/inspections?state=planned").status_code == 403


def test_the_page_shows_the_hand_computed_figures_with_their_links(board, leader_client):
    html = leader_client.get("/dashboard/?year=2024").get_data(as_text=True)
    assert (_figure(html, "inspected"), _figure(html, "planned"), _figure(html, "active")) == ("2", "4", "5")
    assert _figure(html, "needed") == "3"
    assert (_figure(html, "done-4"), _figure(html, "overdue-6"), _figure(html, "planned-6")) == ("2", "1", "1")
    assert (_figure(html, "open-A"), _figure(html, "overdue-A"), _figure(html, "verified-B")) == ("2", "1", "1")
    assert _figure(html, "recognised") == "1 / 5"
    assert _figure(html, "days-left") == "138"
    assert _figure(html, "satisfaction-amber") == "2"
    assert 'href="/dashboard/2024/coverage/inspected"' in html
    assert 'href="/dashboard/2024/inspections?month=6&amp;state=overdue"' in html
    assert 'data-colour="amber"' in html.split('data-target="B-satisfaction"')[1][:40]


def test_admins_see_the_counts_but_no_links_to_inspections(board, admin_client):
    html = admin_client.get("/dashboard/?year=2024").get_data(as_text=True)
    assert _figure(html, "inspected") == "2"
    assert "/dashboard/2024/coverage/" not in html and "/dashboard/2024/inspections" not in html
    assert "/dashboard/2024/initiatives/missing" in html
    assert admin_client.get("/dashboard/2024/coverage/inspected").status_code == 403


def test_admins_see_no_unit_s_inspection_results_or_actions_anywhere(board, admin_client, leader_client):
    """Like the schedule, the rows naming an inspected unit (its scores, its corrective actions)
    are for those who see inspections: in the page, the Excel file and the report."""
    seen = {}
    for name, client in (("admin", admin_client), ("leader", leader_client)):
        page = client.get("/dashboard/?year=2024").get_data(as_text=True)
        report = client.get("/dashboard/report?year=2024").get_data(as_text=True)
        workbook = opened(client.get("/dashboard/export.xlsx?year=2024"))
        # The results, answers by item and actions sheets; the report's parts II and III.
        cells = {str(cell.value) for sheet in workbook.worksheets[2:5] for row in sheet.iter_rows() for cell in row}
        results_and_actions = report[report.index("II. "):report.index("IV. ")]
        seen[name] = ('data-figure="open-A"' in page, "Đơn vị A" in results_and_actions, "Đơn vị A" in cells)
    assert seen == {"admin": (False, False, False), "leader": (True, True, True)}
    assert "Chỉ lãnh đạo và cán bộ lập kế hoạch xem được" in admin_client.get("/dashboard/?year=2024").get_data(
        as_text=True)


def test_the_overdue_figure_lists_the_overdue_inspection(board, leader_client):
    html = leader_client.get("/dashboard/2024/inspections?month=6&state=overdue").get_data(as_text=True)
    rows = re.findall(r'<tr><td><a href="/schedule/inspections/(\d+)">(\d\d/\d\d/\d{4})', html)
    assert rows == [(str(board.inspections["C"].id), "01/06/2024")]
    assert "Đơn vị C" in html


def test_the_coverage_figure_lists_the_units_counted(board, planner_client):
    html = planner_client.get("/dashboard/2024/coverage/inspected").get_data(as_text=True)
    assert re.findall(r"<tr><td>([A-F])</td>", html) == ["A", "B"]


def test_the_item_and_action_lists(board, leader_client):
    html = leader_client.get("/dashboard/2024/items/B/B1").get_data(as_text=True)
    assert "Đơn vị A" in html and "Đơn vị B" in html
    assert html.count('href="/checklists/records/') == 2
    html = leader_client.get(f"/dashboard/2024/actions?state=overdue&unit={board.units['A'].id}").get_data(as_text=True)
    assert html.count("<tr><td>A</td>") == 1
    assert html.count('href="/checklists/actions/') == 1
    assert "No answers to this item yet" in leader_client.get("/language/en?next=/dashboard/2024/items/Z/Z9",
                                                              follow_redirects=True).get_data(as_text=True)


def test_target_and_initiative_lists(board, admin_client):
    html = admin_client.get("/dashboard/2024/targets/satisfaction/amber").get_data(as_text=True)
    assert "Đơn vị B" in html and "Đơn vị C" in html and "Đơn vị D" not in html
    html = admin_client.get("/dashboard/2024/initiatives/missing").get_data(as_text=True)
    assert re.findall(r"<tr><td>([A-F])</td>", html) == ["B", "C", "D", "E"]
    assert admin_client.get("/dashboard/2024/targets/nope/green").status_code == 404


def test_a_year_without_programme_still_shows_initiatives_and_targets(board, leader_client):
    response = leader_client.get("/dashboard/?year=2030")
    assert response.status_code == 200
    assert leader_client.get("/dashboard/2030/coverage/inspected").status_code == 404


def test_the_excel_export_has_one_sheet_per_panel(board, leader_client):
    leader_client.get("/language/en")
    book = opened(leader_client.get("/dashboard/export.xlsx?year=2024"))
    assert book.sheetnames == ["Coverage", "Inspections by month", "Checklist results", "Answers by item",
                               "Corrective actions", "Initiatives", "Service targets"]
    coverage = {row[0]: row[1] for row in book["Coverage"].iter_rows(min_row=2, values_only=True)}
    assert coverage["Inspected so far"] == 2 and coverage["Active units"] == 5
    months = {row[0]: row[1:] for row in book["Inspections by month"].iter_rows(min_row=2, values_only=True)}
    assert months[datetime(2024, 6, 1)] == (0, 1, 1)
    grid_header = [c.value for c in book["Answers by item"][1]]
    assert grid_header == ["Unit code", "Date", "A1", "A2", "B1"]


def test_without_a_year_the_dashboard_opens_the_latest_programme(board, client_as, time_machine):
    """Opened in a year that has no programme yet, the dashboard shows the latest one, not an empty page."""
    time_machine.move_to(at_noon(TODAY.replace(year=2026)), tick=False)
    html = client_as(Role.LEADER).get("/dashboard/").get_data(as_text=True)
    assert _figure(html, "inspected") == "2"
