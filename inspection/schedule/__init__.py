"""The plan after solving: hand edits and revisions, publishing, the surprise reveal, and what each
role sees of the schedule (lists, calendar feeds, exports, print)."""

from flask import Blueprint

bp = Blueprint("schedule", __name__, template_folder="templates", url_prefix="/schedule")
