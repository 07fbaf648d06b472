"""Housekeeping: rows that have served their purpose. `casework.jobs.housekeeping_job` runs it every
hour (`rq cron casework.jobs.cron`; in embedded mode the scheduler thread does).

- Rate-limit counters (`rate_limits`) whose window has passed: a fixed-window counter is reset by
  the next attempt anyway, so a row older than the longest window any limit uses only takes space
  (one row per address and email ever seen, otherwise for ever).

(The portal's sign-in link leaves its outbox row when the row is done with: `outbox.SECRET_VALUES`.)
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.engine import Connection

from casework.models import RateLimit

# the longest window a rate limit may use (web/ratelimit.py refuses a longer one)
RATE_LIMIT_LONGEST_WINDOW = dt.timedelta(days=1)


def purge_rate_limits(conn: Connection, now: dt.datetime) -> int:
    """Delete rate-limit rows whose window started longer ago than the longest window. Returns how many."""
    table = RateLimit.__table__
    return conn.execute(delete(table).where(table.c.window_start < now - RATE_LIMIT_LONGEST_WINDOW)).rowcount
