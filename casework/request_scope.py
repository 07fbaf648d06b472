"""What the API and the pages share about a request: the process's `Services`, the request's
database session (opened on first use, closed at teardown), and the one unit of work every write
goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g
from sqlalchemy.orm import Session

from casework.services import Services
from casework.workflow import engine

T = TypeVar("T")


def services() -> Services:
    return current_app.extensions["casework"]


def db_session() -> Session:
    if "db" not in g:
        g.db = services().session_factory()
    return g.db


def perform(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a workflow write in one transaction on the request's session: commit it, then hand the
    messages it wrote to delivery; or roll all of it back. `fn(session, ...)` returns an engine
    Result, a list of them, or a tuple whose first item is one."""
    session = db_session()
    try:
        out = fn(session, *args, **kwargs)
        engine.commit(session, out[0] if isinstance(out, tuple) else out, services().dispatch)
        return out
    except Exception:
        session.rollback()
        raise
