"""Every main page of every role fits the screen, from a tablet to a wide desktop, and the user
menu (language, logging out) can always be reached."""

from __future__ import annotations

import pytest

from models import Role
from tests.access.conftest import world_factory  # noqa: F401  (the access matrix's world)
from tests.browser.conftest import log_in
from tests.browser.pages import main_pages
from tests.factories import PASSWORD

WIDTHS = (768, 1280, 1366, 1440, 1920)
#: A long name, as people have, in the user menu.
LONG_NAME = "Nguyễn Thị Phương Thảo Hoàng Lan"
OVERFLOW = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"
#: The outermost elements that reach past the right edge, to name in a failure.
PAST_THE_EDGE = """() => [...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))"""


def _within_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def _open_user_menu(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for()
    page.locator("#user-menu").click()


@pytest.fixture
def world(app, world_factory):  # noqa: F811
    built = world_factory()
    for user in built["users"].values():
        user.full_name = LONG_NAME
    app.extensions["sqlalchemy"].session.commit()
    return built


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_main_page_fits_every_width(world, live_server, desktop, page_errors, role):
    log_in(desktop, live_server, world["users"][role].username, PASSWORD)
    too_wide = []
    for path in main_pages(role, world):
        desktop.goto(f"{live_server}{path}")
        for width in WIDTHS:
            desktop.set_viewport_size({"width": width, "height": 900})
            overflow = desktop.evaluate(OVERFLOW)
            if overflow > 0:
                too_wide.append(f"{path} at {width} px: {overflow} px too wide ({desktop.evaluate(PAST_THE_EDGE)})")
    assert too_wide == []
    assert page_errors == []


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("language, log_out", [("vi", "Đăng xuất"), ("en", "Log out")])
def test_language_and_log_out_are_on_screen_at_every_width(world, live_server, desktop, role, language, log_out):
    log_in(desktop, live_server, world["users"][role].username, PASSWORD)
    desktop.goto(f"{live_server}/language/{language}?next=/")
    for width in WIDTHS:
        desktop.set_viewport_size({"width": width, "height": 900})
        desktop.reload()
        _open_user_menu(desktop)
        for control in (desktop.get_by_role("button", name=log_out),
                        desktop.get_by_role("link", name="English"),
                        desktop.get_by_role("link", name="Tiếng Việt")):
            assert control.is_visible() and _within_screen(desktop, control), (width, control)
        assert desktop.evaluate(OVERFLOW) <= 0, width
