"""Working days, bank holidays and timestamps (spec section 2.1; Decisions 1, 2 and 6).

* Working days are Monday to Friday excluding England & Wales bank holidays from
  ``holidays.country_holidays("GB", subdiv="ENG")`` (Decision 6).
* Timestamps become Europe/London calendar dates before counting (section 2.1).
* The period types of section 2.2 that count on this calendar are in ``periods.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays

from .settings import DEFAULT_SETTINGS, Settings

# Real classes captured at import time, so that type checks keep working if a
# test library (e.g. freezegun) later swaps ``datetime.date`` for a subclass.
_DATE = dt.date
_DATETIME = dt.datetime
_ONE_DAY = dt.timedelta(days=1)
_LONDON = ZoneInfo("Europe/London")


def _d(x: object, what: str = "date") -> dt.date:
    """Accept a plain date only. Timestamps must go through to_local_date first."""
    if isinstance(x, _DATETIME):
        raise TypeError(
            f"{what} must be a date, not a datetime; convert it with to_local_date() (Europe/London, spec 2.1)"
        )
    if not isinstance(x, _DATE):
        raise TypeError(f"{what} must be a datetime.date, got {type(x).__name__}")
    return x


def _n(n: object, minimum: int = 0) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise ValueError(f"period length must be a whole number >= {minimum}, got {n!r}")
    return n


@functools.cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    """England & Wales bank holidays for one year, loaded once per year."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(d: dt.date) -> bool:
    """Monday to Friday and not an England & Wales bank holiday (Decision 6)."""
    if isinstance(d, _DATETIME):  # a datetime never equals a date: refuse it
        raise TypeError("is_working_day() needs a date, not a datetime")
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


@functools.cache
def _bank_holiday_names(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


def bank_holiday_name(d: dt.date) -> str | None:
    """The name of the England & Wales bank holiday on ``d`` (as the ``holidays`` package gives it), or None.

    A substitute day (the package's "Boxing Day (observed)") reads "substitute day for Boxing Day".
    """
    name = _bank_holiday_names(_d(d).year).get(d)
    if name is None:
        return None
    return "; ".join(
        f"substitute day for {n.removesuffix(' (observed)')}" if n.endswith(" (observed)") else n
        for n in name.split("; ")
    )


def last_working_day(d: dt.date) -> tuple[dt.date, tuple[dt.date, ...]]:
    """The last working day on or before ``d``, and the non-working days passed over (latest first)."""
    d, passed = _d(d), []
    while not is_working_day(d):
        passed.append(d)
        d -= _ONE_DAY
    return d, tuple(passed)


def practical_date(d: dt.date) -> dt.date:
    """Last working day on or before ``d`` (Decision 1, section 2.3)."""
    return last_working_day(d)[0]


def next_working_day(d: dt.date) -> dt.date:
    """First working day strictly after ``d``."""
    d = _d(d) + _ONE_DAY
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def to_local_date(ts: dt.datetime) -> dt.date:
    """The Europe/London calendar date of a timezone-aware timestamp (2.1).

    Example: 23:30 UTC on a Sunday during British Summer Time is Monday.
    A naive datetime raises ``ValueError``: its time zone is unknown.
    """
    if not isinstance(ts, _DATETIME):
        raise TypeError(f"to_local_date() needs a datetime, got {type(ts).__name__}")
    if ts.tzinfo is None or ts.tzinfo.utcoffset(ts) is None:
        raise ValueError("timestamp is naive (no time zone); cannot find its London date")
    local = ts.astimezone(_LONDON)
    return _DATE(local.year, local.month, local.day)


def clock_start(received: dt.date | dt.datetime, settings: Settings = DEFAULT_SETTINGS) -> dt.date:
    """Start date of a clock that runs from receipt (Decision 2; 2.1).

    A timestamp is first converted to its London date. With the default
    ``receipt_on_non_working_day = "calendar"`` that date is the start date,
    even on a weekend or bank holiday. With ``"next_working_day"`` a
    non-working day moves to the next working day.
    """
    day = to_local_date(received) if isinstance(received, _DATETIME) else _d(received)
    if settings.receipt_on_non_working_day == "next_working_day" and not is_working_day(day):
        day = next_working_day(day)
    return day
