"""Filling a checklist on a tablet: answers survive a reload, a submission (and a photo) made
offline waits and is stored exactly once when the connection returns, and the record prints."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from inspection import clock
from inspection.checklists.default_template import create_default_template
from inspection.extensions import db
from models import Answer, AnswerType, ChecklistResponse, ChecklistSubmission, InspectionStatus, Role
from models.base import utcnow
from tests.browser.conftest import has_horizontal_scroll, log_in
from tests.factories import PASSWORD

#: What Chromium logs for requests made while the network is switched off on purpose, and for
#: a draft cut short by the reload that reaches the server after the page was served: that
#: save comes back stale (409) with nothing in conflict and is sent again on its own.
EXPECTED_NOISE = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch", "409 (CONFLICT)")


def _answer(page, item, choice_index: int = 0, percent: str = "100") -> None:
    if item.answer_type == AnswerType.CHOICE:
        page.click(f"label[for='item_{item.id}-{choice_index}']")
    else:
        page.fill(f"#item_{item.id}", percent)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "JPEG")
    return buffer.getvalue()


def _server_answers() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Answer))


def test_fill_reload_go_offline_submit_and_send_once(
    app, live_server, tablet, page_errors, make_user, make_inspector, make_inspection, make_unit
):
    template = create_default_template()
    db.session.commit()
    user = make_user(Role.INSPECTOR, full_name="Phạm Văn Kiểm")
    inspection = make_inspection(team=[make_inspector(user=user), make_inspector(can_lead=False)],
                                 unit=make_unit(name="Trạm Khuyến nông", address="5 Hùng Vương", head_name="Bà Hoa"),
                                 date=clock.today(), published_at=utcnow())
    section_a, section_b = template.sections

    log_in(tablet, live_server, user.username, PASSWORD)
    tablet.goto(f"{live_server}/checklists/mine")
    assert "5 Hùng Vương" in tablet.content() and "Bà Hoa" in tablet.content()
    tablet.get_by_role("button", name="Bắt đầu kiểm tra").click()
    tablet.wait_for_url(re.compile(r"/checklists/inspections/\d+$"))

    # Half the checklist, then reload at once: the tablet's copy brings everything back.
    for item in section_a.items:
        _answer(tablet, item, choice_index=1 if item.code == "A2" else 0)
    a3 = section_a.items[2]
    _answer(tablet, a3, percent="120")
    expect(tablet.locator(f"#item-{a3.id} .item-error")).not_to_be_empty()
    _answer(tablet, a3, percent="100")
    expect(tablet.locator(f"#item-{a3.id} .item-error")).to_be_empty()
    tablet.fill(f"#note_{section_a.items[1].id}", "Chưa có biên bản họp quý III")
    tablet.reload()
    assert tablet.is_checked(f"#item_{section_a.items[0].id}-0")
    assert tablet.is_checked(f"#item_{section_a.items[1].id}-1")
    assert tablet.input_value(f"#item_{section_a.items[2].id}") == "100"
    assert tablet.input_value(f"#note_{section_a.items[1].id}") == "Chưa có biên bản họp quý III"
    expect(tablet.locator("#sync-status")).to_contain_text("Đã lưu tất cả", timeout=10000)
    assert _server_answers() == 10
    assert tablet.text_content("[data-score-for=A]") == "95.0%"

    # No connection: keep filling and submit; the submission waits on the tablet.
    tablet.context.set_offline(True)
    for item in section_b.items:
        _answer(tablet, item, choice_index=2 if item.code == "B1" else 0)
    b1 = section_b.items[0]
    missing_evidence = tablet.locator(f"#item-{b1.id} .evidence-missing")
    assert missing_evidence.is_visible()
    # A photo taken offline waits on the tablet and already counts as evidence.
    tablet.set_input_files(f"#item-{b1.id} .photo-input",
                           files=[{"name": "the.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}])
    expect(tablet.locator(f"#item-{b1.id} img.photo-waiting")).to_have_count(1)
    assert not missing_evidence.is_visible()
    tablet.fill(f"#note_{b1.id}", "Hai công chức không đeo thẻ")
    tablet.click("#submit-checklist")
    waiting = tablet.locator("#outbox-status")
    waiting.wait_for(state="visible")
    assert "Đang chờ gửi" in waiting.text_content()
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 0

    # Back online: sent by itself, stored once, and the record opens.
    tablet.context.set_offline(False)
    tablet.wait_for_url(re.compile(r"/checklists/records/\d+$"))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ChecklistSubmission)) == 1
    response = db.session.scalar(select(ChecklistResponse))
    assert len(response.answers) == 20
    assert response.inspection.status == InspectionStatus.SUBMITTED
    assert [(a.item.code, len(a.photos)) for a in response.answers if a.photos] == [("B1", 1)]
    notes = {a.item.code: a.note for a in response.answers if a.note}
    assert notes == {"A2": "Chưa có biên bản họp quý III", "B1": "Hai công chức không đeo thẻ"}
    assert inspection.unit.name in tablet.content()

    # The printable record: the navigation is hidden on paper, the findings are listed.
    assert "Biên bản kiểm tra".upper() in tablet.text_content("h1").upper()
    assert tablet.locator(".record-findings li").count() == 2
    tablet.emulate_media(media="print")
    assert not tablet.locator("nav.navbar").is_visible()
    tablet.emulate_media(media="screen")
    assert not has_horizontal_scroll(tablet)
    assert [e for e in page_errors if not any(noise in e for noise in EXPECTED_NOISE)] == []
