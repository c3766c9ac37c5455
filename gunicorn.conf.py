"""gunicorn's settings for production: `.venv/bin/gunicorn wsgi:app` reads this file from the
project folder (README, "Production deployment", says why each value). Each can be changed by an
environment variable without editing the file."""

from __future__ import annotations

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

#: Processes: one per core and one more, so that a core is never idle while a process waits on
#: PostgreSQL; more processes than that only compete for the same cores.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
#: Threads in each process: a request waiting on the database or a slow client lets another run,
#: and a long page (an export) holds one thread, not a whole process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

#: The application is imported once, before the processes are forked: a process that is
#: replaced starts in a fraction of a second instead of importing everything again, and the
#: imported code is shared between the processes.
preload_app = True

#: A process that has not reported for this long is stuck (a thread holding the interpreter):
#: it is replaced. gthread processes report while their threads work, so a slow page does not
#: get its process killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
#: On restart or reload, requests under way get this long to finish.
graceful_timeout = 30
#: Behind the reverse proxy: keep its connections open between requests.
keepalive = 5
#: Replace each process after so many requests (plus a random part, so not all at once):
#: memory a process grew stays bounded.
max_requests = 5000
max_requests_jitter = 500

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"


def pre_fork(server, worker) -> None:
    """The objects the preloaded application made (modules, templates, translations) are moved
    out of the garbage collector's sight before the fork: its full collections, which would walk
    them in every request now and then (a pause of about 0.1 s), walk only what requests make, and
    the pages of memory the processes share are not copied by the collector touching them."""
    gc.freeze()


def post_fork(server, worker) -> None:
    """Each process opens its own database connections: none opened before the fork is shared."""
    from inspection.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)
