"""The admins' list of mails, and each person's choice of notices."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspection.extensions import db
from inspection.labels import choices
from inspection.notifications import bp, operations, queries
from inspection.notifications.forms import chosen_topics, preferences_form
from inspection.notifications.topics import topics_for
from inspection.security import roles_required
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
                           statuses=choices(NoticeStatus))


@bp.route("/admin/mail/<int:notice_id>")
@roles_required(Role.ADMIN)
def mail_detail(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    return render_template("notifications/mail_detail.html", notice=notice)


@bp.route("/account/notices", methods=["GET", "POST"])
def preferences():
    topics = topics_for(current_user)
    form = preferences_form(topics, queries.received_topics(current_user),
                            current_user.locale or "vi")
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
    return db.get_or_404(Notice, notice_id).html_body
