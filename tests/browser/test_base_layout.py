"""The base layout on a tablet: log in, switch language, no horizontal scroll, no console errors."""

from models import Role
from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.factories import PASSWORD


def test_login_and_language_switch_on_a_tablet(app, live_server, tablet, page_errors, make_user):
    user = make_user(Role.LEADER, full_name="Trần Thị Lãnh Đạo")
    log_in(tablet, live_server, user.username, PASSWORD)
    assert "Trần Thị Lãnh Đạo" in tablet.content()
    assert tablet.locator("html").get_attribute("lang") == "vi"

    tablet.goto(f"{live_server}/language/en?next=/")
    assert tablet.locator("html").get_attribute("lang") == "en"
    assert tablet.get_by_role("button", name="Log out").count() == 1 or "Log out" in tablet.content()
    tablet.goto(f"{live_server}/language/vi?next=/")
    assert "Đăng xuất" in tablet.content()

    assert not has_horizontal_scroll(tablet)
    assert page_errors == []
