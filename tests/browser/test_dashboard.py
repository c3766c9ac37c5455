"""The dashboard on a tablet and on a desktop: charts with their tables, no console errors,
no horizontal scroll."""

from __future__ import annotations

import pytest

from models import Role
from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.dashboard.conftest import board  # noqa: F401  (the hand-made organisation)
from tests.factories import PASSWORD

PANELS = ("coverage", "months", "results", "actions", "initiatives", "targets")


@pytest.mark.parametrize("screen", ["tablet", "desktop"])
def test_the_dashboard_shows_every_panel_as_chart_and_table(request, board, live_server, page_errors,  # noqa: F811
                                                              make_user, screen):
    page = request.getfixturevalue(screen)
    leader = make_user(Role.LEADER)
    log_in(page, live_server, leader.username, PASSWORD)
    page.goto(f"{live_server}/dashboard/?year=2024")
    for panel in PANELS:
        section = page.locator(f"section#{panel}")
        assert section.locator("svg[role=img] > title").count() >= 1, panel
        assert section.locator("svg rect").count() >= 1, panel
        assert section.locator("table").count() >= 1, panel
    assert page.locator("#coverage [data-figure=inspected]").inner_text() == "2"
    assert not has_horizontal_scroll(page)
    assert page_errors == []
