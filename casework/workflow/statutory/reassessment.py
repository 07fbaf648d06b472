"""G rows: re-assessment and other clocks (spec section 8.3). Later release."""

from __future__ import annotations

import datetime as dt

from .periods import count_days_after, count_months_after, count_weeks_after
from .rules import Due, _due


def reassessment_decision(received_on: dt.date) -> Due:
    """[G1] Decision whether to re-assess -- SEND Regulations 2014, regs 24-25.

    15 days (DAYS_AFTER) from receipt of the request (start via clock_start).
    """
    return _due("G1", count_days_after(received_on, 15), "reassessment_request")


def six_month_rule(last_assessed_on: dt.date) -> Due:
    """[G2] Re-assessment may be refused within 6 months of the last assessment -- SEND Regulations 2014, reg 24.

    6 months (MONTHS_AFTER) after the last EHC needs assessment or re-assessment was completed. A
    request received before this date may be refused for that reason; one received on or after it may not.
    """
    return _due("G2", count_months_after(last_assessed_on, 6), "last_assessment")


def reassessment_plan(decision_notified_on: dt.date) -> Due:
    """[G3] Final plan after re-assessment -- SEND Regulations 2014, reg 27(2).

    14 weeks (WEEKS_AFTER) from NOTIFICATION of the decision to re-assess
    (not the date of the decision itself, section 2.5).
    """
    return _due("G3", count_weeks_after(decision_notified_on, 14), "reassessment_notified")


def direct_payments_review(payments_started_on: dt.date) -> Due:
    """[G6] First review of direct payments -- SEND (Personal Budgets) Regulations 2014, reg 11.

    Within the first 3 months (MONTHS_AFTER) of the payments starting.
    """
    return _due("G6", count_months_after(payments_started_on, 3), "payments_started")


def detained_person_decision(received_on: dt.date) -> Due:
    """[G7] Detained person: decision whether to assess -- SEND (Detained Persons) Regulations 2015, reg 5.

    6 weeks (WEEKS_AFTER) from the request or the person being brought to the
    LA's attention.
    """
    return _due("G7", count_weeks_after(received_on, 6), "detained_request")
