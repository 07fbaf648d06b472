"""Fixed-window counters kept in the database, so every worker sees the same counts. Sign-in
counts failures only (a council's staff share one address; a correct password is never held
against anyone); the portal counts the links asked for. Keys carry a hash, never an email address or
an IP in clear. Rows whose window has passed are deleted by the hourly housekeeping
(workflow/housekeeping.py)."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from casework import clock
from casework.models import RateLimit
from casework.workflow.housekeeping import RATE_LIMIT_LONGEST_WINDOW


def key_for(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]}"


def _row(session: Session, key: str, lock: bool = False) -> RateLimit | None:
    return session.get(RateLimit, key, with_for_update=lock and session.bind.dialect.name == "postgresql")


def blocked(session: Session, key: str, limit: int, window: dt.timedelta) -> dt.datetime | None:
    """When the key has reached its limit in the current window: the time it opens again; else None."""
    row = _row(session, key)
    if row is None or clock.now() - row.window_start >= window or row.count < limit:
        return None
    return row.window_start + window


def count(session: Session, key: str, window: dt.timedelta) -> None:
    """Count one (a failure, a link asked for). Commits."""
    if window > RATE_LIMIT_LONGEST_WINDOW:  # the hourly housekeeping deletes rows older than that
        raise ValueError(f"a rate-limit window may be at most {RATE_LIMIT_LONGEST_WINDOW}")
    now = clock.now()
    row = _row(session, key, lock=True)
    if row is None:
        session.add(RateLimit(key=key, window_start=now, count=1))
    elif now - row.window_start >= window:
        row.window_start, row.count = now, 1
    else:
        row.count += 1
    session.commit()


def hit(session: Session, key: str, limit: int, window: dt.timedelta) -> bool:
    """Count one attempt unless the limit is reached; False when it is. Commits."""
    if blocked(session, key, limit, window):
        session.commit()
        return False
    count(session, key, window)
    return True


def clear(session: Session, key: str) -> None:
    row = _row(session, key)
    if row is not None:
        session.delete(row)
        session.commit()
