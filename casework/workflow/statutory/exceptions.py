"""Exceptions and closures (spec section 9).

Decision 8: an exception NEVER moves a due date; it only marks the deadline
"exception applies".
"""

from __future__ import annotations

import datetime as dt

from .calendar import _d
from .rules import RULES

_ASSESSMENT_REASONS = frozenset(
    {"school_closure", "exceptional_personal_circumstances", "absent_from_area"}
)  # reg 5(4), 10(4), 13(3), 27(3)
_ADVICE_REASONS = frozenset({"exceptional_circumstances", "absent_from_area", "missed_appointment"})  # reg 8(2)
_ORDER_REASONS = frozenset(
    {"exceptional_personal_circumstances", "absent_from_area", "school_closure", "late_representations"}
)  # reg 44(3); applies to E1-E7 and E10

# Lawful reason codes per rule ID (section 9.1 table). Every rule is listed;
# an empty set means no exception is lawful. "coronavirus_2020" is for
# migrated historical cases only and is never allowed here.
EXCEPTION_REASONS: dict[str, frozenset[str]] = {rule_id: frozenset() for rule_id in RULES}
EXCEPTION_REASONS.update(
    {
        "A1": _ASSESSMENT_REASONS,
        "A3": _ASSESSMENT_REASONS,
        "A7": _ASSESSMENT_REASONS,
        "G3": _ASSESSMENT_REASONS,
        "A2": _ADVICE_REASONS,
    }
)
EXCEPTION_REASONS.update(
    dict.fromkeys(("E1", "E2", "E2a", "E2b", "E3", "E3a", "E4", "E5", "E6", "E7", "E10"), _ORDER_REASONS)
)


def exception_allowed(rule_id: str, reason: str) -> bool:
    """True if ``reason`` is a lawful exception code for ``rule_id`` (section 9.1)."""
    return reason in EXCEPTION_REASONS.get(rule_id, frozenset())


def _check_closure(closed_from: dt.date, reopens_on: dt.date) -> None:
    if _d(reopens_on, "reopens_on") <= _d(closed_from, "closed_from"):
        raise ValueError("reopens_on must be after closed_from")


def closure_qualifies(closed_from: dt.date, reopens_on: dt.date) -> bool:
    """Section 9.3(2): a closure qualifies if reopens_on - closed_from >= 28 days.

    ``closed_from`` is the first day closed, ``reopens_on`` the first day back.
    """
    _check_closure(closed_from, reopens_on)
    return (reopens_on - closed_from).days >= 28


def closure_window(closed_from: dt.date, reopens_on: dt.date) -> tuple[dt.date, dt.date]:
    """Section 9.3(3): (closed_from - 7 days, reopens_on - 7 days), both inclusive."""
    _check_closure(closed_from, reopens_on)
    week = dt.timedelta(days=7)
    return closed_from - week, reopens_on - week


def closure_exception_available(advice_requested_on: dt.date, closed_from: dt.date, reopens_on: dt.date) -> bool:
    """Section 9.3(4): the school_closure exception is AVAILABLE (not applied).

    True when the closure qualifies and the LA's advice request to that
    setting was made inside the closure window. It applies only when an
    officer records it with a note (Decision 8); the due date never moves.
    """
    if not closure_qualifies(closed_from, reopens_on):
        return False
    start, end = closure_window(closed_from, reopens_on)
    return start <= _d(advice_requested_on, "advice_requested_on") <= end
