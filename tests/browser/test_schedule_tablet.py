"""The schedule on a tablet: the month calendar, a refused edit with its reason beside the form,
and the revisions, all without side scrolling or script errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.factories import PASSWORD
from tests.schedule.conftest import org, planned  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_schedule_pages_on_a_tablet(planned, live_server, tablet, page_errors):  # noqa: F811
    page, base = tablet, live_server
    programme_id = planned["programme"].id
    row = planned["rows"][("B", "periodic")]
    log_in(page, base, planned["planner"].username, PASSWORD)

    page.goto(f"{base}/schedule/inspections?programme={programme_id}&month=2030-04")
    assert page.locator(".schedule-month .schedule-chip").count() == 4
    assert not has_horizontal_scroll(page)

    page.goto(f"{base}/schedule/inspections/{row.id}/edit")
    page.fill("input[name=date]", "2030-04-01")
    page.click("input[name=submit]")
    page.wait_for_load_state("networkidle")
    problems = page.locator("#problems")
    assert "Thanh tra Chi" in problems.inner_text()
    assert problems.bounding_box()["y"] < page.locator("input[name=date]").bounding_box()["y"]
    assert not has_horizontal_scroll(page)

    page.goto(f"{base}/schedule/programmes/{programme_id}/revisions")
    assert page.locator("tbody tr").count() == 1
    assert not has_horizontal_scroll(page)
    assert page_errors == []
