"""Units' monthly service indicators: entry by units, import by admins."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("indicators", __name__, template_folder="templates", url_prefix="/indicators")

nav.register("indicators.index", _l("Service indicators"), roles={Role.UNIT, Role.ADMIN}, order=70)

from inspection.indicators import views  # noqa: E402,F401
