"""F rows: transfers between LAs and between commissioning bodies (spec section 8.2). Later release."""

from __future__ import annotations

import datetime as dt

from .calendar import _d
from .periods import months_beginning, weeks_after, working_days_beginning
from .rules import Due, _due


def transfer_between_las(move_on: dt.date, aware_on: dt.date) -> Due:
    """[F1]/[F2] Old LA transfers the plan -- SEND Regulations 2014, reg 15(2).

    The later of the move date (F1) and the 15th working day beginning with
    the day the old LA became aware (F2, WORKING_DAYS_BEGINNING). The rule is
    "F2" when the 15-working-day date is later, else "F1".
    """
    move_on = _d(move_on, "move_on")
    wd15 = working_days_beginning(aware_on, 15)
    return _due("F2", wd15) if wd15 > move_on else _due("F1", move_on)


def new_la_informs(transferred_on: dt.date) -> Due:
    """[F4] New LA informs the parent/YP -- SEND Regulations 2014, reg 15(4).

    6 weeks (WEEKS_AFTER) from the transfer.
    """
    return _due("F4", weeks_after(transferred_on, 6))


def transfer_review(plan_period_start: dt.date, transferred_on: dt.date) -> Due:
    """[F5] New LA reviews a transferred plan -- SEND Regulations 2014, reg 15(5).

    LATER_OF (a) the end of the current B1 period (12 months beginning with
    ``plan_period_start``; the plan keeps its original date, F3) and (b) the
    end of the 3 months beginning with the transfer (MONTHS_BEGINNING).
    """
    return _due("F5", max(months_beginning(plan_period_start, 12), months_beginning(transferred_on, 3)))


def commissioning_body_transfer(move_on: dt.date, aware_on: dt.date) -> Due:
    """[F7] Old commissioning body notifies the new one -- SEND Regulations 2014, reg 16.

    As F1/F2: the later of the move date and the 15th working day beginning
    with the day the old body became aware (WORKING_DAYS_BEGINNING).
    """
    return _due("F7", max(_d(move_on, "move_on"), working_days_beginning(aware_on, 15)))
