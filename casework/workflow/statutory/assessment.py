"""A rows: EHC needs assessment (spec section 3) and advice (section 4, A2).

A1, A3 and A7 all run from the same start: clock_start() of the request (or the
date the LA became responsible under CFA s.24). Nothing restarts them.
"""

from __future__ import annotations

import datetime as dt

from .calendar import _d
from .periods import count_days_after, count_days_beginning, count_same_day, count_weeks_after
from .rules import Due, _due


def decision_to_assess(received_on: dt.date) -> Due:
    """[A1] Decision whether to assess -- SEND Regulations 2014, reg 5(1).

    6 weeks (WEEKS_AFTER) from receipt of the request.
    """
    return _due("A1", count_weeks_after(received_on, 6), "request")


def advice_due(received_by_adviser_on: dt.date) -> Due:
    """[A2] Advice from a body asked to co-operate -- SEND Regulations 2014, reg 8(1).

    6 weeks (WEEKS_AFTER) from the date the advice-giver received the request.
    """
    return _due("A2", count_weeks_after(received_by_adviser_on, 6), "advice_request")


def no_plan_decision(received_on: dt.date) -> Due:
    """[A3] Decision not to issue a plan -- SEND Regulations 2014, reg 10(1).

    16 weeks (WEEKS_AFTER) from receipt of the request.
    """
    return _due("A3", count_weeks_after(received_on, 16), "request")


def representations(served_on: dt.date) -> Due:
    """[A4] Last day for representations on the draft -- SEND Regulations 2014, reg 13(1)(a).

    At least 15 days beginning with service (DAYS_BEGINNING, Decision 3):
    the last day is served + 14.
    """
    return _due("A4", count_days_beginning(served_on, 15), "draft_served")


def _earliest_after_representations(served_on: dt.date, no_representations_on: dt.date | None) -> dt.date:
    served_on = _d(served_on, "served_on")
    earliest = served_on + dt.timedelta(days=15)  # Decision 3: from S + 15
    if no_representations_on is not None:
        said = _d(no_representations_on, "no_representations_on")
        if said < served_on:
            raise ValueError("no_representations_on is before the date of service")
        earliest = min(earliest, said)
    return earliest


def earliest_final_plan(served_on: dt.date, no_representations_on: dt.date | None = None) -> dt.date:
    """[A4] Earliest date the final plan may be issued -- SEND Regulations 2014, reg 13(1)(a).

    Served + 15 (Decision 3). If the parent/YP has said they have no
    representations (recorded ``no_representations`` event), the plan may be
    finalised from that date instead, if earlier.
    """
    return _earliest_after_representations(served_on, no_representations_on)


def draft_plan_target(received_on: dt.date) -> Due:
    """[A5] Draft plan planning target -- no statutory deadline (statutory=False).

    End of week 14: received + 98 days, so A4 and A6 fit before A7.
    """
    return _due("A5", count_weeks_after(received_on, 14), "request")


def school_consultation_reply(sent_on: dt.date) -> Due:
    """[A6] School reply to consultation -- SEND Code of Practice 2015, para 9.83.

    15 days (DAYS_AFTER) from sending. Guidance, not an LA deadline (statutory=False).
    """
    return _due("A6", count_days_after(sent_on, 15), "consultation_sent")


def final_plan(received_on: dt.date) -> Due:
    """[A7] Final plan issued -- SEND Regulations 2014, reg 13(2).

    20 weeks (WEEKS_AFTER) from receipt of the request. "Within 20 weeks" in
    SEN2 reporting is the same date (received + 140 days, section 9.4).
    """
    return _due("A7", count_weeks_after(received_on, 20), "request")


def appeal_notice_with_plan(plan_issued_on: dt.date) -> Due:
    """[A8] Appeal and mediation notice with the final plan -- SEND Regulations 2014, reg 14.

    The same day the final plan is issued.
    """
    return _due("A8", count_same_day(plan_issued_on), "plan_issued")
