"""The WSGI application for production: `gunicorn "casework.wsgi:app"` (the settings come from the
environment; see the README)."""

from casework.app import create_app

app = create_app()
