"""Large exports made in the background: the export's page (progress, then the download link)."""

from flask import Blueprint

bp = Blueprint("exports", __name__, template_folder="templates", url_prefix="/exports")

from inspection.exports import views  # noqa: E402,F401
