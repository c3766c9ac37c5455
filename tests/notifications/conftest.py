"""A real SMTP server (aiosmtpd) on a free local port, and the mails it received."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from inspection.extensions import db
from inspection.jobs import huey
from models import Role
from tests.schedule import conftest as schedule_world

#: The schedule tests' organisation and planned programme, shared.
org = schedule_world.org
planned = schedule_world.planned


@dataclass
class Mail:
    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()


@dataclass
class Handler:
    """Keeps every accepted mail; refuses the next ``fail`` ones with a temporary error."""

    received: list[Mail] = field(default_factory=list)
    fail: int = 0
    refused: int = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail:
            self.fail -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.received.append(Mail(list(envelope.rcpt_tos), message_from_bytes(envelope.content,
                                                                              policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def _smtp():
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def smtp(app, _smtp):
    """The server's handler, emptied; the app sends to it for the test."""
    controller, handler = _smtp
    handler.received.clear()
    handler.fail = handler.refused = 0
    huey.storage.flush_all()
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port)
    yield handler
    app.config.update(saved)
    huey.storage.flush_all()


def mails_to(handler: Handler, address: str) -> list[Mail]:
    return [m for m in handler.received if address in m.to]


def run_retries() -> list[float]:
    """Run at once the sends the worker would retry later; returns, for each, how many seconds
    after it was scheduled it was due."""
    waits = []
    while scheduled := huey.read_schedule(_far_future()):
        for task in scheduled:
            waits.append((task.eta - datetime.now()).total_seconds())
            huey.execute(task, timestamp=task.eta)
    return waits


def _far_future():
    return datetime.now() + timedelta(days=365)


@pytest.fixture
def people(planned, make_user):
    """The schedule tests' planned programme, with an address for everyone who may be told, and
    a focal point for each unit (unit A's reads English)."""
    for name, user in planned["users"].items():
        user.email = f"{_ascii(name)}@so.gov.vn"
    planned["focal"] = {
        code: make_user(Role.UNIT, unit=unit, email=f"unit.{code.lower()}@so.gov.vn",
                        locale="en" if code == "A" else None)
        for code, unit in planned["units"].items()
    }
    planned["planner"].email = "planner@so.gov.vn"
    db.session.commit()
    return planned


def _ascii(name: str) -> str:
    return {"An": "an", "Bình": "binh", "Chi": "chi", "Dũng": "dung"}[name]


def addresses(handler: Handler) -> list[str]:
    return sorted(address for mail in handler.received for address in mail.to)
