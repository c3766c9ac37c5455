"""The page of a background import, for the admin who confirmed it only."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from inspection.imports import bp
from inspection.imports.operations import LISTS, importer
from inspection.security import roles_required
from models import ImportJob, JobStatus, Role, db


@bp.route("/<int:job_id>")
@roles_required(Role.ADMIN)
def show(job_id: int):
    job = db.session.get(ImportJob, job_id)
    if job is None or job.user_id != current_user.id:
        abort(404)
    done = importer(job.kind).done_message(job.created, job.updated) if job.status == JobStatus.DONE else None
    return render_template("imports/show.html", job=job, done=done, list_endpoint=LISTS[job.kind])
