"""The organisation, managed by admins: users, units, inspectors, holidays, settings, audit log."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("orgs", __name__, template_folder="templates", url_prefix="/admin")

#: (endpoint, label, prefix of the endpoints where the entry shows as the current page)
for _order, (_endpoint, _label, _prefix) in enumerate(
    (
        ("orgs.users", _l("Users"), "orgs.user"),
        ("orgs.units", _l("Units"), "orgs.units"),
        ("orgs.inspectors", _l("Inspectors"), "orgs.inspector"),
        ("orgs.holidays", _l("Holidays"), "orgs.holiday"),
        ("orgs.unit_import_upload", _l("Import units"), "orgs.unit_import"),
    ),
    start=900,
):
    nav.register(_endpoint, _label, roles={Role.ADMIN}, order=_order, active_prefix=_prefix,
                 group=nav.ADMINISTRATION)
nav.register("orgs.audit_log", _l("Audit log"), roles={Role.ADMIN, Role.PLANNER, Role.LEADER}, order=905,
             active_prefix="orgs.audit", group=nav.ADMINISTRATION)
nav.register("orgs.availability", _l("Leave and unavailable days"), roles={Role.ADMIN, Role.PLANNER}, order=25,
             active_prefix="orgs.availability")

from inspection.orgs import views  # noqa: E402,F401  (routes register on import)
