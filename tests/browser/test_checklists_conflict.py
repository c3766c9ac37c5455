"""Two team members on one checklist: the second, stale save shows both answers and the
person chooses; nothing is overwritten behind anyone's back."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from inspection import clock
from inspection.checklists.default_template import create_default_template
from inspection.extensions import db
from models import Answer, Role
from models.base import utcnow
from tests.browser.conftest import TABLET, log_in
from tests.factories import PASSWORD


def test_a_stale_save_asks_which_answer_to_keep(
    app, live_server, tablet, page_errors, make_user, make_inspector, make_inspection
):
    template = create_default_template()
    db.session.commit()
    lead, member = make_user(Role.INSPECTOR, full_name="Trưởng Đoàn"), make_user(Role.INSPECTOR, full_name="Thành Viên")
    inspection = make_inspection(team=[make_inspector(user=lead), make_inspector(user=member, can_lead=False)],
                                 date=clock.today(), published_at=utcnow())
    b1, b2 = template.sections[1].items[:2]
    other = tablet.context.browser.new_context(viewport=TABLET, has_touch=True).new_page()
    try:
        log_in(tablet, live_server, lead.username, PASSWORD)
        tablet.goto(f"{live_server}/checklists/mine")
        tablet.get_by_role("button", name="Bắt đầu kiểm tra").click()
        log_in(other, live_server, member.username, PASSWORD)
        other.goto(f"{live_server}/checklists/inspections/{inspection.id}")

        tablet.click(f"label[for='item_{b1.id}-0']")
        expect(tablet.locator("#sync-status")).to_contain_text("Đã lưu tất cả")
        # The member's page still has the first version: their B2 is no conflict, B1 is.
        other.click(f"label[for='item_{b2.id}-0']")
        other.click(f"label[for='item_{b1.id}-2']")
        conflict = other.locator(f"#conflict-list .conflict[data-item='{b1.id}']")
        expect(conflict).to_be_visible()
        expect(conflict.locator(".take-theirs")).to_contain_text("Trưởng Đoàn")
        db.session.rollback()
        stored = {a.item_id: a.choice.value for a in db.session.scalars(select(Answer))}
        assert stored == {b1.id: "C"}

        conflict.locator(".keep-mine").click()
        expect(other.locator("#conflicts")).to_be_hidden()
        expect(other.locator("#sync-status")).to_contain_text("Đã lưu tất cả")
        db.session.rollback()
        stored = {a.item_id: a.choice.value for a in db.session.scalars(select(Answer))}
        assert stored == {b1.id: "N", b2.id: "C"}
    finally:
        other.context.close()
    assert [e for e in page_errors if "409" not in e] == []
