"""Bad input on the initiatives' forms: a message beside the field (or the conflict message),
never a 500, and nothing saved."""

from __future__ import annotations

import pytest

from inspection.extensions import db
from models import Initiative, InitiativeStatus
from tests.orgs.conftest import error_beside

STALE = "Người khác đã thay đổi nội dung này sau khi bạn mở trang"


@pytest.mark.parametrize("version", ["abc", "1e5", "-1", "99999999999999999999999", "1.5"])
def test_an_unreadable_version_on_edit_is_a_conflict(unit_client, make_initiative, version):
    initiative = make_initiative(unit=unit_client.user.unit)
    response = unit_client.post(f"/initiatives/{initiative.id}/edit", data={
        "year": 2026, "title": "Tên mới", "description": "Mô tả", "category": "other", "version": version})
    assert response.status_code == 409
    assert STALE in response.get_data(as_text=True)
    assert db.session.get(Initiative, initiative.id).title != "Tên mới"


@pytest.mark.parametrize("version", ["abc", "99999999999999999999999"])
def test_an_unreadable_version_on_review_is_a_conflict(leader_client, make_initiative, version):
    submitted = make_initiative(InitiativeStatus.SUBMITTED)
    under_review = make_initiative(InitiativeStatus.UNDER_REVIEW)
    start = leader_client.post(f"/initiatives/{submitted.id}/review/start", data={"version": version})
    decide = leader_client.post(f"/initiatives/{under_review.id}/review",
                                data={"decision": "recognised", "version": version})
    assert (start.status_code, decide.status_code) == (303, 409)
    assert db.session.get(Initiative, submitted.id).status == InitiativeStatus.SUBMITTED
    assert db.session.get(Initiative, under_review.id).status == InitiativeStatus.UNDER_REVIEW


def test_a_description_of_100000_characters_is_refused_beside_the_field(unit_client):
    response = unit_client.post("/initiatives/new", data={
        "year": 2026, "title": "Sáng kiến dài", "description": "x" * 100_000, "category": "other"})
    assert error_beside(response.get_data(as_text=True), "description") == "Tối đa 10000 ký tự."
    assert db.session.query(Initiative).count() == 0
