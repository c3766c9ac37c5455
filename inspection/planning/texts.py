"""The planner's codes (violations, explanations, reasons) as sentences in the user's language."""

from __future__ import annotations

from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from inspection.labels import label
from inspection.planning.clashes import Cause
from inspection.planning.instance import inspector_names
from models import PlanStatus
from planner import messages

#: The groups of a change list, as the plan page names them.
CAUSES = {
    Cause.LEAVE: _l("Inspector on leave"),
    Cause.BLACKOUT: _l("Unit unavailable (blackout)"),
    Cause.HOLIDAY: _l("Holiday added"),
    Cause.BUDGET: _l("Smaller budget of visits"),
    Cause.REQUEST: _l("Moved by request (changed by hand)"),
    Cause.OTHER: _l("Knock-on changes"),
}

#: What a change touched, as the change list names it.
ASPECTS = {
    "date": _l("date"),
    "slot": _l("time of day"),
    "kind": _l("kind"),
    "team": _l("team"),
    "lead": _l("lead inspector"),
}


def lang() -> str:
    """The planner's language for the current locale ("vi" or "en")."""
    return "vi" if str(get_locale() or "vi").startswith("vi") else "en"


def render(code: str, params: dict, language: str | None = None, instance: dict | None = None) -> str:
    """``planner.messages.render`` with inspector ids (``I12``) replaced by their names."""
    language = language or lang()
    names = inspector_names(instance or {})
    shown = {k: names.get(v, v) if k in ("inspector", "lead") and isinstance(v, str) else v
             for k, v in (params or {}).items()}
    if "status" in shown:
        with force_locale(language):
            shown["status"] = plan_status(shown["status"])
    return messages.render(code, shown, language)


def plan_status(status: str) -> str:
    """The planner's status word in the user's language ("Tối ưu", "Không khả thi" …); a word the
    planner does not use (from an imported file) is shown as it is."""
    try:
        return label(PlanStatus(status))
    except ValueError:
        return str(status)
