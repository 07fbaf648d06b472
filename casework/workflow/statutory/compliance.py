"""Compliance outcome (spec section 2.3). Judged on due_on, never practical_on."""

from __future__ import annotations

import datetime as dt

from .calendar import _d


def outcome(due_on: dt.date, met_on: dt.date | None, today: dt.date, applicable: bool = True) -> str:
    """One of "not_applicable", "met", "missed", "overdue", "pending".

    * met: done on or before the due date; missed: done after it;
    * overdue: not done and today is after the due date; pending otherwise.
    ``today`` is passed in by the caller: this module never reads the clock.
    """
    if not applicable:
        return "not_applicable"
    due_on = _d(due_on, "due_on")
    if met_on is not None:
        return "met" if _d(met_on, "met_on") <= due_on else "missed"
    return "overdue" if _d(today, "today") > due_on else "pending"
