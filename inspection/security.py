"""Access control and HTTP hardening shared by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

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
                return redirect(url_for("auth.login", next=request.full_path))
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
    if request.endpoint is None or current_user.is_authenticated:
        return None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    view = request.url_rule and _view_function(request.endpoint)
    if view is not None and getattr(view, "is_public", False):
        return None
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _view_function(endpoint: str):
    from flask import current_app

    return current_app.view_functions.get(endpoint)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), microphone=()")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    _private_caching(response)
    return response


def _private_caching(response) -> None:
    """What a signed-in person (or a calendar token) sees is kept by no cache: a shared one
    (a proxy) never, the browser's only when the view allows it for a while (photos, as
    ``private``). Static files alone stay cacheable by anyone."""
    if request.endpoint in PUBLIC_ENDPOINTS and request.endpoint is not None:
        return
    if not (current_user.is_authenticated or getattr(_view_function(request.endpoint or ""), "is_public", False)):
        return
    control = response.cache_control
    if control.max_age and not control.no_store:
        control.public = False
        control.private = True
    else:
        response.headers["Cache-Control"] = "no-store"


def keep_out_of_logs(secret: str) -> None:
    """Replace ``secret`` (a calendar token in the address) by *** in the request line the WSGI
    server writes to its access log once the response is sent (gunicorn reads it from there)."""
    for key in ("RAW_URI", "REQUEST_URI", "PATH_INFO"):
        value = request.environ.get(key)
        if isinstance(value, str) and secret:
            request.environ[key] = value.replace(secret, "***")


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, the client's address (login throttling) and
    scheme come from their X-Forwarded-For/-Proto headers; with none, such headers are ignored,
    as anyone could send them."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def init_app(app: Flask) -> None:
    app.before_request(_require_login)
    app.after_request(_security_headers)
