"""A solve requested while Redis is unreachable says so in plain words and frees the programme."""

from __future__ import annotations

from huey import RedisHuey

from inspection.extensions import db
from inspection.planning import tasks
from models import SolveJob, SolveJobStatus
from tests.test_redis_down import closed_port


def test_a_solve_request_says_the_queue_is_unavailable(app, org, planner_client, monkeypatch):
    dead_queue = RedisHuey("inspection-test", url=f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.setattr(tasks, "run_solve", dead_queue.task()(lambda job_id: None))
    programme = org["programme"]

    response = planner_client.post(f"/planning/programmes/{programme.id}/solve", follow_redirects=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không kết nối được hàng đợi xử lý nền; vui lòng thử lại sau." in html
    assert "ConnectionError" not in html and "Connection refused" not in html
    job = db.session.scalars(db.select(SolveJob)).one()
    assert job.status == SolveJobStatus.FAILED and "ConnectionError" not in job.error
    plan_page = planner_client.get(f"/planning/programmes/{programme.id}").get_data(as_text=True)
    assert "ConnectionError" not in plan_page
