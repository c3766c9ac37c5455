"""The organisation, managed by admins: users, units, inspectors, holidays, settings, audit log."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("orgs", __name__, template_folder="templates", url_prefix="/admin")

for _order, (_endpoint, _label) in enumerate(
    (
        ("orgs.users", _l("Users")),
        ("orgs.units", _l("Units")),
        ("orgs.inspectors", _l("Inspectors")),
        ("orgs.holidays", _l("Holidays")),
        ("orgs.unit_import_upload", _l("Import units")),
        ("orgs.audit_log", _l("Audit log")),
    ),
    start=900,
):
    nav.register(_endpoint, _label, roles={Role.ADMIN}, order=_order, active_prefix=_endpoint)

from inspection.orgs import views  # noqa: E402,F401  (routes register on import)
