"""An export of more than :data:`BACKGROUND_ROWS` rows (:data:`PDF_BACKGROUND_ROWS` for a PDF,
whose rows take far longer to lay out) is made by the job worker, not by the web request: the
request queues an :class:`~models.ExportJob` and sends the person to its page, which shows the
progress and then the download link; the file is kept as a stored file
(:mod:`inspection.uploads`) that only they may download.

Each kind of export names its maker in :data:`MAKERS`: ``make(params, user) -> (bytes, file name)``,
run with the user's view of the data and in the language they asked in.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from flask import current_app, redirect, url_for
from flask_babel import force_locale, get_locale
from werkzeug.wrappers import Response

from inspection import clock, uploads
from inspection.jobs import claim_row, task
from models import ExportJob, FilePurpose, JobStatus, User, db

#: Rows above which an export is made in the background (a few seconds of work at most inline).
BACKGROUND_ROWS = 1000
#: The same for a PDF: the plan's takes about 6 ms a row, the dashboard's report about 17.
PDF_BACKGROUND_ROWS = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A made file's type, by the end of its name.
CONTENT_TYPES = {".xlsx": XLSX, ".pdf": "application/pdf"}
#: Export kind → "module:function" of its maker.
MAKERS = {
    "dashboard": "inspection.dashboard.export:made_for",
    "registry": "inspection.initiatives.export:made_for",
    "schedule": "inspection.schedule.exports:made_for",
    "plan_pdf": "inspection.schedule.plan_document:made_for",
    "report_pdf": "inspection.dashboard.report:made_for",
}


def in_background(rows: int, pdf: bool = False) -> bool:
    return rows > (PDF_BACKGROUND_ROWS if pdf else BACKGROUND_ROWS)


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
    if not claim_row(ExportJob, job_id, JobStatus.QUEUED, JobStatus.RUNNING, progress=10):
        return None
    return db.session.get(ExportJob, job_id)


@task()
def make_export(job_id: int) -> None:
    job = _claim(job_id)
    if job is None:
        return
    user = db.session.get(User, job.user_id)
    try:
        # A request of its own, at BASE_URL: a document's stylesheets and images are found by their
        # addresses, as in the web request.
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]), \
                force_locale(job.params.get("locale") or "vi"):
            data, name = _maker(job.kind)(job.params, user)
    except Exception as error:
        db.session.rollback()
        job.status, job.error, job.finished_at = JobStatus.FAILED, str(error)[:500], clock.utcnow()
        db.session.commit()
        raise
    job.file = uploads.store(uploads.Upload(data, CONTENT_TYPES[Path(name).suffix], name), FilePurpose.EXPORT, user)
    job.status, job.progress, job.finished_at = JobStatus.DONE, 100, clock.utcnow()
    db.session.commit()
