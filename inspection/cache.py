"""The shared cache of figures worked out from many rows (the dashboard and its Excel file).

Flask-Caching keeps the entries in Redis when ``REDIS_URL`` is set, so that every instance and
worker reads and invalidates the same ones; otherwise in the process's memory (one process:
``make run``, the tests). An entry's key holds the *generation* of the data: every commit that
inserts, changes or deletes a row of :data:`WATCHED` raises it, so an entry made before the
change is never read again (it expires after :data:`TIMEOUT` seconds). A checklist being filled is
the exception: its draft saves (every few seconds from each tablet) change no figure until it is
submitted, and the submission moves its inspection's status, which raises the generation. A cache that cannot be
reached (Redis down) is skipped: the figures are then worked out for each request, and the log
says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from flask_caching import Cache
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from inspection.extensions import after_commit, after_rollback
from models import (
    Answer,
    ChecklistResponse,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Initiative,
    Inspection,
    InspectionStatus,
    Programme,
    ServiceIndicator,
    Setting,
    TemplateItem,
    TemplateSection,
    Unit,
)

log = logging.getLogger(__name__)
cache = Cache()

#: Models whose rows the cached figures are read from.
WATCHED = (Answer, ChecklistResponse, ChecklistTemplate, CorrectiveAction, Finding, Initiative, Inspection, Programme,
           ServiceIndicator, Setting, TemplateItem, TemplateSection, Unit)
GENERATION_KEY = "data-generation"
#: Seconds an entry is kept (a safety net: invalidation is by generation).
TIMEOUT = 3600
_CHANGED = "cached_data_changed"

T = TypeVar("T")


def init_app(app: Flask) -> None:
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        app.config.setdefault("CACHE_TYPE", "RedisCache")
        app.config.setdefault("CACHE_REDIS_URL", redis_url)
    app.config.setdefault("CACHE_TYPE", "SimpleCache")
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", TIMEOUT)
    app.config.setdefault("CACHE_KEY_PREFIX", "inspection:")
    cache.init_app(app)
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        after_commit(_new_generation)
        after_rollback(_forget_changes)


def _note_changes(session: Session, _context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, WATCHED) and not _draft(session, obj) for obj in changed):
        session.info[_CHANGED] = True


def _in_memory(session: Session, model: type[T], ident: int | None) -> T | None:
    """The row's object if the session holds it, or None: a flush must not send more queries."""
    return None if ident is None else session.identity_map.get(session.identity_key(model, ident))


def _draft(session: Session, obj: object) -> bool:
    """A checklist still being filled, or one of its answers (when its inspection is in memory;
    otherwise counted as a change, to be safe)."""
    if isinstance(obj, Answer):
        obj = _in_memory(session, ChecklistResponse, obj.response_id)
    if not isinstance(obj, ChecklistResponse):
        return False
    inspection = _in_memory(session, Inspection, obj.inspection_id)
    return inspection is not None and inspection.status == InspectionStatus.IN_PROGRESS


def _new_generation(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        try:
            cache.cache.inc(GENERATION_KEY)
        except (RedisError, OSError) as error:
            log.warning("cache unreachable, figures computed for each request: %s", error)


def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def remembered(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``name`` and ``parts`` (e.g. the year, the day, the language),
    kept until the data it is read from changes."""
    try:
        key = f"{name}:{int(cache.get(GENERATION_KEY) or 0)}:" + ":".join(map(str, parts))
        value = cache.get(key)
    except (RedisError, OSError) as error:
        log.warning("cache unreachable, figures computed for each request: %s", error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value)
        except (RedisError, OSError) as error:
            log.warning("cache unreachable, figures computed for each request: %s", error)
    return value
