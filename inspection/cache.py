"""The shared cache of figures worked out from many rows (the dashboard and its Excel file).

Flask-Caching keeps the entries in Redis when ``REDIS_URL`` is set, so that every instance and
worker reads and invalidates the same ones; otherwise in the process's memory (one process:
``make run``, the tests). An entry's key holds the *generation* of the data it is read from:
every commit that inserts, changes or deletes a row of a model of that group (:data:`WATCHED`)
raises it, so an entry made before the change is never read again (it expires after
:data:`TIMEOUT` seconds). A checklist being filled is the exception: its draft saves (every few
seconds from each tablet) change no figure until it is submitted, and the submission moves its
inspection's status, which raises the generation. A cache that cannot be reached (Redis down) is
skipped: the figures are then worked out for each request, and the log says so.
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

#: What a cached value is read from: each group has its own generation, raised by a change to
#: a row of one of its models. "figures": the whole dashboard; "targets": the units' service
#: targets alone, which a submitted checklist (every few seconds in a province) leaves as they are.
WATCHED = {
    "figures": (Answer, ChecklistResponse, ChecklistTemplate, CorrectiveAction, Finding, Initiative, Inspection,
                Programme, ServiceIndicator, Setting, TemplateItem, TemplateSection, Unit),
    "targets": (ServiceIndicator, Unit),
}
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
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted) if not _draft(session, obj)]
    for group, models in WATCHED.items():
        if any(isinstance(obj, models) for obj in changed):
            session.info.setdefault(_CHANGED, set()).add(group)


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


def _generation_key(group: str) -> str:
    return f"data-generation:{group}"


def generation(group: str = "figures") -> int:
    """How many committed changes the ``group``'s data has seen (while the cache keeps the count)."""
    return int(cache.get(_generation_key(group)) or 0)


def _new_generation(session: Session) -> None:
    for group in session.info.pop(_CHANGED, ()):
        try:
            cache.cache.inc(_generation_key(group))
        except (RedisError, OSError) as error:
            log.warning("cache unreachable, figures computed for each request: %s", error)


def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def remembered(name: str, parts: tuple, compute: Callable[[], T], group: str = "figures") -> T:
    """``compute()``'s value for ``name`` and ``parts`` (e.g. the year, the day, the language),
    kept until the data it is read from (:data:`WATCHED` ``[group]``) changes."""
    try:
        key = f"{name}:{generation(group)}:" + ":".join(map(str, parts))
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
