"""A draft or a submission that cannot be read is refused with a message; nothing is saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from inspection.extensions import db
from models import Answer
from tests.checklists.conftest import item_id

JSON = {"Accept": "application/json"}
UNREADABLE = "Không đọc được yêu cầu: đây không phải dữ liệu phiếu kiểm tra hợp lệ."


def _answers() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


@pytest.mark.parametrize("answers", ["{bad", "{" * 50_000, "[1, 2]", '"text"'])
def test_a_draft_posted_as_a_form_with_unreadable_answers_is_refused(inspector_client, started, answers):
    response = inspector_client.post(f"/checklists/responses/{started.id}/draft", headers=JSON,
                                     data={"version": started.version, "answers": answers})
    assert response.status_code == 400
    assert response.json["message"] in (UNREADABLE, "Không đọc được các câu trả lời.")
    assert _answers() == 0


def test_a_json_draft_nested_50000_deep_is_refused(inspector_client, started):
    body = '{"answers": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = inspector_client.post(f"/checklists/responses/{started.id}/draft", data=body, headers=JSON,
                                     content_type="application/json")
    assert response.status_code == 400
    assert response.json["message"] == UNREADABLE


@pytest.mark.parametrize("value", [{"choice": ["C"]}, {"choice": {"a": 1}}, {"choice": 3},
                                   {"number": "1e30"}, {"number": "99999999999"}, {"number": [1]}])
def test_answers_of_the_wrong_type_or_size_are_refused_with_the_item(inspector_client, started, default_template,
                                                                     value):
    for code in ("B1", "A1", "A2"):
        response = inspector_client.post(f"/checklists/responses/{started.id}/draft", headers=JSON,
                                         json={"version": started.version,
                                               "answers": {item_id(default_template, code): value}})
        assert response.status_code in (200, 400), response.get_data(as_text=True)
        if response.status_code == 400:
            assert response.json["message"]
    assert _answers() == 0 or all(a.number is None or a.number < 10**8 for a in db.session.scalars(select(Answer)))
