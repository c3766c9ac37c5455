"""The load benchmark's closing check finds a lost draft answer and a submission stored that no
tablet sent; it passes what the tablets' requests did store."""

from __future__ import annotations

from benchmarks.web import Ledger, check
from inspection.extensions import db
from tests.checklists.conftest import answers_for, item_id


def test_the_check_passes_what_was_stored_and_finds_what_was_lost(inspector_client, started, default_template):
    b1 = item_id(default_template, "B1")
    url = f"/checklists/responses/{started.id}/draft"
    saved = inspector_client.post(url, json={"version": started.version, "answers": {b1: {"choice": "P"}}})
    ledger = Ledger()
    ledger.draft_accepted(started.id, {int(b1): {"choice": "P"}})
    problems, summary = check(db.engine, ledger)
    assert problems == [] and "1 saved answers of 1 checklists still open" in summary

    ledger.draft_accepted(started.id, {int(b1): {"choice": "N"}})  # as if the server had lost it
    assert check(db.engine, ledger)[0] == [f"response {started.id}: the saved draft answer of item {b1} is lost"]
    ledger.draft_unanswered(started.id, {int(b1): {"choice": "P"}})  # …unless a later unanswered save sent "P"
    assert check(db.engine, ledger)[0] == []

    answers = answers_for(default_template)
    body = {"client_id": "c0ffee00-1111-2222-3333-444455556688", "version": saved.json["version"], "answers": answers}
    assert inspector_client.post(f"/checklists/responses/{started.id}/submit", json=body).status_code == 200
    assert "1 submissions stored that no tablet sent" in check(db.engine, ledger)[0]
    sent = {int(k): v for k, v in answers.items()}
    ledger.submitted[started.id] = (body["client_id"], sent)
    problems, summary = check(db.engine, ledger)
    assert problems == [] and "1 accepted (0 sent twice), 1 stored exactly once" in summary
