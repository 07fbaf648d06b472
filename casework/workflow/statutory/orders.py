"""E rows: Tribunal orders and unopposed appeals (spec section 8.1). Later release.

All limits are WEEKS_AFTER from the order clock start (E9).
"""

from __future__ import annotations

import datetime as dt

from .calendar import _d
from .periods import count_weeks_after
from .rules import Due, _due
from .settings import DEFAULT_SETTINGS, Settings

# kind -> (rule ID, weeks). "E5" is a change of named school only;
# "E5_with_content" is when the order also amends the content (E4).
_ORDER_WEEKS: dict[str, tuple[str, int]] = {
    "E1": ("E1", 0),  # reg 44(2)(a): cease immediately (the order date)
    "E2": ("E2", 2),  # reg 44(2)(b): tell the parent/YP it will assess
    "E2a": ("E2a", 10),  # reg 44(2)(b)(i): decision not to issue a plan
    "E2b": ("E2b", 14),  # reg 44(2)(b)(ii): final plan
    "E3": ("E3", 5),  # reg 44(2)(c)(i): draft plan
    "E3a": ("E3a", 11),  # reg 44(2)(c)(ii): final plan
    "E4": ("E4", 5),  # amended plan (needs/provision)
    "E5": ("E5", 2),  # amend section I only
    "E5_with_content": ("E5", 5),  # amend section I and content
    "E6": ("E6", 0),  # continue to maintain: immediately
    "E7": ("E7", 5),  # continue and amend: amended plan
}


def order_clock_start(
    made_on: dt.date | None, sent_on: dt.date | None, settings: Settings = DEFAULT_SETTINGS
) -> dt.date:
    """[E9] Start of a Tribunal order clock -- SEND Regulations 2014, reg 44; HMCTS SEND18.

    The date the order was made (default) or, with
    ``tribunal_order_clock_starts_on = "sent"``, the date it was sent.
    Raises ValueError if the date the setting needs is missing.
    """
    which = settings.tribunal_order_clock_starts_on
    chosen = made_on if which == "made" else sent_on
    if chosen is None:
        raise ValueError(f"the order's date {which} is needed (tribunal_order_clock_starts_on={which!r})")
    return _d(chosen)


def tribunal_order(kind: str, order_start: dt.date) -> Due:
    """[E1]-[E7] Complying with a Tribunal order -- SEND Regulations 2014, reg 44(2); HMCTS SEND18.

    ``kind``: "E1" (immediately), "E2" (2 weeks), "E2a" (10), "E2b" (14),
    "E3" (5), "E3a" (11), "E4" (5), "E5" (2), "E5_with_content" (5),
    "E6" (immediately), "E7" (5). WEEKS_AFTER from :func:`order_clock_start`.
    """
    try:
        rule, weeks = _ORDER_WEEKS[kind]
    except (KeyError, TypeError):
        raise ValueError(
            f"Tribunal order kind {kind!r}; allowed values: " + ", ".join(map(repr, _ORDER_WEEKS))
        ) from None
    return _due(rule, count_weeks_after(order_start, weeks), "order")


def directed_order(kind: str, order_start: dt.date, weeks: int) -> Due:
    """[E1] Complying with a Tribunal order in the period the Tribunal directed -- SEND Regulations 2014, reg 44(2).

    Where the Tribunal directs a period other than reg 44's for one of its requirements, that period
    applies: WEEKS_AFTER ``weeks`` from :func:`order_clock_start`, under the rule of ``kind`` (as for
    :func:`tribunal_order`: "E3a" for the final plan of an order to make one ...).
    """
    try:
        rule, _ = _ORDER_WEEKS[kind]
    except (KeyError, TypeError):
        raise ValueError(f"Tribunal order kind {kind!r}") from None
    return _due(rule, count_weeks_after(order_start, weeks), "order")


_E10_WEEKS = {
    "assess": 2,  # appeal against not assessing / re-assessing: tell them it will assess
    "no_plan": 10,  # ...then decides not to issue a plan
    "final_plan": 14,  # ...otherwise issue the final plan
    "amended_plan": 5,  # appeal about content / refusal to amend: amended plan
}


def _e10_weeks(kind: str) -> int:
    try:
        return _E10_WEEKS[kind]
    except (KeyError, TypeError):
        raise ValueError(
            f"unopposed appeal kind {kind!r}; allowed values: " + ", ".join(map(repr, _E10_WEEKS))
        ) from None


def unopposed_appeal(kind: str, told_tribunal_on: dt.date) -> Due:
    """[E10] Unopposed appeal -- SEND Regulations 2014, reg 45(3)-(4) (SI 2015/359).

    WEEKS_AFTER the date the LA told the Tribunal it will not oppose:
    "assess" 2 weeks, "no_plan" 10, "final_plan" 14, "amended_plan" 5.
    """
    return _due("E10", count_weeks_after(told_tribunal_on, _e10_weeks(kind)), "told_tribunal")


def recommendation_response(recommended_on: dt.date, settings: Settings = DEFAULT_SETTINGS) -> Due:
    """[E11] Response to a Tribunal recommendation -- SI 2017/1306, reg 6.

    ``recommendation_response_weeks`` (default 5) weeks (WEEKS_AFTER).
    """
    return _due("E11", count_weeks_after(recommended_on, settings.recommendation_response_weeks), "recommendation")
