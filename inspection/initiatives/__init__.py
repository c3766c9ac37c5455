"""The registry of initiatives: units submit, leaders review, everyone sees who is missing."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from inspection.initiatives import search
from models import Role

bp = Blueprint("initiatives", __name__, template_folder="templates", url_prefix="/initiatives")

search.install()
nav.register("initiatives.registry", _l("Initiatives"), roles={Role.LEADER, Role.PLANNER, Role.ADMIN}, order=60)
nav.register("initiatives.mine", _l("Our initiatives"), roles={Role.UNIT}, order=60)

from inspection.initiatives import views  # noqa: E402,F401  (routes register on import)
