"""A unit submits an initiative, a leader returns it, the unit resubmits, the leader recognises it."""

from __future__ import annotations

from models import Role
from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.factories import PASSWORD
from tests.initiatives.conftest import PDF


def _compliance(page, base: str) -> str:
    page.goto(f"{base}/initiatives/")
    return page.locator("#compliance-count").inner_text()


def _status(page) -> str:
    return page.locator("#initiative-status [data-status]").get_attribute("data-status")


def test_submit_return_resubmit_recognise(app, live_server, tablet, desktop, page_errors, make_unit, make_user):
    unit = make_unit(code="TTHC", name="Trung tâm Hành chính công")
    make_unit(code="KHAC", name="Phòng Kế hoạch")
    focal_point = make_user(Role.UNIT, unit=unit)
    leader = make_user(Role.LEADER)
    log_in(tablet, live_server, focal_point.username, PASSWORD)
    log_in(desktop, live_server, leader.username, PASSWORD)
    assert _compliance(desktop, live_server) == "0/2"

    # The unit submits, with a PDF.
    tablet.goto(f"{live_server}/initiatives/mine")
    tablet.get_by_role("link", name="Nộp sáng kiến, giải pháp").click()
    tablet.fill("input[name=title]", "Sáng kiến tiếp dân bằng mã QR")
    tablet.fill("textarea[name=description]", "Người dân quét mã để lấy số thứ tự")
    tablet.select_option("select[name=category]", "handling_quality")
    tablet.fill("input[name=start_date]", "2026-03-01")
    tablet.set_input_files("input[name=files]", files=[
        {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    assert not has_horizontal_scroll(tablet)
    tablet.get_by_role("button", name="Nộp", exact=True).click()
    assert _status(tablet) == "submitted"
    assert tablet.get_by_role("link", name="ke-hoach.pdf").count() == 1

    # The leader takes it into review and returns it.
    desktop.goto(f"{live_server}/initiatives/")
    desktop.get_by_role("link", name="Sáng kiến tiếp dân bằng mã QR").click()
    desktop.get_by_role("button", name="Bắt đầu xem xét").click()
    assert _status(desktop) == "under_review"
    desktop.fill("textarea[name=comment]", "Bổ sung số lượt người dân sử dụng mỗi tháng")
    desktop.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    assert _status(desktop) == "returned"

    # The unit reads the comment, edits and resubmits.
    tablet.goto(f"{live_server}/initiatives/mine")
    assert "Bổ sung số lượt người dân sử dụng mỗi tháng" in tablet.content()
    tablet.get_by_role("link", name="Sáng kiến tiếp dân bằng mã QR").click()
    tablet.get_by_role("link", name="Sửa").click()
    tablet.fill("textarea[name=expected_effect]", "Khoảng 1.200 lượt mỗi tháng, giảm thời gian chờ một nửa")
    tablet.get_by_role("button", name="Lưu và nộp lại").click()
    assert _status(tablet) == "submitted"

    # The leader recognises it; the compliance count goes up by one.
    desktop.reload()
    desktop.get_by_role("button", name="Bắt đầu xem xét").click()
    desktop.fill("textarea[name=measured_effect]", "Thời gian chờ giảm từ 40 xuống 18 phút")
    desktop.get_by_role("button", name="Công nhận có hiệu quả").click()
    assert _status(desktop) == "recognised"
    assert _compliance(desktop, live_server) == "1/2"
    assert "TTHC" not in desktop.locator("#missing-units").inner_text()

    tablet.goto(f"{live_server}/initiatives/mine")
    assert "Đơn vị đã có sáng kiến được công nhận hiệu quả" in tablet.content()
    assert not has_horizontal_scroll(tablet)
    assert page_errors == []
