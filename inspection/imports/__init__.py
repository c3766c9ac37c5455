"""Large imports applied in the background: the import's page (progress, then what it did)."""

from flask import Blueprint

bp = Blueprint("imports", __name__, template_folder="templates", url_prefix="/imports")

from inspection.imports import views  # noqa: E402,F401
