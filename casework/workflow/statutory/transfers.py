"""F rows: transfers between LAs and between commissioning bodies (spec section 8.2). Later release."""

from __future__ import annotations

import datetime as dt

from .calendar import _d
from .periods import (
    count_later_of,
    count_months_beginning,
    count_same_day,
    count_weeks_after,
    count_working_days_beginning,
)
from .rules import Due, _due


def transfer_between_las(move_on: dt.date, aware_on: dt.date) -> Due:
    """[F1]/[F2] Old LA transfers the plan -- SEND Regulations 2014, reg 15(2).

    The later of the move date (F1) and the 15th working day beginning with
    the day the old LA became aware (F2, WORKING_DAYS_BEGINNING). The rule is
    "F2" when the 15-working-day date is later, else "F1".
    """
    move_on = _d(move_on, "move_on")
    counted = count_later_of(  # F1 on a tie
        count_same_day(move_on).as_part("move", "F1"),
        count_working_days_beginning(aware_on, 15).as_part("aware_of_move", "F2"),
    )
    return _due(counted.origin().label, counted)


def new_la_informs(transferred_on: dt.date) -> Due:
    """[F4] New LA informs the parent/YP -- SEND Regulations 2014, reg 15(4).

    6 weeks (WEEKS_AFTER) from the transfer.
    """
    return _due("F4", count_weeks_after(transferred_on, 6), "transferred")


def transfer_review(plan_period_start: dt.date, transferred_on: dt.date) -> Due:
    """[F5] New LA reviews a transferred plan -- SEND Regulations 2014, reg 15(5).

    LATER_OF (a) the end of the current B1 period (12 months beginning with
    ``plan_period_start``; the plan keeps its original date, F3) and (b) the
    end of the 3 months beginning with the transfer (MONTHS_BEGINNING).
    """
    counted = count_later_of(
        count_months_beginning(plan_period_start, 12).as_part("review_period", "(a)"),
        count_months_beginning(transferred_on, 3).as_part("transferred", "(b)"),
    )
    return _due("F5", counted)


def commissioning_body_transfer(move_on: dt.date, aware_on: dt.date) -> Due:
    """[F7] Old commissioning body notifies the new one -- SEND Regulations 2014, reg 16.

    As F1/F2: the later of the move date and the 15th working day beginning
    with the day the old body became aware (WORKING_DAYS_BEGINNING).
    """
    counted = count_later_of(
        count_same_day(_d(move_on, "move_on")).as_part("move", "(a)"),
        count_working_days_beginning(aware_on, 15).as_part("body_aware_of_move", "(b)"),
    )
    return _due("F7", counted)
