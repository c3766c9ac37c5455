from urllib.parse import urlsplit

from flask import current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from inspection.auth import bp
from inspection.auth.forms import LoginForm
from inspection.auth.operations import authenticate
from inspection.extensions import limiter
from inspection.security import public
from inspection.text import clean


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: never redirect a login to another host."""
    if not target or urlsplit(target).netloc or urlsplit(target).scheme or not target.startswith("/"):
        return url_for("auth.home")
    return target


def _login_failed(response) -> bool:
    return bool(g.get("login_failed"))


def _account_key() -> str:
    return "account:" + clean(request.form.get("username") or "").strip().lower()


def _failures_limit() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_MINUTE']}/minute"


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_failures_limit, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_failures_limit, methods=["POST"], key_func=_account_key, deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        g.login_failed = True
        form.password.errors.append(_("Wrong username or password, or the account is disabled."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


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
