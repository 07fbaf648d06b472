"""WSGI entry point: gunicorn 'wsgi:app'."""

from casework.app import create_app

app = create_app()
