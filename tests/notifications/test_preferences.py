"""Each person chooses the notices they receive, under their account; the ones about their own
assignments cannot be switched off."""

from __future__ import annotations

from datetime import date

from inspection.extensions import db
from inspection.initiatives import operations as initiatives
from inspection.notifications.reminders import send_reminders
from models import ActionStatus, InitiativeCategory, Role, User
from tests.notifications.conftest import addresses
from tests.planning.conftest import add_corrective_actions


def _details():
    return initiatives.Details(year=2026, title="Một cửa thân thiện", description="Bàn hướng dẫn",
                               category=InitiativeCategory.STAFF_ATTITUDE)


def test_a_leader_switches_a_notice_off_and_chooses_english(make_user, as_user, make_unit, smtp):
    quiet = make_user(Role.LEADER, email="im@so.gov.vn")
    make_user(Role.LEADER, email="nghe@so.gov.vn")
    client = as_user(quiet)
    page = client.get("/account/notices").get_data(as_text=True)
    assert "Có sáng kiến được gửi để xem xét" in page and "Bản tin tổng hợp hằng tuần" in page
    assert "Kế hoạch bạn cho chạy" not in page  # a planner's notice, not a leader's

    response = client.post("/account/notices", data={"topic_record_submitted": "y", "topic_digest": "y",
                                                     "locale": "en"})
    assert response.status_code == 302
    assert db.session.get(User, quiet.id).locale == "en"
    page = client.get("/account/notices").get_data(as_text=True)
    assert '<input class="form-check-input" id="topic_initiative_submitted"' in page
    assert 'E-mail notices' in page

    unit = make_unit()
    initiatives.submit(unit, make_user(Role.UNIT, unit=unit), _details(), [])
    db.session.commit()
    assert addresses(smtp) == ["nghe@so.gov.vn"]


def test_notices_about_ones_own_assignments_stay_on(make_user, as_user, make_inspection, smtp):
    focal = make_user(Role.UNIT, email="donvi@so.gov.vn")
    client = as_user(focal)
    page = client.get("/account/notices").get_data(as_text=True)
    assert '<input checked class="form-check-input" disabled id="topic_actions"' in page

    client.post("/account/notices", data={"locale": "vi"})  # every box cleared
    page = client.get("/account/notices").get_data(as_text=True)
    assert '<input class="form-check-input" id="topic_record_approved"' in page

    add_corrective_actions(focal.unit, make_inspection(unit=focal.unit), [(date(2026, 3, 1), ActionStatus.OPEN)])
    db.session.commit()
    send_reminders(date(2026, 3, 10))
    db.session.commit()
    assert addresses(smtp) == ["donvi@so.gov.vn"]
