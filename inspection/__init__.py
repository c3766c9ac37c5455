"""The Flask application factory."""

from __future__ import annotations

import os
from importlib import import_module

from flask import Flask, jsonify, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import event

from inspection import audit, cache, clock, concurrency, i18n, import_files, input_limits, jobs, security, uploads
from inspection.auth.operations import load_user
from inspection.concurrency import wants_json
from inspection.config import CONFIGS, INSTANCE_PATH, PROJECT_ROOT, load_secret_key
from inspection.extensions import (
    babel,
    bootstrap,
    configure_sqlite,
    csrf,
    db,
    limiter,
    login_manager,
    mail,
    migrate,
)
from inspection.labels import label


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app. ``config_name`` is development, production or test (default: $APP_ENV)."""
    config_name = config_name or os.environ.get("APP_ENV", "development")
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_PATH),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    load_secret_key(app.config)

    security.trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_error_pages(app)
    concurrency.init_app(app)
    jobs.init_app(app)
    app.cli.add_command(import_module("inspection.demo").demo_cli)
    return app


def _init_extensions(app: Flask) -> None:
    clock.init_app(app)
    db.init_app(app)
    with app.app_context():
        event.listen(db.engine, "connect", configure_sqlite)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    i18n.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    input_limits.init_app(app)
    security.init_app(app)
    uploads.init_app(app)
    cache.init_app(app)
    audit.install()
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["PREVIEW_ROWS"] = import_files.PREVIEW_ROWS


#: One package per domain, each exposing a blueprint ``bp``.
DOMAINS = ("auth", "orgs", "planning", "schedule", "checklists", "initiatives", "indicators", "dashboard",
           "documents", "notifications", "exports", "imports")


def _register_blueprints(app: Flask) -> None:
    for domain in DOMAINS:
        app.register_blueprint(import_module(f"inspection.{domain}").bp)

    from inspection.nav import menu_for_current_user

    app.jinja_env.globals["nav_menu"] = menu_for_current_user


def _register_error_pages(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page(code))


#: What a script is told when its request fails (it shows the message, keeps what it queued).
ERROR_MESSAGES = {
    400: _l("The request could not be understood; reload the page and try again."),
    403: _l("Your role does not allow this."),
    404: _l("The page does not exist or is not available to you."),
    405: _l("This action is not allowed here."),
    413: _l("The file is too large."),
    429: _l("Too many attempts. Please wait a minute before trying again."),
    500: _l("Something went wrong on our side; nothing already saved is lost."),
}


def _error_page(code: int):
    def handler(error):
        if code == 500:
            db.session.rollback()
        message = error.description if isinstance(error, input_limits.BadInput) else None
        if wants_json():
            if message:
                return jsonify({"error": "bad_input", "status": code, "message": message}), code
            kind = "csrf" if isinstance(error, CSRFError) else "http"
            return jsonify({"error": kind, "status": code, "message": str(ERROR_MESSAGES[code])}), code
        return render_template("errors/error.html", code=code, error=error, message=message), code

    return handler
