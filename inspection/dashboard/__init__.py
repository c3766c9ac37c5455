"""The leaders' dashboard: coverage, results, actions, initiatives and service targets."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("dashboard", __name__, template_folder="templates", url_prefix="/dashboard")

nav.register("dashboard.index", _l("Dashboard"), roles={Role.LEADER, Role.PLANNER, Role.ADMIN}, order=10)

from inspection.dashboard import views  # noqa: E402,F401
