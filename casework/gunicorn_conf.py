"""gunicorn settings for casework (`gunicorn -c python:casework.gunicorn_conf wsgi:app`): access
logs without query strings (search terms and one-time tokens never reach them), behind a proxy that
sets X-Forwarded-For (set CASEWORK_TRUSTED_PROXIES to the number of proxies)."""

import os

from casework.logs import GUNICORN_ACCESS_LOG_FORMAT

bind = os.environ.get("CASEWORK_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
accesslog = "-"
access_log_format = GUNICORN_ACCESS_LOG_FORMAT
