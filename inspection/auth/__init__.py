"""Logging in and out, and choosing the interface language."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from inspection.auth import views  # noqa: E402,F401  (routes register on import)
