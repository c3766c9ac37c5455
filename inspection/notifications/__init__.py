"""E-mail notices: who is told what and when, the mails sent (or logged, listed for admins),
each person's choice of notices, the reminders and the leaders' weekly digest."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("notifications", __name__, template_folder="templates")

nav.register("notifications.mail_log", _l("Mails sent"), roles={Role.ADMIN}, order=908,
             active_prefix="notifications.mail", group=nav.ADMINISTRATION)

from inspection.notifications import views  # noqa: E402,F401  (routes register on import)
