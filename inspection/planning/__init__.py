"""Inspection programmes: risk weights, solving in the background, the plan, re-planning, import/export."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("planning", __name__, template_folder="templates", url_prefix="/planning")

nav.register("planning.programmes", _l("Programmes"), roles={Role.PLANNER, Role.LEADER}, order=20,
             active_prefix="planning.")
nav.register("planning.risk_settings", _l("Risk weight settings"), roles={Role.ADMIN}, order=950,
             active_prefix="planning.risk_settings", group=nav.ADMINISTRATION)

from inspection.planning.texts import plan_status  # noqa: E402

#: ``revision.status|plan_status``: the planner's status word in the user's language, on any page.
bp.add_app_template_filter(plan_status, "plan_status")

from inspection.planning import views  # noqa: E402,F401  (routes register on import)
