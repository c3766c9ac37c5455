"""Units' monthly service indicators: entry by units, import by admins."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, template_folder="templates", url_prefix="/indicators")
