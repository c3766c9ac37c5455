"""The organisation, managed by admins: users, units, inspectors, holidays, settings, audit log."""

from flask import Blueprint

bp = Blueprint("orgs", __name__, template_folder="templates", url_prefix="/admin")
