"""Two people changing one record: the later change is refused, never written over the other.

A form (or a page's script) sends back the ``version`` of the record it was loaded with; an
operation calls :func:`check_version` before writing, and SQLAlchemy's ``version_id_col``
(:class:`models.base.VersionedMixin`) catches the race between two flushes as a
``StaleDataError``. Both end in :func:`conflict_response`: the same 409 and the same message in
every view, as JSON for the pages' scripts and as a flashed message on an HTML page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, flash, jsonify, redirect, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect
from sqlalchemy.orm.exc import StaleDataError

from models.base import db

MESSAGE = _l("Someone else changed this since you loaded it. Nothing was overwritten: "
             "check the current values and make your change again.")


class Conflict(Exception):
    """The change was made on an older version of the record than the stored one."""

    def __str__(self) -> str:
        return str(MESSAGE)


#: What a view catches to answer a stale change (the explicit check, or the flush's own).
CONFLICTS = (Conflict, StaleDataError)

#: Stands for a submitted version that is not a number: it matches no stored version.
_UNREADABLE = object()


def _loaded(submitted: object) -> object:
    if submitted is None or submitted == "":
        return None
    if isinstance(submitted, int) and not isinstance(submitted, bool):
        return submitted
    text = str(submitted).strip()
    return int(text) if text.isdigit() else _UNREADABLE


def check_version(obj: object | None, submitted_version: object) -> None:
    """Raise :class:`Conflict` unless ``submitted_version`` is ``obj``'s stored version.

    A record not stored yet (``obj`` None or new) matches only "no version": a form loaded
    while there was no record refuses to overwrite one that someone created meanwhile.
    """
    stored = obj.version if obj is not None and inspect(obj).has_identity else None
    if _loaded(submitted_version) != stored:
        raise Conflict


def wants_json() -> bool:
    """The request comes from a page's script (fetch) rather than from a form."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def conflict_response(page: Callable[[], ResponseReturnValue] | str | None = None) -> ResponseReturnValue:
    """The answer to a stale change, after rolling it back.

    JSON for a script: 409 ``{"error": "stale", "message": …}``. For a form the message is
    flashed, then ``page`` says what to show: a callable renders the page again (with what the
    person typed) as the 409's body; a URL, or by default the form's own address, is reloaded
    with the stored values.
    """
    db.session.rollback()
    if wants_json():
        return jsonify({"error": "stale", "message": str(MESSAGE)}), 409
    flash(str(MESSAGE), "danger")
    if callable(page):
        return page(), 409
    return redirect(page or request.url, 303)


def init_app(app: Flask) -> None:
    """A view that lets a conflict through gets the default answer."""
    for error in CONFLICTS:
        app.register_error_handler(error, lambda _error: conflict_response())
