"""Months as the figures count them: 'YYYY-MM', the first day, the day after the last."""

from __future__ import annotations

import datetime as dt
import re

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_MONTHS = 120  # the longest range a page or the API asks for at once


def parse(value: str) -> str:
    """A month 'YYYY-MM' (ValueError otherwise)."""
    m = MONTH.match(value or "")
    if not m or not 1900 < int(m.group(1)) < 2200:
        raise ValueError(f"'{value}' is not a month written YYYY-MM.")
    return value


def of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def shift(month: str, n: int) -> str:
    y, m0 = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{y:04d}-{m0 + 1:02d}"


def after(month: str) -> dt.date:
    """The first day of the next month (ranges are [first_day, after))."""
    return first_day(shift(month, 1))


def last_day(month: str) -> dt.date:
    return after(month) - dt.timedelta(days=1)


def between(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive."""
    out, m = [], first
    while m <= last:
        out.append(m)
        m = shift(m, 1)
    return out


def trailing(last: str, n: int = 12) -> list[str]:
    """The n months ending with `last` (a 12-month trend)."""
    return between(shift(last, 1 - n), last)


def label(month: str) -> str:
    """'March 2027'."""
    return first_day(month).strftime("%B %Y")


def short_label(month: str) -> str:
    """'Mar 27'."""
    return first_day(month).strftime("%b %y")


def quarter_start(month: str) -> str:
    """The first month of the calendar quarter `month` is in ('2026-05' -> '2026-04')."""
    year, m = int(month[:4]), int(month[5:7])
    return f"{year:04d}-{(m - 1) // 3 * 3 + 1:02d}"


def quarter_label(month: str) -> str:
    """'April to June 2026' for any month of that quarter."""
    first = quarter_start(month)
    return f"{label(first).split()[0]} to {label(shift(first, 2))}"
