"""Fixed-window rate limits kept in the database, so every worker sees the same counts."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from casework import clock
from casework.models import RateLimit
from casework.workflow.housekeeping import RATE_LIMIT_LONGEST_WINDOW


def key_for(kind: str, value: str) -> str:
    """Keys carry a hash, never an email address or IP in clear."""
    return f"{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]}"


def hit(session: Session, key: str, limit: int, window: dt.timedelta) -> bool:
    """Count one attempt; False when the limit for the window is already reached. Commits."""
    if window > RATE_LIMIT_LONGEST_WINDOW:  # the hourly housekeeping deletes rows older than that
        raise ValueError(f"a rate-limit window may be at most {RATE_LIMIT_LONGEST_WINDOW}")
    now = clock.now()
    row = session.get(RateLimit, key, with_for_update=session.bind.dialect.name == "postgresql")
    if row is None:
        session.add(RateLimit(key=key, window_start=now, count=1))
        session.commit()
        return True
    if now - row.window_start >= window:
        row.window_start, row.count = now, 1
        session.commit()
        return True
    if row.count >= limit:
        session.commit()
        return False
    row.count += 1
    session.commit()
    return True


def clear(session: Session, key: str) -> None:
    row = session.get(RateLimit, key)
    if row is not None:
        session.delete(row)
        session.commit()
