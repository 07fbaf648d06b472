"""The period types of spec section 2.2 (Decisions 1, 3, 4, 5 and 6), each a pure date function.

``weeks_after``, ``weeks_before``, ``days_beginning``, ``days_after``, ``months_after``,
``months_before``, ``months_beginning``, ``working_days_beginning``, ``working_days_after``,
``tribunal_working_days`` and ``tribunal_adjust``; ``add_months`` is the month arithmetic they share.

Each period type is computed once, by a counting function (``count_weeks_after`` ...) that returns a
:class:`Count`: the date together with the record of how it was counted (the start, N, the non-working
days passed over, whether a month was too short, which Tribunal adjustment applied). The date functions
return ``Count.on`` of that same record, and ``working.py`` explains a deadline from the record alone,
so the explanation cannot disagree with the date (spec section 2.3).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .calendar import _DATE, _ONE_DAY, _d, _n, is_working_day, next_working_day


@dataclass(frozen=True)
class Count:
    """How one date was counted: the record kept by the function that counted it.

    ``kind`` is the period type of section 2.2 (``WEEKS_AFTER`` ...), or ``SAME_DAY``, ``DAY_AFTER``
    (the earliest date after a deadline, C6), ``LATER_OF`` and ``GIVEN`` (a date a document gives, named
    by ``label``: D13's registration letter). ``on`` is the result.
    """

    kind: str
    start: dt.date  # X
    n: int  # N weeks / days / months / working days (0 where the type has none)
    on: dt.date  # the date counted
    what: str | None = None  # the start event (a key of words.STARTS), set on the parts of a LATER_OF
    label: str | None = None  # the name of a part: "D1", "D2", "(a)", "(b)" ...
    skipped: tuple[dt.date, ...] = ()  # non-working days passed over while counting, in date order
    month_end: bool = False  # MONTHS_*: the target month had no such day, so its last day was used
    step: str | None = None  # TRIBUNAL_ADJUST: "christmas" | "august" | "non_working" | None (not moved)
    named: dt.date | None = None  # FIXED_DATE: the date the law names ("before 15 February")
    strict: bool = True  # FIXED_DATE: "before" (the day before ``named``) or "by" (``named`` itself)
    parts: tuple[Count, ...] = ()  # what a LATER_OF / TRIBUNAL_ADJUST / DAY_AFTER was worked from
    chosen: int = 0  # LATER_OF: the index of the part taken (the first, on a tie)

    def as_part(self, what: str, label: str | None = None) -> Count:
        """This count as one part of a larger one, naming its start event."""
        c = self  # spelt out rather than dataclasses.replace, which is several times slower
        return Count(
            c.kind,
            c.start,
            c.n,
            c.on,
            what,
            label,
            c.skipped,
            c.month_end,
            c.step,
            c.named,
            c.strict,
            c.parts,
            c.chosen,
        )

    def origin(self) -> Count:
        """The count the clock really started from (through LATER_OF, TRIBUNAL_ADJUST and DAY_AFTER)."""
        if self.kind == "LATER_OF":
            return self.parts[self.chosen].origin()
        if self.kind in ("TRIBUNAL_ADJUST", "DAY_AFTER"):
            return self.parts[0].origin()
        return self


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    y, m0 = divmod(year * 12 + (month - 1) + n, 12)
    return y, m0 + 1


def _add_months(x: dt.date, n: int) -> tuple[dt.date, bool]:
    x = _d(x)
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"months must be a whole number, got {n!r}")
    y, m = _shift_month(x.year, x.month, n)
    last = _days_in_month(y, m)
    return _DATE(y, m, min(x.day, last)), x.day > last


def add_months(x: dt.date, n: int) -> dt.date:
    """Same day number ``n`` calendar months later (or earlier if n < 0).

    If the target month is shorter, use its last day:
    31 Jan + 1 = 28 Feb (29 Feb in a leap year); 31 Jul - 5 = 28/29 Feb.
    """
    return _add_months(x, n)[0]


# -----------------------------------------------------------------------------
# The counting functions: each period type computed once, with its record.
# -----------------------------------------------------------------------------


def count_same_day(x: dt.date) -> Count:
    """The day itself (A8, F1: "on the day of")."""
    x = _d(x)
    return Count("SAME_DAY", x, 0, x)


def count_weeks_after(x: dt.date, n: int) -> Count:
    """WEEKS_AFTER: X + 7N days; the day of X is not counted (Decision 1)."""
    x = _d(x)
    return Count("WEEKS_AFTER", x, _n(n), x + dt.timedelta(weeks=n))


def count_weeks_before(x: dt.date, n: int) -> Count:
    """WEEKS_BEFORE: latest date = X - 7N days."""
    x = _d(x)
    return Count("WEEKS_BEFORE", x, _n(n), x - dt.timedelta(weeks=n))


def count_days_beginning(x: dt.date, n: int) -> Count:
    """DAYS_BEGINNING: X is day 1, so the last day is X + N - 1 (Decision 3)."""
    x = _d(x)
    return Count("DAYS_BEGINNING", x, _n(n, 1), x + dt.timedelta(days=n - 1))


def count_days_after(x: dt.date, n: int) -> Count:
    """DAYS_AFTER: X + N days."""
    x = _d(x)
    return Count("DAYS_AFTER", x, _n(n), x + dt.timedelta(days=n))


def count_months_after(x: dt.date, n: int) -> Count:
    """MONTHS_AFTER: the same day number N months later, or that month's last day."""
    on, month_end = _add_months(x, _n(n))
    return Count("MONTHS_AFTER", x, n, on, month_end=month_end)


def count_months_before(x: dt.date, n: int) -> Count:
    """MONTHS_BEFORE: the same day number N months earlier, or that month's last day."""
    on, month_end = _add_months(x, -_n(n))
    return Count("MONTHS_BEFORE", x, n, on, month_end=month_end)


def count_months_beginning(x: dt.date, n: int) -> Count:
    """MONTHS_BEGINNING: the day before the same day number N months later, or that month's last day."""
    x = _d(x)
    y, m = _shift_month(x.year, x.month, _n(n, 1))
    if x.day <= _days_in_month(y, m):
        return Count("MONTHS_BEGINNING", x, n, _DATE(y, m, x.day) - _ONE_DAY)  # day before the anniversary
    return Count("MONTHS_BEGINNING", x, n, _DATE(y, m, _days_in_month(y, m)), month_end=True)


def count_working_days_beginning(x: dt.date, n: int) -> Count:
    """WORKING_DAYS_BEGINNING: X is day 1 if it is a working day; the Nth working day."""
    x, skipped = _d(x), []
    d = x
    while not is_working_day(d):
        skipped.append(d)
        d += _ONE_DAY
    for _ in range(_n(n, 1) - 1):
        d += _ONE_DAY
        while not is_working_day(d):
            skipped.append(d)
            d += _ONE_DAY
    return Count("WORKING_DAYS_BEGINNING", x, n, d, skipped=tuple(skipped))


def count_working_days_after(x: dt.date, n: int) -> Count:
    """WORKING_DAYS_AFTER: counting starts the day after X; the Nth working day."""
    x, skipped = _d(x), []
    d = x
    for _ in range(_n(n, 1)):
        d += _ONE_DAY
        while not is_working_day(d):
            skipped.append(d)
            d += _ONE_DAY
    return Count("WORKING_DAYS_AFTER", x, n, d, skipped=tuple(skipped))


def _in_christmas_period(d: dt.date) -> bool:
    """25 December to 1 January inclusive (HESC r.12)."""
    return (d.month == 12 and d.day >= 25) or (d.month == 1 and d.day == 1)


def _is_tribunal_working_day(d: dt.date) -> bool:
    return is_working_day(d) and d.month != 8 and not _in_christmas_period(d)


def count_tribunal_working_days(x: dt.date, n: int) -> Count:
    """TRIBUNAL_WORKING_DAYS: as WORKING_DAYS_AFTER, also skipping 25 Dec - 1 Jan and August."""
    x, skipped = _d(x), []
    d = x
    for _ in range(_n(n, 1)):
        d += _ONE_DAY
        while not _is_tribunal_working_day(d):
            skipped.append(d)
            d += _ONE_DAY
    return Count("TRIBUNAL_WORKING_DAYS", x, n, d, skipped=tuple(skipped))


def _passed(first: dt.date, until: dt.date) -> tuple[dt.date, ...]:
    """The non-working days from ``first`` up to, not including, ``until``."""
    out, d = [], first
    while d < until:
        if not is_working_day(d):
            out.append(d)
        d += _ONE_DAY
    return tuple(out)


def count_tribunal_adjust(raw: Count | dt.date) -> Count:
    """TRIBUNAL_ADJUST: Decision 6 steps 2 to 4, checked once against ``raw`` (see tribunal_adjust)."""
    if not isinstance(raw, Count):
        raw = Count("SAME_DAY", _d(raw), 0, _d(raw))
    d = raw.on
    if _in_christmas_period(d):  # step 2
        jan_1 = _DATE(d.year + 1 if d.month == 12 else d.year, 1, 1)
        on, step, passed = next_working_day(jan_1), "christmas", jan_1
    elif d.month == 8:  # step 3
        on, step, passed = next_working_day(_DATE(d.year, 8, 31)), "august", _DATE(d.year, 9, 1)
    elif not is_working_day(d):  # step 4
        on, step, passed = next_working_day(d), "non_working", d
    else:
        on, step, passed = d, None, d
    return Count("TRIBUNAL_ADJUST", d, 0, on, step=step, skipped=_passed(passed, on), parts=(raw,))


def count_fixed_date(transfer_on: dt.date, month: int, day: int, strict: bool) -> Count:
    """FIXED_DATE: "before <day month> in the calendar year of the transfer" (Decision 5)."""
    transfer_on = _d(transfer_on, "transfer_on")
    named = _DATE(transfer_on.year, month, day)
    return Count("FIXED_DATE", transfer_on, 0, named - _ONE_DAY if strict else named, named=named, strict=strict)


def count_later_of(*parts: Count) -> Count:
    """LATER_OF: the later of the parts; on a tie, the first."""
    chosen = max(range(len(parts)), key=lambda i: (parts[i].on, -i))
    return Count("LATER_OF", parts[chosen].start, 0, parts[chosen].on, parts=parts, chosen=chosen)


def count_given(x: dt.date, on: dt.date, source: str) -> Count:
    """GIVEN: a date not counted but given by a document (``source``, e.g. the Tribunal's registration
    letter, D13), for a period that started on ``x``."""
    return Count("GIVEN", _d(x), 0, _d(on, "on"), label=source)


def count_day_after(deadline: Count) -> Count:
    """DAY_AFTER: the earliest date after a deadline has passed (C6)."""
    return Count("DAY_AFTER", deadline.on, 0, deadline.on + _ONE_DAY, parts=(deadline,))


# -----------------------------------------------------------------------------
# The date functions: each returns ``Count.on`` of its counting function.
# -----------------------------------------------------------------------------


def weeks_after(x: dt.date, n: int) -> dt.date:
    """WEEKS_AFTER, "within N weeks of X": X + 7N days (Decision 1).

    The day of X is not counted, so the due date is the same weekday.
    """
    return count_weeks_after(x, n).on


def weeks_before(x: dt.date, n: int) -> dt.date:
    """WEEKS_BEFORE, "at least N weeks before X": latest date = X - 7N days."""
    return count_weeks_before(x, n).on


def days_beginning(x: dt.date, n: int) -> dt.date:
    """DAYS_BEGINNING, "at least N days beginning with X": last day = X + N - 1.

    X is day 1 (Decision 3). The next step is allowed from X + N.
    """
    return count_days_beginning(x, n).on


def days_after(x: dt.date, n: int) -> dt.date:
    """DAYS_AFTER, "within N days of X": X + N days."""
    return count_days_after(x, n).on


def months_after(x: dt.date, n: int) -> dt.date:
    """MONTHS_AFTER, "within N months after / from X": :func:`add_months`."""
    return count_months_after(x, n).on


def months_before(x: dt.date, n: int) -> dt.date:
    """MONTHS_BEFORE, "at least N months before X": :func:`add_months` by -N."""
    return count_months_before(x, n).on


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
    return count_months_beginning(x, n).on


def working_days_beginning(x: dt.date, n: int) -> dt.date:
    """WORKING_DAYS_BEGINNING, "N working days beginning with X".

    X is day 1 if it is a working day; the result is the Nth working day.
    """
    return count_working_days_beginning(x, n).on


def working_days_after(x: dt.date, n: int) -> dt.date:
    """WORKING_DAYS_AFTER, "within N working days of X".

    Counting starts on the day after X; the result is the Nth working day.
    """
    return count_working_days_after(x, n).on


def tribunal_working_days(x: dt.date, n: int) -> dt.date:
    """TRIBUNAL_WORKING_DAYS: N working days after X, skipping 25 Dec-1 Jan
    and every day in August (HESC r.12). Counting starts the day after X."""
    return count_tribunal_working_days(x, n).on


def tribunal_adjust(d: dt.date) -> dt.date:
    """TRIBUNAL_ADJUST: Decision 6 steps 2 to 4 (HESC r.12), checked ONCE.

    2. 25 Dec - 1 Jan inclusive -> first working day after 1 January.
    3. otherwise, any day in August -> first working day in September.
    4. otherwise, a non-working day -> the next working day.

    The checks are applied once to the unadjusted date, so Saturday 31 July
    moves to Monday 2 August (step 4), not to September.
    """
    return count_tribunal_adjust(_d(d)).on
