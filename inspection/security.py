"""Access control and HTTP hardening shared by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import Flask, abort, current_app, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import String, and_, cast, not_, select, true
from sqlalchemy.orm import contains_eager
from werkzeug.middleware.proxy_fix import ProxyFix

from inspection.concurrency import wants_json
from models import (
    PLAN_READERS,
    Answer,
    AuditEntry,
    ChecklistResponse,
    CorrectiveAction,
    FilePurpose,
    Finding,
    Initiative,
    Inspection,
    InspectionStatus,
    Notice,
    Photo,
    Programme,
    Role,
    StoredFile,
    Topic,
    User,
    db,
)

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


# What a user may know exists ----------------------------------------------------------------
#
# One rule, ``Inspection.visible_to`` (product.md's role table), for every list, count, export
# and single record of the schedule, the checklists and the corrective actions. Anything the
# rule hides answers 404, whatever its kind: a periodic inspection the user may not see answers
# exactly as a surprise one or one that does not exist, so the answer gives nothing away.


def inspections_seen_by(user: User, today: date):
    """SQL condition on ``Inspection``: the inspections ``user`` may know exist."""
    return Inspection.visible_to(user, today)


def records_read_by(user: User, today: date):
    """SQL condition on ``Inspection``: the user may read its checklist record (a unit only
    once a leader has approved it)."""
    if user.role == Role.UNIT:
        return and_(Inspection.visible_to(user, today), Inspection.status == InspectionStatus.APPROVED)
    return Inspection.visible_to(user, today)


def actions_followed_by(user: User, today: date):
    """SQL condition on ``Inspection``: the user may follow the corrective actions raised by it
    (they exist once its record is approved)."""
    return and_(Inspection.visible_to(user, today), Inspection.status == InspectionStatus.APPROVED)


def programmes_seen_by(user: User, today: date):
    """SQL condition on ``Programme``: planners and leaders know every programme, drafts
    included; anyone else only those in which they may see an inspection."""
    return Programme.visible_to(user, today)


#: Tables whose rows tell of the plan: programmes with their revisions (the surprise draw and
#: its seed) and solves, inspections and everything of them, their records' numbers, the mails
#: about them and what was last told of each visit.
PLAN_TABLES = frozenset({
    "programmes", "programme_units", "plan_revisions", "solve_jobs", "inspections", "inspection_members",
    "checklist_responses", "checklist_submissions", "answers", "photos", "findings", "corrective_actions",
    "issued_documents", "document_counters", "notices", "visit_notices",
})
#: Stored files that belong to an inspection (its photos, the units' evidence).
PLAN_FILES = (FilePurpose.PHOTO, FilePurpose.PHOTO_DISPLAY, FilePurpose.EVIDENCE)


def audit_entries_seen_by(user: User):
    """SQL condition on ``AuditEntry``: the entries of the audit log ``user`` may read. Those that
    tell of the plan (kind, date, unit and team of inspections, surprise ones included; the draw's
    seed; plan revisions) go only to those who see every inspection: planners and leaders, never
    admins, who do not see the schedule either."""
    if user.role in PLAN_READERS:
        return true()
    plan_files = select(cast(StoredFile.id, String)).where(StoredFile.purpose.in_(PLAN_FILES))
    return and_(AuditEntry.entity.not_in(PLAN_TABLES),
                not_(and_(AuditEntry.entity == "stored_files", AuditEntry.entity_id.in_(plan_files))))


#: Notices that tell of the plan: the visits (unit, day and team, surprise ones included), the
#: records and corrective actions of inspections, the solves.
PLAN_TOPICS = frozenset({Topic.VISITS, Topic.RECORD_SUBMITTED, Topic.RECORD_APPROVED, Topic.ACTIONS, Topic.SOLVE})


def notice_read_by(user: User, notice: Notice) -> bool:
    """Whether ``user`` may read what a mail says (the mail log is the admins'): a notice about
    the plan only by those who see every inspection; others see that it was sent, not what it says."""
    return user.role in PLAN_READERS or notice.topic not in PLAN_TOPICS


#: What stands in for a value a reader may not see.
HIDDEN = "***"


def sees_seed(user: User) -> bool:
    """The seed of the surprise draw is the planners' alone: with it and the instance, anyone
    could draw the surprise inspections again."""
    return user.role == Role.PLANNER


def seed_hidden(data, user: User, *, drop: bool = False):
    """``data`` (a programme's values, an instance, a plan: dicts and lists) with every ``seed``
    shown as :data:`HIDDEN`, or left out (``drop``: a file the planner still reads), unless
    ``user`` may see it."""
    if sees_seed(user):
        return data
    if isinstance(data, dict):
        return {k: HIDDEN if k == "seed" and v is not None else seed_hidden(v, user, drop=drop)
                for k, v in data.items() if not (drop and k == "seed")}
    if isinstance(data, list):
        return [seed_hidden(v, user, drop=drop) for v in data]
    return data


def _one_or_404(query):
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found


def visible_inspection_or_404(user: User, inspection_id: int, today: date) -> Inspection:
    """One inspection, or 404 when it does not exist *or* the user may not know it exists."""
    return _one_or_404(select(Inspection).where(Inspection.id == inspection_id, inspections_seen_by(user, today)))


def team_inspection_or_404(user: User, inspection_id: int, today: date) -> Inspection:
    """An inspection the user fills the checklist of (a member of its published team); 404 for
    anyone else, as for an inspection they may not see."""
    inspection = visible_inspection_or_404(user, inspection_id, today)
    if not inspection.has_member(user):
        abort(404)
    return inspection


def visible_record_or_404(user: User, response_id: int, today: date) -> ChecklistResponse:
    """One checklist record (biên bản), or 404 when the user may not read it; with its inspection,
    read in the same statement."""
    return _one_or_404(select(ChecklistResponse).join(ChecklistResponse.inspection)
                       .options(contains_eager(ChecklistResponse.inspection))
                       .where(ChecklistResponse.id == response_id, records_read_by(user, today)))


def visible_photo_or_404(user: User, photo_id: int, today: date) -> Photo:
    """One checklist photo, or 404 when the user may not read its record."""
    return _one_or_404(select(Photo).join(Photo.answer).join(Answer.response).join(ChecklistResponse.inspection)
                       .where(Photo.id == photo_id, records_read_by(user, today)))


def visible_action_or_404(user: User, action_id: int, today: date) -> CorrectiveAction:
    """One corrective action, or 404 when the user may not follow it."""
    return _one_or_404(select(CorrectiveAction).join(CorrectiveAction.finding).join(Finding.inspection)
                       .where(CorrectiveAction.id == action_id, actions_followed_by(user, today)))


def visible_programme_or_404(user: User, programme_id: int, today: date) -> Programme:
    """One programme, or 404 when the user may not know it exists."""
    return _one_or_404(select(Programme).where(Programme.id == programme_id, programmes_seen_by(user, today)))


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
    # is_anonymous, not is_authenticated: the user's row, expired by the request's commit, is not
    # read again just to set a header.
    if current_user.is_anonymous and not getattr(_view_function(request.endpoint or ""), "is_public", False):
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
