"""What a request may carry, checked once for every view: no NUL character in its address or
parameters (PostgreSQL cannot store one, and no person types one), no number in its address
beyond the database's integers, and JSON of bounded size and depth (a body nested 50,000 deep
would exhaust the parser's stack).

A request over a limit is refused with :class:`BadInput`: a 400 that says why, as the error page
or, to a page's script, as JSON ``{"error": "bad_input", "message": …}``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

#: Deeper JSON is refused (the checklists' drafts are 3 levels deep, a plan file about 5).
MAX_JSON_DEPTH = 32


class BadInput(BadRequest):
    """A request refused for what it carries; ``description`` is the message for the person."""


def _json_problem(value: Any) -> str | None:
    """Why parsed JSON is refused (too deep, a NUL in a text), or None; walked without recursion."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            return "nested too deeply"
        if isinstance(item, str) and "\x00" in item:
            return "NUL character"
        if isinstance(item, dict):
            pending += [(key, depth) for key in item]
            pending += [(child, depth + 1) for child in item.values()]
        elif isinstance(item, list):
            pending += [(child, depth + 1) for child in item]
    return None


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing (ValueError, so a 400 from ``request.get_json``) input nested too
    deeply or holding a NUL character. Every JSON read goes through ``current_app.json.loads``."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error
        problem = _json_problem(value)
        if problem:
            raise ValueError(f"JSON refused: {problem}")
        return value


def _has_nul(parameters: MultiDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in parameters.lists())


#: Query parameters read as numbers (ids, pages, years) are stored as 32-bit integers; a larger
#: one would overflow the database's. Searched text is no number.
_MAX_INTEGER = 2**31 - 1
_TEXT_PARAMETERS = {"q"}
_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")


def _huge(value: str) -> bool:
    if not _INTEGER.fullmatch(value):
        return False
    return len(value) > 20 or abs(int(value)) > _MAX_INTEGER


def _has_huge_number(parameters: MultiDict) -> bool:
    return any(_huge(value) for key, values in parameters.lists() if key not in _TEXT_PARAMETERS
               for value in values)


def _check_request() -> None:
    if "\x00" in request.path or _has_nul(request.args):
        raise BadInput(_("The address contains a character that is not allowed (NUL)."))
    if _has_huge_number(request.args):
        raise BadInput(_("A number in the address is too large."))
    limit = current_app.config["MAX_JSON_KB"]
    if request.is_json and (request.content_length or 0) > limit * 1024:
        raise BadInput(_("The data sent is larger than %(kb)d KB.", kb=limit))
    if request.method in ("POST", "PUT", "PATCH") and not request.is_json and _has_nul(request.form):
        raise BadInput(_("A field contains a character that is not allowed (NUL). Remove it and send again."))


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    app.before_request(_check_request)
