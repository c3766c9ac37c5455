"""The leaders' dashboard: coverage, results, actions, initiatives and service targets."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, template_folder="templates", url_prefix="/dashboard")
