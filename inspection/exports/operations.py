"""An export of more than :data:`BACKGROUND_ROWS` rows is made by the job worker, not by the web
request: the request queues an :class:`~models.ExportJob` and sends the person to its page, which
shows the progress and then the download link; the file is kept as a stored file
(:mod:`inspection.uploads`) that only they may download.

Each kind of export names its maker in :data:`MAKERS`: ``make(params, user) -> (bytes, file name)``,
run with the user's view of the data and in the language they asked in.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from flask import redirect, url_for
from flask_babel import force_locale, get_locale
from werkzeug.wrappers import Response

from inspection import clock, uploads
from inspection.jobs import claim_row, task
from models import ExportJob, ExportStatus, FilePurpose, User, db

#: Rows above which an export is made in the background (a few seconds of work at most inline).
BACKGROUND_ROWS = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Export kind → "module:function" of its maker.
MAKERS = {
    "dashboard": "inspection.dashboard.export:made_for",
    "registry": "inspection.initiatives.export:made_for",
    "schedule": "inspection.schedule.exports:made_for",
}


def in_background(rows: int) -> bool:
    return rows > BACKGROUND_ROWS


def start(kind: str, params: dict, user: User) -> Response:
    """Queue the export for ``user`` and send them to its page."""
    job = ExportJob(kind=kind, params={**params, "locale": str(get_locale())}, user_id=user.id)
    db.session.add(job)
    db.session.commit()
    make_export(job.id)
    return redirect(url_for("exports.show", job_id=job.id))


def _maker(kind: str) -> Callable[[dict, User], tuple[bytes, str]]:
    module, name = MAKERS[kind].split(":")
    return getattr(import_module(module), name)


def _claim(job_id: int) -> ExportJob | None:
    """Take the queued job (a job delivered twice is made once)."""
    if not claim_row(ExportJob, job_id, ExportStatus.QUEUED, ExportStatus.RUNNING, progress=10):
        return None
    return db.session.get(ExportJob, job_id)


@task()
def make_export(job_id: int) -> None:
    job = _claim(job_id)
    if job is None:
        return
    user = db.session.get(User, job.user_id)
    try:
        with force_locale(job.params.get("locale") or "vi"):
            data, name = _maker(job.kind)(job.params, user)
    except Exception as error:
        db.session.rollback()
        job.status, job.error, job.finished_at = ExportStatus.FAILED, str(error)[:500], clock.utcnow()
        db.session.commit()
        raise
    job.file = uploads.store(uploads.Upload(data, XLSX, name), FilePurpose.EXPORT, user)
    job.status, job.progress, job.finished_at = ExportStatus.DONE, 100, clock.utcnow()
    db.session.commit()
