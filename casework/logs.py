"""Logging without personal data. Logs carry ids, routes and the kinds of errors, never names, dates
of birth, contact details or message content: an exception's message can hold any of those (a
database error quotes the row it refused), so errors are logged as their type and where they
happened, not their text. Query strings are left out of access logs (search terms, one-time tokens)."""

from __future__ import annotations

import logging
import re
import traceback

_QUERY = re.compile(r'((?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) [^ ?"]*)\?[^ "\x1b]*')


def log_error(logger: logging.Logger, what: str, exc: BaseException, *args: object) -> None:
    """Log that `what` failed with `exc`: the exception's type and the frames it passed through
    (file, line, function), not its message or the values in it."""
    frames = traceback.extract_tb(exc.__traceback__)[-8:]
    where = " <- ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    logger.error(what + " (%s at %s)", *args, type(exc).__name__, where or "?")


class NoQueryStrings(logging.Filter):
    """For access logs (werkzeug's): drop the query string of every request line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub(r"\1", a) if isinstance(a, str) else a for a in record.args)
        record.msg = _QUERY.sub(r"\1", str(record.msg))
        return True


def configure(level: int = logging.INFO) -> None:
    """The process's logging: a plain format; the access log without query strings; libraries that
    would log personal data (the Notify client's raw error text) quietened."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("werkzeug").addFilter(NoQueryStrings())
    logging.getLogger("notifications_python_client").setLevel(logging.ERROR)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


# gunicorn: the same, for its access log (`gunicorn --access-logformat "$CASEWORK_ACCESS_LOG_FORMAT"`,
# or `-c python:casework.gunicorn_conf`): %(U)s is the path without the query string.
GUNICORN_ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
