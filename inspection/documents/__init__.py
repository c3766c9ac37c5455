"""Official documents: the administrative form every printed record, plan and report follows
(Nghị định 30/2020/NĐ-CP, Phụ lục I), their numbers, their PDF, and the settings admins edit."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from inspection import nav
from models import Role

bp = Blueprint("documents", __name__, template_folder="templates", url_prefix="/admin/documents")

nav.register("documents.settings", _l("Document header"), roles={Role.ADMIN}, order=906,
             active_prefix="documents.", group=nav.ADMINISTRATION)

from inspection.documents import views  # noqa: E402,F401  (routes register on import)
