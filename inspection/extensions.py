"""Flask extensions, created unbound and attached in the app factory with ``init_app``."""

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.orm import Session

from models import db

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

__all__ = ["babel", "bootstrap", "csrf", "db", "limiter", "login_manager", "mail", "migrate"]


def configure_sqlite(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, let readers and one writer work together (WAL), wait on locks."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _outermost(name: str):
    """Register a listener for session event ``name`` that SQLAlchemy also sends when a savepoint
    inside the transaction is released or rolled back: those are skipped, as the transaction
    itself is still under way (what was done before the savepoint may yet commit)."""

    def register(listener):
        def run(session: Session) -> None:
            if not session.in_nested_transaction():
                listener(session)

        event.listen(Session, name, run)
        return listener

    return register


#: ``@after_commit``: ``listener(session)`` once a session's transaction has committed.
after_commit = _outermost("after_commit")
#: ``@after_rollback``: ``listener(session)`` once a session's transaction has rolled back.
after_rollback = _outermost("after_rollback")
