"""The admins' list of mails, and each person's choice of notices."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspection.extensions import db
from inspection.labels import choices
from inspection.notifications import bp, operations, queries
from inspection.notifications.compose import locale_of
from inspection.notifications.forms import chosen_topics, preferences_form
from inspection.notifications.topics import topics_for
from inspection.security import HIDDEN, notice_read_by, roles_required
from models import Notice, NoticeStatus, Role


def _status() -> NoticeStatus | None:
    value = request.args.get("status") or None
    if value is None:
        return None
    try:
        return NoticeStatus(value)
    except ValueError:
        abort(404)


@bp.route("/admin/mail")
@roles_required(Role.ADMIN)
def mail_log():
    status = _status()
    page = db.paginate(queries.mail_log(status), per_page=queries.PER_PAGE, error_out=False)
    args = {"status": status.value} if status else {}
    return render_template("notifications/mail_log.html", page=page, status=status, args=args,
                           statuses=choices(NoticeStatus), hidden=HIDDEN,
                           readable=lambda notice: notice_read_by(current_user, notice))


def _readable_notice_or_404(notice_id: int) -> Notice:
    """A mail the admin may read: one about the plan tells what admins do not see (404)."""
    notice = db.get_or_404(Notice, notice_id)
    if not notice_read_by(current_user, notice):
        abort(404)
    return notice


@bp.route("/admin/mail/<int:notice_id>")
@roles_required(Role.ADMIN)
def mail_detail(notice_id: int):
    return render_template("notifications/mail_detail.html", notice=_readable_notice_or_404(notice_id))


@bp.route("/account/notices", methods=["GET", "POST"])
def preferences():
    topics = topics_for(current_user)
    form = preferences_form(topics, queries.received_topics(current_user), locale_of(current_user))
    if form.validate_on_submit():
        operations.save_choices(current_user, chosen_topics(form, topics), topics)
        current_user.locale = form.locale.data
        db.session.commit()
        flash(_("Your choice of notices is saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, topics=topics)


@bp.route("/admin/mail/<int:notice_id>/html")
@roles_required(Role.ADMIN)
def mail_html(notice_id: int):
    """The HTML part as the recipient's mail program shows it."""
    return _readable_notice_or_404(notice_id).html_body
