"""Checklist templates, filling checklists on site, inspection records, findings and actions."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("checklists", __name__, template_folder="templates", url_prefix="/checklists")

nav.register("checklists.my_inspections", _l("My inspections"), roles={Role.INSPECTOR}, order=20,
             active_prefix="checklists.my")
nav.register("checklists.records", _l("Inspection records"), roles={Role.LEADER, Role.PLANNER, Role.UNIT}, order=40,
             active_prefix="checklists.record")
nav.register("checklists.actions", _l("Corrective actions"),
             roles={Role.UNIT, Role.INSPECTOR, Role.LEADER, Role.PLANNER}, order=45,
             active_prefix="checklists.action")
nav.register("checklists.templates", _l("Checklist templates"), roles={Role.ADMIN}, order=80,
             active_prefix="checklists.template", group=nav.ADMINISTRATION)

from inspection.checklists import views  # noqa: E402,F401  (routes register on import)
