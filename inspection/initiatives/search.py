"""Search in Vietnamese with or without diacritics: "sang kien" finds "Sáng kiến".

Both the stored ``Initiative.search_text`` and the query are folded the same way in Python
(:func:`inspection.text.fold`), so a plain LIKE works alike on SQLite and PostgreSQL (neither has
a portable "unaccent").
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, event

from inspection.text import contains, fold
from models import Initiative


def searchable_text(initiative: Initiative) -> str:
    parts = (initiative.title, initiative.description, initiative.expected_effect, initiative.measured_effect)
    return fold(" ".join(p for p in parts if p))


def matches(query: str) -> ColumnElement:
    """Initiatives whose folded text contains the folded query, wildcards taken literally."""
    return contains(Initiative.search_text, fold(query))


def _refresh_search_text(_mapper, _connection, initiative: Initiative) -> None:
    initiative.search_text = searchable_text(initiative)


def install() -> None:
    """Keep ``search_text`` in step with every insert and update, whoever writes the initiative."""
    for name in ("before_insert", "before_update"):
        if not event.contains(Initiative, name, _refresh_search_text):
            event.listen(Initiative, name, _refresh_search_text)
