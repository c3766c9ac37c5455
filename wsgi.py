"""WSGI entry point: `gunicorn wsgi:app` (production) and `flask --app wsgi` (CLI)."""

from inspection import create_app

app = create_app()
