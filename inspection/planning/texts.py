"""The planner's codes (violations, explanations, reasons) as sentences in the user's language."""

from __future__ import annotations

from flask_babel import get_locale

from inspection.planning.instance import inspector_names
from planner import messages


def lang() -> str:
    """The planner's language for the current locale ("vi" or "en")."""
    return "vi" if str(get_locale() or "vi").startswith("vi") else "en"


def render(code: str, params: dict, language: str | None = None, instance: dict | None = None) -> str:
    """``planner.messages.render`` with inspector ids (``I12``) replaced by their names."""
    names = inspector_names(instance or {})
    shown = {k: names.get(v, v) if k in ("inspector", "lead") and isinstance(v, str) else v
             for k, v in (params or {}).items()}
    return messages.render(code, shown, language or lang())
