"""Redis unreachable (REDIS_URL pointing at a closed port): logins go on, a solve request says the
queue is unavailable in plain words (tests/planning/test_queue_down.py), and a job worker exits with
status 1 for its supervisor."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading

import pytest
from huey import SqliteHuey

from inspection import jobs
from inspection.config import PROJECT_ROOT


def closed_port() -> int:
    """A port nothing listens on: a connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis() -> str:
    return f"redis://127.0.0.1:{closed_port()}/0"


def _environment(tmp_path, dead_redis: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "APP_ENV", "RATELIMIT_STORAGE_URI")}
    env.update(REDIS_URL=dead_redis, INSPECTION_INSTANCE_PATH=str(tmp_path), PYTHONPATH=str(PROJECT_ROOT))
    return env


LOGINS = textwrap.dedent("""
    import logging, sys
    from werkzeug.security import generate_password_hash
    from inspection import create_app
    from inspection.extensions import db
    from models import Role, User

    logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="%(name)s %(message)s")
    app = create_app("development", WTF_CSRF_ENABLED=False, LOGIN_FAILURES_PER_MINUTE=3)
    with app.app_context():
        db.create_all()
        db.session.add(User(username="lan", full_name="Lan", role=Role.PLANNER,
                            password_hash=generate_password_hash("mat khau dung")))
        db.session.commit()
    client = app.test_client()
    print("login", client.post("/login", data={"username": "lan", "password": "mat khau dung"}).status_code)
    wrong = app.test_client()
    print("wrong", [wrong.post("/login", data={"username": "lan", "password": "sai"}).status_code for _ in range(4)])
""")


def test_logins_work_and_stay_throttled_when_redis_is_down(tmp_path, dead_redis):
    done = subprocess.run([sys.executable, "-c", LOGINS], env=_environment(tmp_path, dead_redis),
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "login 302" in done.stdout  # logged in, not a 500
    assert "wrong [200, 200, 200, 429]" in done.stdout  # the fourth failure in a minute is refused, from memory
    assert "falling back to in-memory storage" in done.stdout


def test_a_worker_that_cannot_reach_its_queue_exits_with_status_1(tmp_path, dead_redis):
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker"],
                          env=_environment(tmp_path, dead_redis), capture_output=True, text=True, timeout=180,
                          cwd=PROJECT_ROOT)  # a worker that stayed up would time out here
    assert done.returncode == 1
    assert "the job queue cannot be reached" in done.stderr


def test_a_worker_whose_queue_goes_away_stops_with_status_1(tmp_path, monkeypatch):
    answers = iter([None, None])
    monkeypatch.setattr(jobs, "queue_error", lambda: next(answers, ConnectionError("Connection refused")))
    consumer = jobs.QueueWatchingConsumer(SqliteHuey("watch-test", filename=str(tmp_path / "queue.db")), workers=1,
                                          worker_type="thread", give_up_after=0.3, probe_every=0.05)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    safeguard = threading.Timer(60, consumer.stop)  # ends a consumer that would not stop by itself
    safeguard.start()
    try:
        consumer.run()
    finally:
        safeguard.cancel()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert consumer.queue_lost
