"""No serious or critical accessibility fault (axe-core) on any main page of any role."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from models import Role
from tests.access.conftest import world, world_factory  # noqa: F401  (the access matrix's world)
from tests.browser.conftest import log_in
from tests.browser.pages import main_pages
from tests.factories import PASSWORD

#: Wide enough for the whole menu bar to be open, so its links are checked too.
WIDE = {"width": 1440, "height": 900}
SEVERE = ("serious", "critical")
#: axe-core's defaults, plus a visible "Sửa" whose spoken name says something else (still marked
#: experimental by axe-core, and off unless asked for).
OPTIONS = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}


def faults(page) -> list[str]:
    """Each serious or critical axe-core finding on the page, with the elements at fault."""
    found = Axe().run(page, options=OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}): " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            + (f" … {len(v['nodes'])} in all" if len(v["nodes"]) > 5 else "")
            for v in found if v["impact"] in SEVERE]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_main_pages_have_no_serious_accessibility_fault(world, live_server, desktop, role):  # noqa: F811
    desktop.set_viewport_size(WIDE)
    log_in(desktop, live_server, world["users"][role].username, PASSWORD)
    found = {}
    for path in main_pages(role, world):
        desktop.goto(f"{live_server}{path}")
        desktop.wait_for_load_state("networkidle")
        if page_faults := faults(desktop):
            found[path] = page_faults
    assert not found, "\n".join(f"{path}\n  " + "\n  ".join(lines) for path, lines in found.items())


def test_each_answer_and_note_is_named_by_its_item(world, live_server, tablet):  # noqa: F811
    log_in(tablet, live_server, world["users"][Role.INSPECTOR].username, PASSWORD)
    tablet.goto(f"{live_server}/checklists/inspections/{world['filling']}")
    item = "A1. Nội dung"
    assert tablet.get_by_role("radiogroup", name=item).count() == 1
    assert tablet.get_by_role("textbox", name=f"Ghi chú {item}").count() == 1


def test_the_photo_button_shows_keyboard_focus(world, live_server, tablet):  # noqa: F811
    log_in(tablet, live_server, world["users"][Role.INSPECTOR].username, PASSWORD)
    tablet.goto(f"{live_server}/checklists/inspections/{world['filling']}")
    tablet.locator("textarea.note").first.focus()
    tablet.keyboard.press("Tab")
    assert tablet.evaluate("document.activeElement.classList.contains('photo-input')")
    outline = tablet.locator(".photo-button").first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"


def test_a_table_wider_than_the_screen_can_be_scrolled_from_the_keyboard(world, live_server, tablet):  # noqa: F811
    log_in(tablet, live_server, world["users"][Role.PLANNER].username, PASSWORD)
    tablet.set_viewport_size({"width": 360, "height": 800})
    tablet.goto(f"{live_server}/planning/programmes/{world['programme']}")
    loads = tablet.locator("#loads .table-responsive")
    assert loads.evaluate("e => e.scrollWidth > e.clientWidth")
    assert loads.get_attribute("tabindex") == "0"
    assert tablet.get_by_role("region", name="Số cuộc kiểm tra của từng thành viên theo tuần").count() == 1
    assert faults(tablet) == []
