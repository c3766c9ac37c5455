"""The page of a background export and its download, for the person who asked for it only."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from inspection import uploads
from inspection.exports import bp
from models import ExportJob, JobStatus, db


def _own_job(job_id: int) -> ExportJob:
    job = db.session.get(ExportJob, job_id)
    if job is None or job.user_id != current_user.id:
        abort(404)
    return job


@bp.route("/<int:job_id>")
@login_required
def show(job_id: int):
    job = _own_job(job_id)
    return render_template("exports/show.html", job=job)


@bp.route("/<int:job_id>/file")
@login_required
def download(job_id: int):
    job = _own_job(job_id)
    if job.status != JobStatus.DONE:
        abort(404)
    return uploads.send(job.file, as_attachment=True)
