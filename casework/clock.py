"""The only place the product reads the time.

Business dates (request received, advice requested, meeting held) are recorded facts and never
come from here; this module answers "what is today?" for statuses (overdue or not), the sweep and
validation ("occurred_on may not be in the future"). ``CASEWORK_TODAY=YYYY-MM-DD`` freezes today
for training environments, demos and acceptance tests; tests move the clock with freezegun.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=8)
def _parse_frozen(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RuntimeError(f"CASEWORK_TODAY must be a date written YYYY-MM-DD, not {value!r}") from exc


def frozen_today() -> dt.date | None:
    value = os.environ.get("CASEWORK_TODAY")
    return _parse_frozen(value) if value else None


def now() -> dt.datetime:
    """The current time in Europe/London (timezone-aware). With CASEWORK_TODAY set, that date
    with the current time of day, so recorded_at stays consistent with today()."""
    current = dt.datetime.now(LONDON)
    frozen = frozen_today()
    if frozen is not None:
        current = current.replace(year=frozen.year, month=frozen.month, day=frozen.day)
    return current


def today() -> dt.date:
    """Today's date in Europe/London."""
    return frozen_today() or dt.datetime.now(LONDON).date()
