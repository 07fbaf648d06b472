"""The period types of spec section 2.2 (Decisions 1, 3, 4, 5 and 6), each a pure date function.

``weeks_after``, ``weeks_before``, ``days_beginning``, ``days_after``, ``months_after``,
``months_before``, ``months_beginning``, ``working_days_beginning``, ``working_days_after``,
``tribunal_working_days`` and ``tribunal_adjust``; ``add_months`` is the month arithmetic they share.
"""

from __future__ import annotations

import calendar
import datetime as dt

from .calendar import _DATE, _ONE_DAY, _d, _n, is_working_day, next_working_day


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    y, m0 = divmod(year * 12 + (month - 1) + n, 12)
    return y, m0 + 1


def add_months(x: dt.date, n: int) -> dt.date:
    """Same day number ``n`` calendar months later (or earlier if n < 0).

    If the target month is shorter, use its last day:
    31 Jan + 1 = 28 Feb (29 Feb in a leap year); 31 Jul - 5 = 28/29 Feb.
    """
    x = _d(x)
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"months must be a whole number, got {n!r}")
    y, m = _shift_month(x.year, x.month, n)
    return _DATE(y, m, min(x.day, _days_in_month(y, m)))


def weeks_after(x: dt.date, n: int) -> dt.date:
    """WEEKS_AFTER, "within N weeks of X": X + 7N days (Decision 1).

    The day of X is not counted, so the due date is the same weekday.
    """
    return _d(x) + dt.timedelta(weeks=_n(n))


def weeks_before(x: dt.date, n: int) -> dt.date:
    """WEEKS_BEFORE, "at least N weeks before X": latest date = X - 7N days."""
    return _d(x) - dt.timedelta(weeks=_n(n))


def days_beginning(x: dt.date, n: int) -> dt.date:
    """DAYS_BEGINNING, "at least N days beginning with X": last day = X + N - 1.

    X is day 1 (Decision 3). The next step is allowed from X + N.
    """
    return _d(x) + dt.timedelta(days=_n(n, 1) - 1)


def days_after(x: dt.date, n: int) -> dt.date:
    """DAYS_AFTER, "within N days of X": X + N days."""
    return _d(x) + dt.timedelta(days=_n(n))


def months_after(x: dt.date, n: int) -> dt.date:
    """MONTHS_AFTER, "within N months after / from X": :func:`add_months`."""
    return add_months(x, _n(n))


def months_before(x: dt.date, n: int) -> dt.date:
    """MONTHS_BEFORE, "at least N months before X": :func:`add_months` by -N."""
    return add_months(x, -_n(n))


def months_beginning(x: dt.date, n: int) -> dt.date:
    """MONTHS_BEGINNING, "period of N months starting with X": its last day.

    The period ends the day before the same day number N months later.
    If the target month has no such day, the period ends on that month's last
    day. So 1 Oct + 3 -> 31 Dec; 31 Jan 2026 + 12 -> 30 Jan 2027;
    1 Mar 2027 + 12 -> 29 Feb 2028; 29 Feb 2028 + 12 -> 28 Feb 2029
    (Decision 4: the anniversary is taken as 1 March).

    Never compute this as "(X - 1 day) + N months": that gives 28 Feb 2028
    for 1 Mar 2027, one day early.
    """
    x = _d(x)
    y, m = _shift_month(x.year, x.month, _n(n, 1))
    if x.day <= _days_in_month(y, m):
        return _DATE(y, m, x.day) - _ONE_DAY  # day before the anniversary
    return _DATE(y, m, _days_in_month(y, m))  # no such day: end of that month


def working_days_beginning(x: dt.date, n: int) -> dt.date:
    """WORKING_DAYS_BEGINNING, "N working days beginning with X".

    X is day 1 if it is a working day; the result is the Nth working day.
    """
    d = _d(x)
    if not is_working_day(d):
        d = next_working_day(d)
    for _ in range(_n(n, 1) - 1):
        d = next_working_day(d)
    return d


def working_days_after(x: dt.date, n: int) -> dt.date:
    """WORKING_DAYS_AFTER, "within N working days of X".

    Counting starts on the day after X; the result is the Nth working day.
    """
    d = _d(x)
    for _ in range(_n(n, 1)):
        d = next_working_day(d)
    return d


def _in_christmas_period(d: dt.date) -> bool:
    """25 December to 1 January inclusive (HESC r.12)."""
    return (d.month == 12 and d.day >= 25) or (d.month == 1 and d.day == 1)


def _is_tribunal_working_day(d: dt.date) -> bool:
    return is_working_day(d) and d.month != 8 and not _in_christmas_period(d)


def tribunal_working_days(x: dt.date, n: int) -> dt.date:
    """TRIBUNAL_WORKING_DAYS: N working days after X, skipping 25 Dec-1 Jan
    and every day in August (HESC r.12). Counting starts the day after X."""
    d = _d(x)
    for _ in range(_n(n, 1)):
        d += _ONE_DAY
        while not _is_tribunal_working_day(d):
            d += _ONE_DAY
    return d


def tribunal_adjust(d: dt.date) -> dt.date:
    """TRIBUNAL_ADJUST: Decision 6 steps 2 to 4 (HESC r.12), checked ONCE.

    2. 25 Dec - 1 Jan inclusive -> first working day after 1 January.
    3. otherwise, any day in August -> first working day in September.
    4. otherwise, a non-working day -> the next working day.

    The checks are applied once to the unadjusted date, so Saturday 31 July
    moves to Monday 2 August (step 4), not to September.
    """
    d = _d(d)
    if _in_christmas_period(d):  # step 2
        jan_1 = _DATE(d.year + 1 if d.month == 12 else d.year, 1, 1)
        return next_working_day(jan_1)
    if d.month == 8:  # step 3
        return next_working_day(_DATE(d.year, 8, 31))  # first working day in September
    if not is_working_day(d):  # step 4
        return next_working_day(d)
    return d
