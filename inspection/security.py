"""Access control and HTTP hardening shared by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import Flask, abort, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from inspection.concurrency import wants_json
from models import Initiative, Inspection, Role, User, db

#: Endpoints reachable without logging in (marked with :func:`public`).
PUBLIC_ENDPOINTS: set[str] = {"static", "bootstrap.static"}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bootstrap components set inline style attributes (progress bars, popovers).
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


#: Sent by the pages' scripts with every request they make: the user the page (and what it keeps
#: on the tablet) belongs to. A request made for one user under another one's login is refused.
USER_HEADER = "X-User-Id"

LOGGED_OUT = _l("Your session has ended: log in again to send.")
OTHER_USER = _l("Someone else is logged in on this device: log in again as yourself to send.")


def _to_login():
    """A page goes to the login page; a script gets 401 JSON (its queued work stays queued)."""
    if wants_json():
        return jsonify({"error": "login", "message": str(LOGGED_OUT)}), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _other_user():
    claimed = request.headers.get(USER_HEADER)
    if claimed is None or claimed == str(current_user.id):
        return None
    return jsonify({"error": "other_user", "message": str(OTHER_USER)}), 401


def public(view: Callable) -> Callable:
    """Mark a view as reachable by anonymous visitors (login page, language switch, .ics feed)."""
    view.is_public = True
    return view


def roles_required(*roles: Role) -> Callable:
    """Allow the view to the given roles only; anyone else logged in gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _to_login()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def visible_inspection_or_404(user: User, inspection_id: int, today: date) -> Inspection:
    """One inspection, or 404 when it does not exist *or* the user may not know it exists."""
    inspection = db.session.scalar(
        select(Inspection).where(Inspection.id == inspection_id, Inspection.visible_to(user, today))
    )
    if inspection is None:
        abort(404)
    return inspection


def visible_initiative_or_404(user: User, initiative_id: int) -> Initiative:
    """One initiative, or 404 when it does not exist or belongs to another unit than a focal point's."""
    initiative = db.get_or_404(Initiative, initiative_id)
    if user.role == Role.UNIT and initiative.unit_id != user.unit_id:
        abort(404)
    return initiative


def _require_login():
    """Every page needs a login unless its view says otherwise: forgetting a decorator fails closed."""
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated:
        return _other_user()
    view = request.url_rule and _view_function(request.endpoint)
    if view is not None and getattr(view, "is_public", False):
        return None
    return _to_login()


def _view_function(endpoint: str):
    from flask import current_app

    return current_app.view_functions.get(endpoint)


def _security_headers(response):
    if response.mimetype == "text/html" and current_user and current_user.is_authenticated:
        # The service worker keeps a page only among the pages of the user it was made for.
        response.headers[USER_HEADER] = str(current_user.id)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), microphone=()")
    return response


def init_app(app: Flask) -> None:
    app.before_request(_require_login)
    app.after_request(_security_headers)
