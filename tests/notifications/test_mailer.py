"""Sending: through a real SMTP server, in the recipient's language, both parts, retried."""

from __future__ import annotations

import logging

from inspection.extensions import db
from inspection.notifications.compose import Content
from inspection.notifications.mailer import RETRY_DELAY
from inspection.notifications.operations import notify
from inspection.urls import external_url
from models import Notice, NoticeStatus, Role, Topic
from tests.notifications.conftest import mails_to, run_retries


def _hello(user):
    from flask_babel import gettext as _

    return Content(subject=_("Log out"), paragraphs=[_("Log out")], link=external_url("auth.home"),
                   link_label=_("Open"))


def test_a_notice_reaches_the_smtp_server_once_in_the_recipients_language(app, smtp, make_user):
    vi = make_user(Role.LEADER, email="lanh.dao@so.gov.vn")
    en = make_user(Role.LEADER, email="leader@so.gov.vn", locale="en")
    notify(Topic.RECORD_SUBMITTED, "test:1", [vi, en], _hello)
    notify(Topic.RECORD_SUBMITTED, "test:1", [vi, en], _hello)  # the same event again: nothing more
    db.session.commit()

    [vi_mail] = mails_to(smtp, "lanh.dao@so.gov.vn")
    [en_mail] = mails_to(smtp, "leader@so.gov.vn")
    assert len(smtp.received) == 2
    assert vi_mail.subject == "Đăng xuất" and en_mail.subject == "Log out"
    assert "Kính gửi" in vi_mail.text and "Dear" in en_mail.text
    assert "http://127.0.0.1:5000/" in vi_mail.text and 'href="http://127.0.0.1:5000/"' in vi_mail.html
    assert vi_mail.message["Content-Language"] == "vi"
    assert db.session.scalar(db.select(db.func.count()).select_from(Notice)) == 2
    assert {n.status for n in db.session.scalars(db.select(Notice))} == {NoticeStatus.SENT}


def test_nothing_is_sent_when_the_change_is_rolled_back(app, smtp, make_user):
    user = make_user(Role.LEADER, email="a@so.gov.vn")
    notify(Topic.RECORD_SUBMITTED, "test:2", [user], _hello)
    db.session.rollback()
    db.session.commit()
    assert smtp.received == []


def test_a_savepoint_inside_the_action_sends_nothing_before_the_action_commits(app, smtp, make_user):
    user = make_user(Role.LEADER, email="a@so.gov.vn")
    notify(Topic.RECORD_SUBMITTED, "test:4", [user], _hello)
    with db.session.begin_nested():  # e.g. numbering a record in the same transaction
        pass
    assert smtp.received == []
    db.session.commit()
    assert len(mails_to(smtp, "a@so.gov.vn")) == 1


def test_a_savepoint_rolled_back_inside_the_action_keeps_its_notices(app, smtp, make_user):
    user = make_user(Role.LEADER, email="a@so.gov.vn")
    notify(Topic.RECORD_SUBMITTED, "test:5", [user], _hello)
    try:
        with db.session.begin_nested():  # e.g. a counter's first row taken by someone else meanwhile
            raise ValueError("a refused step")
    except ValueError:
        pass
    db.session.commit()
    assert len(mails_to(smtp, "a@so.gov.vn")) == 1


def test_a_send_that_fails_twice_then_succeeds_is_delivered_once(app, smtp, make_user):
    user = make_user(Role.LEADER, email="a@so.gov.vn")
    smtp.fail = 2
    notify(Topic.RECORD_SUBMITTED, "test:3", [user], _hello)
    db.session.commit()  # the first attempt fails; the action that caused it is done all the same
    assert smtp.received == [] and smtp.refused == 1

    waits = run_retries()

    assert len(mails_to(smtp, "a@so.gov.vn")) == 1 and smtp.refused == 2
    assert [round(w / RETRY_DELAY) for w in waits] == [1, 2]  # retried twice, the wait doubling
    notice = db.session.scalar(db.select(Notice))
    db.session.refresh(notice)
    assert (notice.status, notice.attempts) == (NoticeStatus.SENT, 3)


def test_without_a_mail_server_mails_go_to_the_log_and_the_admins_list(app, make_user, client_as, caplog):
    user = make_user(Role.LEADER, email="a@so.gov.vn", full_name="Nguyễn Văn Lãnh")
    with caplog.at_level(logging.INFO, logger="inspection.notifications.mailer"):
        notify(Topic.INITIATIVE_SUBMITTED, "test:4", [user], _hello)
        db.session.commit()
    assert "a@so.gov.vn" in caplog.text and "Đăng xuất" in caplog.text
    notice = db.session.scalar(db.select(Notice))
    db.session.refresh(notice)
    assert notice.status == NoticeStatus.LOGGED

    admin = client_as(Role.ADMIN)
    page = admin.get("/admin/mail").get_data(as_text=True)
    assert "a@so.gov.vn" in page and "Đăng xuất" in page
    detail = admin.get(f"/admin/mail/{notice.id}").get_data(as_text=True)
    assert "Kính gửi Nguyễn Văn Lãnh" in detail
    assert admin.get(f"/admin/mail/{notice.id}/html").status_code == 200
    assert client_as(Role.LEADER).get("/admin/mail").status_code == 403


def test_links_are_built_from_the_base_url_in_the_worker_too(app):
    app.config.update(SERVER_NAME=None, BASE_URL="https://kiemtra.example.gov.vn/")
    try:
        assert external_url("notifications.preferences") == "https://kiemtra.example.gov.vn/account/notices"
    finally:
        app.config.update(SERVER_NAME="localhost", BASE_URL="http://127.0.0.1:5000")


def test_a_savepoint_inside_the_change_does_not_send_before_the_change_commits(app, smtp, make_user):
    user = make_user(Role.LEADER, email="a@so.gov.vn")
    notify(Topic.RECORD_SUBMITTED, "test:5", [user], _hello)
    with db.session.begin_nested():  # e.g. the next number of a document, taken in a savepoint
        pass
    assert smtp.received == []

    db.session.commit()

    assert len(mails_to(smtp, "a@so.gov.vn")) == 1
