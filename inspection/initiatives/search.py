"""Search in Vietnamese with or without diacritics: "sang kien" finds "Sáng kiến".

Both the stored ``Initiative.search_text`` and the query are folded the same way in Python, so a
plain LIKE works alike on SQLite and PostgreSQL (neither has a portable "unaccent").
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import event

from models import Initiative


def fold(text: str | None) -> str:
    """Lower case without diacritics; "đ" (a letter of its own, not a d with a mark) becomes "d"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def searchable_text(initiative: Initiative) -> str:
    parts = (initiative.title, initiative.description, initiative.expected_effect, initiative.measured_effect)
    return fold(" ".join(p for p in parts if p))


def like_pattern(query: str) -> str:
    """A LIKE pattern (escape character "\\") matching the folded query anywhere."""
    escaped = fold(query.strip()).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _refresh_search_text(_mapper, _connection, initiative: Initiative) -> None:
    initiative.search_text = searchable_text(initiative)


def install() -> None:
    """Keep ``search_text`` in step with every insert and update, whoever writes the initiative."""
    for name in ("before_insert", "before_update"):
        if not event.contains(Initiative, name, _refresh_search_text):
            event.listen(Initiative, name, _refresh_search_text)
