"""The plan after solving: hand edits and revisions, publishing, the surprise reveal, and what each
role sees of the schedule (lists, calendar feeds, exports, print)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("schedule", __name__, template_folder="templates", url_prefix="/schedule")

nav.register("schedule.inspections", _l("Schedule"),
             roles={Role.PLANNER, Role.LEADER, Role.INSPECTOR, Role.UNIT}, order=30)

from inspection.schedule import plan_document, views  # noqa: E402,F401  (routes register on import)
