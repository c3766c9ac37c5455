"""Checklist templates, filling checklists on site, inspection records, findings and actions."""

from flask import Blueprint

bp = Blueprint("checklists", __name__, template_folder="templates", url_prefix="/checklists")
