"""The units list on a tablet: an admin logs in, switches language, and reads it without side scrolling."""

from inspection.demo.data import UNITS
from models import Role
from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.factories import PASSWORD


def test_units_list_on_a_tablet(app, live_server, tablet, page_errors, make_user, make_unit):
    for code, name, kind, area, _parent in UNITS:
        make_unit(code=code, name=name, kind=kind, area=area, head_name="Nguyễn Văn Trưởng")
    admin = make_user(Role.ADMIN)
    log_in(tablet, live_server, admin.username, PASSWORD)

    tablet.goto(f"{live_server}/language/en?next=/admin/units")
    assert tablet.locator("h1").inner_text() == "Units"
    tablet.goto(f"{live_server}/language/vi?next=/admin/units")
    assert tablet.locator("h1").inner_text() == "Đơn vị"

    assert tablet.locator("table.units-table tbody tr").count() == 25
    assert "Ban Quản lý dự án đầu tư xây dựng công trình" in tablet.content()
    assert not has_horizontal_scroll(tablet)
    table_fits = tablet.evaluate(
        "(() => { const t = document.querySelector('.table-responsive'); return t.scrollWidth <= t.clientWidth; })()")
    assert table_fits

    tablet.select_option("select[name=kind]", "tram")
    tablet.click("button:has-text('Lọc')")
    tablet.wait_for_load_state("networkidle")
    assert tablet.locator("table.units-table tbody tr").count() == 8
    assert not has_horizontal_scroll(tablet)
    assert page_errors == []


def test_admin_pages_fit_a_tablet_with_the_demo_data(app, live_server, tablet, page_errors):
    from inspection.demo.loader import load_demo

    password = next(login.password for login in load_demo() if login.username == "admin")
    log_in(tablet, live_server, "admin", password)
    for path in ("/admin/users", "/admin/inspectors", "/admin/inspectors/1/edit", "/admin/holidays?year=2020",
                 "/admin/audit", "/admin/units/import", "/admin/units/1/edit", "/admin/users/1/edit"):
        tablet.goto(f"{live_server}{path}")
        assert tablet.locator("h1").count() == 1, path
        assert not has_horizontal_scroll(tablet), path
    assert page_errors == []
