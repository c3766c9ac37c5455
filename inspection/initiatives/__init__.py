"""The registry of initiatives: units submit, leaders review, everyone sees who is missing."""

from flask import Blueprint

bp = Blueprint("initiatives", __name__, template_folder="templates", url_prefix="/initiatives")
