"""The checklist in the field, on a 768×1024 touch tablet that loses its connection, whose session
ends, and that a teammate also uses: no answer is lost, nothing is sent twice or under another
person's name, and nobody sees another person's checklists."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from inspection import clock
from inspection.checklists import operations
from inspection.checklists.default_template import create_default_template
from inspection.extensions import db
from models import (
    Answer,
    AnswerType,
    ChecklistResponse,
    ChecklistSubmission,
    Inspection,
    InspectionStatus,
    Photo,
    Role,
)
from models.base import utcnow
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

#: Chromium logs requests made while the network is switched off, refused on purpose (502, 401
#: after a logout) or aborted by the test; none of them is a fault of the page.
EXPECTED_NOISE = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch", "409 (CONFLICT)", "502", "401", "503",
                  "ERR_FAILED", "net::")


@dataclass
class Field:
    template: object
    user: object
    teammate: object
    inspection: Inspection
    other: Inspection

    @property
    def items(self):
        return self.template.items


@pytest.fixture
def field(app, make_user, make_inspector, make_inspection, make_unit) -> Field:
    template = create_default_template()
    db.session.commit()
    user = make_user(Role.INSPECTOR, full_name="Phạm Văn Kiểm")
    teammate = make_user(Role.INSPECTOR, full_name="Lê Thị Đồng")
    me, mate = make_inspector(user=user), make_inspector(user=teammate, can_lead=False)
    inspection = make_inspection(team=[me, mate], unit=make_unit(name="Trạm Khuyến nông"), date=clock.today(),
                                 published_at=utcnow())
    other = make_inspection(team=[me, mate], unit=make_unit(name="Chi cục Thủy lợi"), date=clock.today(),
                            published_at=utcnow())
    return Field(template, user, teammate, inspection, other)


def _noise_free(errors: list) -> list:
    return [e for e in errors if not any(noise in e for noise in EXPECTED_NOISE)]


def _answer(page, item, choice_index: int = 0, percent: str = "100") -> None:
    if item.answer_type == AnswerType.CHOICE:
        page.click(f"label[for='item_{item.id}-{choice_index}']")
    else:
        page.fill(f"#item_{item.id}", percent)


def _shown(page, item, choice_index: int = 0, percent: str = "100") -> None:
    if item.answer_type == AnswerType.CHOICE:
        expect(page.locator(f"#item_{item.id}-{choice_index}")).to_be_checked()
    else:
        expect(page.locator(f"#item_{item.id}")).to_have_value(percent)


def _kept(page, path: str) -> None:
    """Wait until the service worker keeps ``path`` among the signed-in user's pages."""
    page.wait_for_function(
        """async (path) => {
            const url = new URL(path, location.href).href;
            for (const name of await caches.keys()) {
                if (name.includes('-user-') && await (await caches.open(name)).match(url)) { return true; }
            }
            return false;
        }""",
        arg=path, timeout=20000,
    )


def _saved(page) -> None:
    expect(page.locator("#sync-status")).to_contain_text("Đã lưu tất cả", timeout=15000)


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def _start(page, base: str, inspection: Inspection) -> None:
    page.goto(f"{base}/checklists/mine")
    page.locator(f"form[action$='/inspections/{inspection.id}/start'] button").click()
    page.wait_for_url(re.compile(rf"/checklists/inspections/{inspection.id}$"))


def _jpeg(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_first_visit_is_kept_and_an_offline_reload_shows_its_answers(field, live_server, tablet, page_errors):
    # A cache left by the previous version of the service worker is dropped when it updates.
    tablet.goto(f"{live_server}/login")
    tablet.evaluate("async () => (await caches.open('checklists-v1')).put('/old', new Response('old'))")
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    path = f"/checklists/inspections/{field.inspection.id}"
    _kept(tablet, path)
    for item in field.items[:4]:
        _answer(tablet, item)
    _saved(tablet)

    tablet.context.set_offline(True)
    tablet.reload()
    expect(tablet.locator("h1")).to_contain_text("Trạm Khuyến nông")
    for item in field.items[:4]:
        _shown(tablet, item)
    expect(tablet.locator("#answered-count")).to_have_text("Đã trả lời 4/20")
    assert "checklists-v1" not in tablet.evaluate("caches.keys()")
    assert _noise_free(page_errors) == []


def test_my_inspections_downloads_ahead_and_another_checklist_opens_offline(
    field, live_server, tablet, page_errors
):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    tablet.goto(f"{live_server}/checklists/mine")
    expect(tablet.locator(".offline-ready:visible")).to_have_count(2, timeout=20000)
    expect(tablet.locator(".offline-ready").first).to_have_text("Sẵn sàng ngoại tuyến")

    tablet.context.set_offline(True)
    tablet.reload()
    tablet.locator(f"form[action$='/inspections/{field.other.id}/start'] button").click()
    tablet.wait_for_url(re.compile(rf"/checklists/inspections/{field.other.id}$"))
    expect(tablet.locator("h1")).to_contain_text("Chi cục Thủy lợi")
    first, second = field.items[0], field.items[1]
    _answer(tablet, first)
    _answer(tablet, second, choice_index=1)
    tablet.reload()
    _shown(tablet, first)
    _shown(tablet, second, choice_index=1)
    assert _count(Answer) == 0

    # Back online: the checklist is started on the server by its first save.
    tablet.context.set_offline(False)
    _saved(tablet)
    db.session.rollback()
    assert db.session.get(Inspection, field.other.id).status == InspectionStatus.IN_PROGRESS
    assert {(a.item_id, a.choice.value) for a in db.session.scalars(select(Answer))} == {
        (first.id, "C"), (second.id, "P")}
    assert _noise_free(page_errors) == []


def test_answers_given_offline_survive_a_reload_and_are_submitted_once(field, live_server, tablet, page_errors):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    _kept(tablet, f"/checklists/inspections/{field.inspection.id}")
    items = field.items
    for item in items[4:11]:
        _answer(tablet, item)
    _saved(tablet)
    assert _count(Answer) == 7

    tablet.context.set_offline(True)
    for item in items[11:]:
        _answer(tablet, item, choice_index=1 if item.code == "B2" else 0)
    tablet.fill(f"#note_{items[12].id}", "Một người chưa đeo thẻ")
    tablet.reload()
    for item in items[4:]:
        _shown(tablet, item, choice_index=1 if item.code == "B2" else 0)
    expect(tablet.locator(f"#note_{items[12].id}")).to_have_value("Một người chưa đeo thẻ")
    expect(tablet.locator("#answered-count")).to_have_text("Đã trả lời 16/20")
    for item in items[:4]:
        _answer(tablet, item)
    tablet.click("#submit-checklist")
    expect(tablet.locator("#pending-count")).to_have_text("1 đang chờ gửi")
    # The bar stays in sight wherever the inspector is on the page.
    for where in ("0", "document.body.scrollHeight / 2", "document.body.scrollHeight"):
        tablet.evaluate(f"window.scrollTo(0, {where})")
        expect(tablet.locator("#checklist-bar")).to_be_in_viewport()
        expect(tablet.locator("#pending-count")).to_be_in_viewport()
    assert _count(ChecklistSubmission) == 0

    tablet.context.set_offline(False)
    tablet.wait_for_url(re.compile(r"/checklists/records/\d+$"), timeout=20000)
    assert _count(ChecklistSubmission) == 1
    response = db.session.scalar(select(ChecklistResponse))
    assert len(response.answers) == 20 and response.inspection.status == InspectionStatus.SUBMITTED
    assert {a.item.code: a.note for a in response.answers if a.note} == {items[12].code: "Một người chưa đeo thẻ"}
    assert _noise_free(page_errors) == []


def _fill_all(page) -> None:
    for card in page.locator(".checklist-item").all():
        if card.get_attribute("data-type") == "choice":
            card.locator("label.btn").first.click()
        else:
            card.locator("input.answer").fill("100")


def _log_out(page) -> None:
    # The menus open by script, with an animation, and the outbox checks its queue before the form
    # leaves: on a busy machine each step waits for the one before to be over.
    page.wait_for_load_state("load")
    page.click(".navbar-toggler")
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.click("#user-menu")
    expect(page.locator("#user-menu")).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login"), timeout=45000)


QUEUED = "async () => (await idbKeyval.keys(idbKeyval.createStore('checklist-outbox', 'entries'))).length"


def _queued(page) -> int:
    return page.evaluate(QUEUED)


def test_session_ended_while_offline_sends_once_after_logging_in_again(field, live_server, tablet, page_errors):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    _kept(tablet, f"/checklists/inspections/{field.inspection.id}")
    tablet.context.set_offline(True)
    _fill_all(tablet)
    tablet.click("#submit-checklist")
    expect(tablet.locator("#pending-count")).to_have_text("1 đang chờ gửi")

    tablet.context.clear_cookies()  # the session ends while the tablet is offline
    tablet.context.set_offline(False)
    expect(tablet.locator("#outbox-status")).to_have_text("Đăng nhập lại để gửi", timeout=15000)
    assert _count(ChecklistSubmission) == 0 and _queued(tablet) == 1

    log_in(tablet, live_server, field.user.username, PASSWORD)
    expect(tablet.locator("#my-inspections")).to_be_visible()
    tablet.wait_for_function(f"async () => (await ({QUEUED})()) === 0", timeout=20000)
    assert _count(ChecklistSubmission) == 1
    submission = db.session.scalar(select(ChecklistSubmission))
    assert submission.submitted_by_id == field.user.id
    assert _noise_free(page_errors) == []


def test_logout_in_another_tab_while_a_submission_waits_loses_nothing(field, live_server, tablet, page_errors):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    # No connection for the submission, in any tab.
    tablet.context.route("**/submit", lambda route: route.abort())
    _fill_all(tablet)
    _saved(tablet)
    tablet.click("#submit-checklist")
    expect(tablet.locator("#pending-count")).to_have_text("1 đang chờ gửi")

    other_tab = tablet.context.new_page()
    other_tab.goto(f"{live_server}/checklists/mine")
    warnings = []
    other_tab.on("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    _log_out(other_tab)
    assert warnings and "chưa được gửi" in warnings[0]

    tablet.context.unroute("**/submit")
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    expect(tablet.locator("#outbox-status")).to_have_text("Đăng nhập lại để gửi", timeout=15000)
    assert _count(ChecklistSubmission) == 0 and _queued(tablet) == 1

    log_in(other_tab, live_server, field.user.username, PASSWORD)
    tablet.wait_for_url(re.compile(r"/checklists/records/\d+$"), timeout=20000)
    assert _count(ChecklistSubmission) == 1
    assert db.session.scalar(select(ChecklistSubmission)).submitted_by_id == field.user.id
    assert len(db.session.scalar(select(ChecklistResponse)).answers) == 20
    assert _noise_free(page_errors) == []


def test_a_teammate_on_the_same_tablet_never_sends_nor_sees_the_first_users_queue_or_pages(
    field, live_server, tablet, page_errors
):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    path = f"/checklists/inspections/{field.inspection.id}"
    _kept(tablet, path)
    _fill_all(tablet)
    _saved(tablet)
    # Without a connection for the last note and the submission: both wait on the tablet.
    tablet.context.route(re.compile(r"/(draft|submit)$"), lambda route: route.abort())
    tablet.fill(f"#note_{field.items[0].id}", "Ghi chú của người thứ nhất")
    tablet.click("#submit-checklist")
    expect(tablet.locator("#pending-count")).to_have_text("1 đang chờ gửi")

    # The first inspector logs out (warned, the queue stays for them) and the teammate logs in.
    teammate = tablet.context.new_page()
    teammate.on("dialog", lambda dialog: dialog.accept())
    teammate.goto(f"{live_server}/checklists/mine")
    _log_out(teammate)
    tablet.context.unroute(re.compile(r"/(draft|submit)$"))
    log_in(teammate, live_server, field.teammate.username, PASSWORD)
    teammate.goto(f"{live_server}/checklists/mine")
    expect(teammate.locator(".offline-ready:visible")).to_have_count(2, timeout=20000)
    # The first inspector's tab, still open, tries again: refused under the teammate's login.
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    expect(tablet.locator("#outbox-status")).to_have_text("Đăng nhập lại để gửi", timeout=15000)
    tablet.close()
    teammate.goto(f"{live_server}{path}")
    expect(teammate.locator("h1")).to_contain_text("Trạm Khuyến nông")
    expect(teammate.locator(f"#note_{field.items[0].id}")).to_have_value("")
    expect(teammate.locator("#pending-count")).to_be_hidden()
    teammate.wait_for_timeout(1500)
    assert _count(ChecklistSubmission) == 0

    # Offline, the teammate gets their own copy of the page, never the first inspector's.
    teammate.context.set_offline(True)
    teammate.reload()
    expect(teammate.locator("h1")).to_contain_text("Trạm Khuyến nông")
    expect(teammate.locator(f"#note_{field.items[0].id}")).to_have_value("")
    # Each person's copy of the checklist is kept under their own name.
    kept = teammate.evaluate("Object.keys(localStorage)")
    assert sorted(kept) == sorted(f"checklist:{u.id}:{field.inspection.id}" for u in (field.user, field.teammate))
    teammate.context.set_offline(False)

    # The teammate logs out with nothing waiting: their pages are forgotten, the first
    # inspector's queue is not; it is sent once they log in again.
    _log_out(teammate)
    caches = teammate.evaluate("caches.keys()")
    assert not [name for name in caches if name.endswith(f"user-{field.teammate.id}")]
    assert [name for name in caches if name.endswith(f"user-{field.user.id}")]
    log_in(teammate, live_server, field.user.username, PASSWORD)
    teammate.wait_for_function(f"async () => (await ({QUEUED})()) === 0", timeout=20000)
    assert _count(ChecklistSubmission) == 1
    submission = db.session.scalar(select(ChecklistSubmission))
    assert submission.submitted_by_id == field.user.id
    assert {a.note for a in db.session.scalar(select(ChecklistResponse)).answers} >= {"Ghi chú của người thứ nhất"}
    assert _noise_free(page_errors) == []


def test_a_server_answering_502_twice_then_200_stores_the_submission_once(field, live_server, tablet, page_errors):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    answered = []

    def flaky(route):
        answered.append(route.request.url)
        if len(answered) <= 2:
            route.fulfill(status=502, body="Bad Gateway", content_type="text/html")
        else:
            route.continue_()

    tablet.route("**/submit", flaky)
    _fill_all(tablet)
    tablet.click("#submit-checklist")
    tablet.wait_for_url(re.compile(r"/checklists/records/\d+$"), timeout=30000)
    assert len(answered) == 3
    assert _count(ChecklistSubmission) == 1
    assert db.session.get(Inspection, field.inspection.id).status == InspectionStatus.SUBMITTED
    assert _noise_free(page_errors) == []


@pytest.mark.parametrize("back", ["online", "reload"])
def test_a_conflict_on_one_item_shows_both_versions_and_keeps_the_others(
    field, live_server, tablet, page_errors, back
):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    b1, b2, b3 = field.template.sections[1].items[:3]
    _answer(tablet, b1)
    _saved(tablet)

    tablet.context.set_offline(True)
    _answer(tablet, b1, choice_index=2)
    _answer(tablet, b2)
    _answer(tablet, b3, choice_index=1)
    # Meanwhile the teammate changes B1 on their own tablet.
    db.session.rollback()
    response = db.session.scalar(select(ChecklistResponse))
    operations.save_answers(response, response.version,
                            operations.parse_answers(response.template, {str(b1.id): {"choice": "P", "note": "Đồng"}}),
                            field.teammate)
    db.session.commit()

    # Back online on the open page (its save is refused as stale), or reloading it online.
    tablet.context.set_offline(False)
    if back == "reload":
        tablet.reload()
    else:
        tablet.evaluate("window.dispatchEvent(new Event('online'))")
    conflict = tablet.locator(f"#conflict-list .conflict[data-item='{b1.id}']")
    expect(conflict).to_be_visible(timeout=15000)
    expect(tablet.locator("#conflict-list .conflict")).to_have_count(1)
    expect(conflict.locator(".keep-mine")).to_contain_text("Không đạt")
    expect(conflict.locator(".take-theirs")).to_contain_text("Đạt một phần")
    expect(conflict.locator(".take-theirs")).to_contain_text("Lê Thị Đồng")
    _shown(tablet, b2)
    _shown(tablet, b3, choice_index=1)

    conflict.locator(".take-theirs").click()
    expect(tablet.locator("#conflicts")).to_be_hidden()
    _saved(tablet)
    _shown(tablet, b1, choice_index=1)
    db.session.rollback()
    stored = {a.item_id: (a.choice.value, a.note) for a in db.session.scalars(select(Answer))}
    assert stored == {b1.id: ("P", "Đồng"), b2.id: ("C", ""), b3.id: ("P", "")}
    assert _noise_free(page_errors) == []


def test_photos_taken_offline_arrive_on_their_items(field, live_server, tablet, page_errors):
    log_in(tablet, live_server, field.user.username, PASSWORD)
    _start(tablet, live_server, field.inspection)
    _kept(tablet, f"/checklists/inspections/{field.inspection.id}")
    a2, b1 = field.template.sections[0].items[1], field.template.sections[1].items[0]

    tablet.context.set_offline(True)
    _answer(tablet, a2, choice_index=2)
    _answer(tablet, b1, choice_index=2)
    tablet.set_input_files(f"#item-{a2.id} .photo-input",
                           files=[{"name": "a2.jpg", "mimeType": "image/jpeg", "buffer": _jpeg("orange")}])
    tablet.set_input_files(f"#item-{b1.id} .photo-input",
                           files=[{"name": "b1.jpg", "mimeType": "image/jpeg", "buffer": _jpeg("navy")}])
    tablet.set_input_files(f"#item-{b1.id} .photo-input",
                           files=[{"name": "b1-2.jpg", "mimeType": "image/jpeg", "buffer": _jpeg("green")}])
    expect(tablet.locator("#pending-count")).to_have_text("3 đang chờ gửi")
    tablet.reload()
    expect(tablet.locator(f"#item-{a2.id} img.photo-waiting")).to_have_count(1)
    expect(tablet.locator(f"#item-{b1.id} img.photo-waiting")).to_have_count(2)
    assert not tablet.locator(f"#item-{b1.id} .evidence-missing").is_visible()
    assert _count(Photo) == 0

    tablet.context.set_offline(False)
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    expect(tablet.locator(f"#item-{b1.id} img.checklist-photo:not(.photo-waiting)")).to_have_count(2, timeout=20000)
    expect(tablet.locator(f"#item-{a2.id} img.checklist-photo:not(.photo-waiting)")).to_have_count(1)
    expect(tablet.locator("#pending-count")).to_be_hidden()
    db.session.rollback()
    arrived = sorted((photo.answer.item.code, photo.width) for photo in db.session.scalars(select(Photo)))
    assert arrived == [("A2", 40), ("B1", 40), ("B1", 40)]
    _saved(tablet)
    assert _noise_free(page_errors) == []
