"""WSGI entry point from a checkout: gunicorn 'wsgi:app' (an installed package: 'casework.wsgi:app')."""

from casework.wsgi import app

__all__ = ["app"]
