"""Inspection programmes: risk weights, solving in the background, the plan, edits, publishing."""

from flask import Blueprint

bp = Blueprint("planning", __name__, template_folder="templates", url_prefix="/planning")
