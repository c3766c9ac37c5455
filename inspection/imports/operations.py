"""An import of more than :data:`BACKGROUND_ROWS` rows is applied by the job worker, not by the
web request: the confirmation queues an :class:`~models.ImportJob` and sends the admin to its
page, which shows the progress and then what the import did.

The worker reads the kept preview and checks it again against the data as it is then (someone
may have changed a unit since the preview): a file that no longer passes is not imported at
all, and the page says to upload it again. The changes are the admin's in the audit log.

Each kind names its module in :data:`IMPORTERS`, which provides
``apply_file(file name, bytes, clear_blanks) -> (created, updated)`` (raising
:class:`~inspection.import_files.ImportRefused`) and ``done_message(created, updated)``.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from flask import redirect, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from inspection import clock, uploads
from inspection.audit import acting_as
from inspection.import_files import ImportRefused, refused_on_second_check
from inspection.jobs import claim_row, task
from models import ImportJob, JobStatus, StoredFile, User, db

#: Rows above which a confirmed import is applied in the background (about a second inline).
BACKGROUND_ROWS = 1000
#: Import kind → the module that checks and applies its files.
IMPORTERS = {
    "units": "inspection.orgs.unit_import",
    "indicators": "inspection.indicators.operations",
}
#: Import kind → the list the import's page leads back to.
LISTS = {"units": "orgs.units", "indicators": "indicators.index"}


def in_background(rows: int) -> bool:
    return rows > BACKGROUND_ROWS


def importer(kind: str) -> ModuleType:
    return import_module(IMPORTERS[kind])


def start(kind: str, preview: StoredFile, clear_blanks: bool, user: User) -> Response:
    """Queue the import of the kept ``preview`` and send the admin to its page."""
    job = ImportJob(kind=kind, params={"clear_blanks": clear_blanks, "locale": str(get_locale())}, user_id=user.id,
                    file_id=preview.id, file_name=preview.original_name)
    db.session.add(job)
    db.session.commit()
    apply_import(job.id)
    return redirect(url_for("imports.show", job_id=job.id))


def _finish(job: ImportJob, status: JobStatus, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, clock.utcnow()
    job.progress = 100 if status == JobStatus.DONE else job.progress
    db.session.commit()


@task()
def apply_import(job_id: int) -> None:
    # A job delivered twice, or to two workers, is applied once.
    if not claim_row(ImportJob, job_id, JobStatus.QUEUED, JobStatus.RUNNING, progress=10):
        return
    job = db.session.get(ImportJob, job_id)
    user = db.session.get(User, job.user_id)
    preview = db.session.get(StoredFile, job.file_id) if job.file_id else None
    with force_locale(job.params.get("locale") or "vi"), acting_as(user):
        try:
            if preview is None:
                raise ImportRefused(_("The uploaded file is no longer available. Please upload it again."))
            created, updated = importer(job.kind).apply_file(preview.original_name, uploads.read(preview),
                                                             bool(job.params.get("clear_blanks")))
            uploads.discard(preview)
        except ImportRefused as refused:
            db.session.rollback()
            _finish(job, JobStatus.FAILED, str(refused))
            return
        except IntegrityError:
            # The file passed its checks, so a clash is with a change made meanwhile (another
            # import of the same new codes): nothing was imported, as for a file that fails them.
            db.session.rollback()
            _finish(job, JobStatus.FAILED, str(refused_on_second_check()))
            return
        except Exception:
            db.session.rollback()
            _finish(job, JobStatus.FAILED, _("The import failed; nothing was changed. Try again; if it fails "
                                                "again, tell an administrator."))
            raise
        job.created, job.updated = created, updated
        _finish(job, JobStatus.DONE)
