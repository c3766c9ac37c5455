"""Configuration classes, read from the environment (see README "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = Path(os.environ.get("INSPECTION_INSTANCE_PATH", PROJECT_ROOT / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_PATH / 'inspection.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")

    BABEL_DEFAULT_LOCALE = "vi"
    #: The agency's time zone: its calendar day is "today" everywhere (see inspection.clock).
    TIMEZONE = os.environ.get("TIMEZONE", "Asia/Ho_Chi_Minh")
    LANGUAGES = ("vi", "en")

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BTN_SIZE = "md"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    WTF_CSRF_TIME_LIMIT = None  # a checklist may stay open on a tablet all day

    #: Login throttling: failed logins allowed per minute on one account (and four times as many
    #: per hour), and per client address whatever the accounts tried.
    LOGIN_FAILURES_PER_MINUTE = int(os.environ.get("LOGIN_FAILURES_PER_MINUTE", "5"))
    LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE", "30"))
    #: How many reverse proxies stand in front of the app: their X-Forwarded-For and
    #: X-Forwarded-Proto headers are then believed (client address, HTTPS). 0: none is.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    #: Redis unreachable: throttling goes on in each process's memory (Flask-Limiter logs "Rate limit
    #: storage unreachable - falling back to in-memory storage") and returns to Redis when it answers.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}

    #: Where uploaded files' bytes are kept: "folder" (UPLOAD_FOLDER) or "database" (every instance sees them).
    UPLOAD_STORE = os.environ.get("UPLOAD_STORE", "folder").strip().lower()
    #: The folder of the "folder" store.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or str(INSTANCE_PATH / "uploads")
    MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "10"))
    MAX_CONTENT_LENGTH = (MAX_UPLOAD_MB + 1) * 1024 * 1024
    #: Largest JSON body a page's script may send (a checklist draft is a few KB).
    MAX_JSON_KB = int(os.environ.get("MAX_JSON_KB", "1024"))

    #: The address people use to reach the service; absolute links (calendar, e-mail) start with it.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    #: Name of the inspecting agency, printed on inspection records.
    AGENCY_NAME = os.environ.get("AGENCY_NAME", "Sở Nông nghiệp và Phát triển nông thôn")

    #: Outgoing mail (e-mail notices). Without MAIL_SERVER the mails are written to the log
    #: and listed for admins instead of being sent.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "kiemtra@localhost")
    #: Seconds to wait for the mail server before the attempt counts as failed (and is retried).
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "30"))

    TESTING = False
    PRODUCTION = False


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    PRODUCTION = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_TYPE = "SimpleCache"
    SERVER_NAME = "localhost"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "test": TestConfig}


class ConfigurationError(RuntimeError):
    pass


def load_secret_key(config: dict) -> None:
    """Production refuses to start without SECRET_KEY; development keeps one in the instance folder."""
    if config.get("SECRET_KEY"):
        return
    if config.get("PRODUCTION"):
        raise ConfigurationError("SECRET_KEY must be set in the environment when APP_ENV=production")
    key_file = INSTANCE_PATH / "secret_key"
    if not key_file.exists():
        INSTANCE_PATH.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    config["SECRET_KEY"] = key_file.read_text().strip()
