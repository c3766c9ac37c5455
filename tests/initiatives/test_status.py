"""The initiative's lifecycle: every allowed and forbidden move, on the model and through the pages."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from inspection.extensions import db
from models import AuditEntry, Initiative, InitiativeStatus, Role, TransitionError
from models.initiatives import INITIATIVE_TRANSITIONS

S = InitiativeStatus
ALLOWED = {
    (S.SUBMITTED, S.UNDER_REVIEW),
    (S.UNDER_REVIEW, S.RECOGNISED),
    (S.UNDER_REVIEW, S.RETURNED),
    (S.UNDER_REVIEW, S.REJECTED),
    (S.RETURNED, S.SUBMITTED),
}
PAIRS = list(itertools.product(S, S))


def test_the_model_table_is_the_one_the_product_describes():
    assert {(a, b) for a, targets in INITIATIVE_TRANSITIONS.items() for b in targets} == ALLOWED


@pytest.mark.parametrize(("start", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_move_to(start, target):
    initiative = Initiative(status=start)
    if (start, target) in ALLOWED:
        initiative.move_to(target)
        assert initiative.status == target
    else:
        with pytest.raises(TransitionError):
            initiative.move_to(target)
        assert initiative.status == start


def _events(initiative_id: int) -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "initiatives", AuditEntry.entity_id == str(initiative_id))
    ))


def _reload(initiative) -> Initiative:
    return db.session.get(Initiative, initiative.id)


# --- the leader's moves ---------------------------------------------------------------------


@pytest.mark.parametrize("start", list(S))
def test_start_review_only_from_submitted(leader_client, make_initiative, start):
    initiative = make_initiative(start)
    response = leader_client.post(f"/initiatives/{initiative.id}/review/start",
                                  data={"version": initiative.version}, follow_redirects=True)
    assert response.status_code == 200
    after = _reload(initiative)
    if start == S.SUBMITTED:
        assert after.status == S.UNDER_REVIEW
        assert after.reviewer_id == leader_client.user.id
        assert "start_review" in _events(initiative.id)
    else:
        assert after.status == start
        assert "Chỉ sáng kiến đã nộp" in response.get_data(as_text=True)


DECISIONS = [S.RECOGNISED, S.RETURNED, S.REJECTED]
DECISION_CASES = list(itertools.product(S, DECISIONS))


@pytest.mark.parametrize(("start", "decision"), DECISION_CASES, ids=[f"{a}->{b}" for a, b in DECISION_CASES])
def test_decisions_only_under_review(leader_client, make_initiative, start, decision):
    initiative = make_initiative(start)
    response = leader_client.post(f"/initiatives/{initiative.id}/review", follow_redirects=True, data={
        "decision": decision.value, "comment": "Cần bổ sung số liệu", "measured_effect": "Giảm 30% thời gian chờ",
        "version": initiative.version,
    })
    assert response.status_code == 200
    after = _reload(initiative)
    if start == S.UNDER_REVIEW:
        assert after.status == decision
        assert after.review_comment == "Cần bổ sung số liệu"
        assert after.measured_effect == "Giảm 30% thời gian chờ"
        assert after.reviewed_at is not None
        assert {"recognised": "recognise", "returned": "return", "rejected": "reject"}[decision] in _events(after.id)
    else:
        assert after.status == start
        assert "Hãy bắt đầu xem xét" in response.get_data(as_text=True)


@pytest.mark.parametrize(("decision", "message"), [
    (S.RETURNED, "Hãy nêu những điểm đơn vị cần sửa"),
    (S.REJECTED, "Hãy nêu lý do không công nhận"),
])
def test_returning_or_rejecting_needs_a_comment(leader_client, make_initiative, decision, message):
    initiative = make_initiative(S.UNDER_REVIEW)
    response = leader_client.post(f"/initiatives/{initiative.id}/review",
                                  data={"decision": decision.value, "comment": "  ", "version": initiative.version})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in html and message in html
    assert _reload(initiative).status == S.UNDER_REVIEW


def test_recognising_needs_no_comment(leader_client, make_initiative):
    initiative = make_initiative(S.UNDER_REVIEW)
    leader_client.post(f"/initiatives/{initiative.id}/review",
                       data={"decision": "recognised", "version": initiative.version})
    assert _reload(initiative).status == S.RECOGNISED


def test_a_stale_review_is_refused_not_overwritten(app, client_as, make_initiative):
    """Two leaders open the same initiative; the second one to decide is told, and nothing changes."""
    first, second = client_as(Role.LEADER), client_as(Role.LEADER)
    initiative = make_initiative(S.UNDER_REVIEW)
    loaded_version = initiative.version
    first.post(f"/initiatives/{initiative.id}/review", data={"decision": "recognised", "version": loaded_version})
    response = second.post(f"/initiatives/{initiative.id}/review",
                           data={"decision": "rejected", "comment": "Trùng lặp", "version": loaded_version})
    assert response.status_code == 409
    assert "Không có gì bị ghi đè" in response.get_data(as_text=True)
    after = _reload(initiative)
    assert after.status == S.RECOGNISED and after.reviewer_id == first.user.id and after.review_comment == ""


# --- the unit's edits -----------------------------------------------------------------------


def _edit(client, initiative, **changes):
    data = {"year": initiative.year, "title": initiative.title, "description": initiative.description,
            "category": initiative.category.value, "version": initiative.version, **changes}
    return client.post(f"/initiatives/{initiative.id}/edit", data=data, follow_redirects=True)


@pytest.mark.parametrize("start", list(S))
def test_the_unit_edits_only_before_review_or_when_returned(unit_client, make_initiative, start):
    initiative = make_initiative(start, unit=unit_client.user.unit, review_comment="Bổ sung số liệu")
    response = _edit(unit_client, initiative, title="Tiêu đề mới")
    after = _reload(initiative)
    html = response.get_data(as_text=True)
    if start in (S.SUBMITTED, S.RETURNED):
        assert after.title == "Tiêu đề mới"
        assert after.status == S.SUBMITTED
        assert ("resubmit" in _events(after.id)) == (start == S.RETURNED)
    else:
        assert after.title == "Sáng kiến tiếp dân thân thiện" and after.status == start
        assert "không thể sửa" in html


def test_the_edit_page_of_an_initiative_under_review_says_why_it_is_closed(unit_client, make_initiative):
    initiative = make_initiative(S.UNDER_REVIEW, unit=unit_client.user.unit)
    response = unit_client.get(f"/initiatives/{initiative.id}/edit", follow_redirects=True)
    assert "Đã bắt đầu xem xét sáng kiến này" in response.get_data(as_text=True)
    assert 'name="title"' not in response.get_data(as_text=True)


def test_a_stale_unit_edit_keeps_the_text_and_overwrites_nothing(app, client_as, make_unit, make_initiative):
    unit = make_unit()
    first, second = client_as(Role.UNIT, unit=unit), client_as(Role.UNIT, unit=unit)
    initiative = make_initiative(S.SUBMITTED, unit=unit)
    loaded_version = initiative.version
    _edit(first, initiative, title="Bản của người thứ nhất")
    response = second.post(f"/initiatives/{initiative.id}/edit", data={
        "year": 2026, "title": "Bản của người thứ hai", "description": "Mô tả", "category": "other",
        "version": loaded_version,
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Bản của người thứ hai" in html and "Không có gì bị ghi đè" in html
    assert _reload(initiative).title == "Bản của người thứ nhất"


def test_the_unit_sees_the_reviewers_comment(unit_client, make_initiative):
    initiative = make_initiative(S.RETURNED, unit=unit_client.user.unit, review_comment="Thiếu số liệu khảo sát")
    assert "Thiếu số liệu khảo sát" in unit_client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)
    assert "Thiếu số liệu khảo sát" in unit_client.get("/initiatives/mine").get_data(as_text=True)
    assert "Thiếu số liệu khảo sát" in unit_client.get(f"/initiatives/{initiative.id}/edit").get_data(as_text=True)


def test_submitting_a_new_initiative(unit_client):
    response = unit_client.post("/initiatives/new", follow_redirects=True, data={
        "year": 2026, "title": "Hộp thư góp ý điện tử", "description": "Người dân góp ý qua mã QR",
        "category": "public_service_culture", "expected_effect": "Tăng mức hài lòng", "start_date": "2026-03-01",
    })
    assert response.status_code == 200
    initiative = db.session.scalar(select(Initiative))
    assert initiative.unit_id == unit_client.user.unit_id
    assert initiative.submitted_by_id == unit_client.user.id
    assert initiative.status == S.SUBMITTED
    assert initiative.start_date.isoformat() == "2026-03-01"
    assert "submit" in _events(initiative.id)


def test_a_new_initiative_with_missing_fields_says_which(unit_client):
    response = unit_client.post("/initiatives/new", data={"year": "1990", "title": "", "category": "other"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="invalid-feedback"') >= 3
    assert "Bắt buộc nhập trường này." in html and "This field is required." not in html
    assert db.session.scalar(select(Initiative)) is None


def test_an_edit_that_does_not_say_which_version_it_read_is_refused(unit_client, make_initiative):
    initiative = make_initiative(S.SUBMITTED, unit=unit_client.user.unit)
    response = unit_client.post(f"/initiatives/{initiative.id}/edit", data={
        "year": 2026, "title": "Không rõ phiên bản", "description": "Mô tả", "category": "other"})
    assert response.status_code == 409
    assert _reload(initiative).title == "Sáng kiến tiếp dân thân thiện"


def test_an_initiative_submitted_after_its_years_deadline_is_marked_late(as_user, make_user, make_initiative,
                                                                          time_machine):
    time_machine.move_to(datetime(2026, 11, 5, 3, 0, tzinfo=UTC), tick=False)
    unit_client = as_user(make_user(Role.UNIT))
    in_time = make_initiative(S.SUBMITTED, year=2026, title="Nộp đúng hạn", unit=unit_client.user.unit,
                              created_at=datetime(2026, 10, 30, 3, 0, tzinfo=UTC))

    response = unit_client.post("/initiatives/new", follow_redirects=True, data={
        "year": 2026, "title": "Nộp sau hạn", "description": "Mô tả", "category": "other"})
    html = response.get_data(as_text=True)
    assert "Sáng kiến được nộp sau thời hạn năm 2026 (31/10/2026)" in html and "Nộp muộn" in html

    late = db.session.scalar(select(Initiative).where(Initiative.title == "Nộp sau hạn"))
    registry = as_user(make_user(Role.LEADER)).get("/initiatives/?year=2026").get_data(as_text=True)
    rows = {title: row for row in registry.split("<tr>")[1:] for title in (late.title, in_time.title) if title in row}
    assert "Nộp muộn" in rows[late.title] and "Nộp muộn" not in rows[in_time.title]
    assert "Nộp muộn" not in unit_client.get(f"/initiatives/{in_time.id}").get_data(as_text=True)
