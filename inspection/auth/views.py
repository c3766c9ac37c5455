from urllib.parse import urlsplit

from flask import current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME
from flask_wtf.csrf import generate_csrf

from inspection.auth import bp
from inspection.auth.forms import LoginForm, PasswordChangeForm
from inspection.auth.operations import authenticate, change_own_password, end_sessions
from inspection.extensions import limiter
from inspection.forms import FieldError
from inspection.security import public
from inspection.text import clean
from models import db


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never redirect a login to another host ("//host", "/\\host"),
    nor put a line break or other control character into the redirect's header."""
    if (not target or not target.startswith("/") or urlsplit(target).netloc or urlsplit(target).scheme
            or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target)):
        return url_for("auth.home")
    return target


def _login_failed(response) -> bool:
    return bool(g.get("login_failed"))


def _account_key() -> str:
    return "account:" + clean(request.form.get("username") or "").strip().lower()


def _account_limits() -> str:
    """One account backs off: a minute after a few failures, up to an hour after many."""
    per_minute = current_app.config["LOGIN_FAILURES_PER_MINUTE"]
    return f"{per_minute}/minute;{per_minute * 4}/hour"


def _address_limit() -> str:
    """Many accounts tried from one address (the client's, behind ``TRUSTED_PROXIES``): an
    office shares one address, so this is well above one person's typing errors."""
    return f"{current_app.config['LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE']}/minute"


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_account_limits, methods=["POST"], key_func=_account_key, deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            _start_session(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        g.login_failed = True
        form.password.errors.append(_("Wrong username or password, or the account is disabled."))
    return render_template("auth/login.html", form=form)


def _start_session(user, remember: bool) -> None:
    """A new session for the user: nothing carried over from before the login (a new CSRF
    secret included) but the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user, remember=remember)


@bp.route("/logout", methods=["POST"])
def logout():
    end_sessions(current_user)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


def _own_account_key() -> str:
    return "account:" + current_user.username.lower()


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(_account_limits, methods=["POST"], key_func=_own_account_key, deduct_when=_login_failed)
def change_password():
    """Every user changes their own password; the other devices are logged out, this one stays."""
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            change_own_password(user, form.current_password.data, form.new_password.data)
        except FieldError as error:
            db.session.rollback()
            g.login_failed = error.field == "current_password"
            form.show_error(error)
        else:
            db.session.commit()
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
            _start_session(user, remember=remembered)
            flash(_("Your password has been changed. Other devices were logged out."), "success")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/session")
def session_state():
    """Who is logged in, and a fresh CSRF token: asked by the tablet before it sends what it queued
    (an anonymous visitor gets 401 JSON from the login check)."""
    return jsonify({"user": current_user.id, "csrf_token": generate_csrf()})


@bp.route("/language/<code>")
@public
def language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next") or request.referrer and urlsplit(request.referrer).path))


@bp.route("/")
def home():
    """Each role lands on the first page its navigation offers."""
    from inspection.nav import items_for_current_user

    items = items_for_current_user()
    if items:
        return redirect(url_for(items[0][0].endpoint))
    return render_template("auth/home.html")
