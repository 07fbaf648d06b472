"""D rows: mediation and appeal (spec section 7; Decision 6 for D1/D2)."""

from __future__ import annotations

import datetime as dt

from .orders import _e10_weeks
from .periods import (
    count_days_after,
    count_given,
    count_later_of,
    count_months_after,
    count_tribunal_adjust,
    count_tribunal_working_days,
    count_weeks_after,
    count_working_days_after,
)
from .rules import Due, _due
from .settings import DEFAULT_SETTINGS, Settings


def appeal_deadline(notice_sent_on: dt.date, certificate_issued_on: dt.date | None = None) -> Due:
    """[D1]/[D2] Appeal must reach the Tribunal -- Tribunal Procedure (HESC) Rules 2008, r.20(1)(c) and r.12.

    1. raw1 = notice sent + 2 months (D1, MONTHS_AFTER).
    2. raw2 = certificate issued + 1 month (D2), where a certificate exists.
    3. due = tribunal_adjust(later of raw1 and raw2) (Decision 6).
    The rule is "D2" when the certificate gives the later raw date, else "D1".
    These are the only deadlines that move; the result is always a working
    day, so practical_on == due_on.
    """
    raw = count_months_after(notice_sent_on, 2).as_part("notice_sent", "D1")
    if certificate_issued_on is not None:  # the later raw date; D1 on a tie
        raw = count_later_of(raw, count_months_after(certificate_issued_on, 1).as_part("certificate", "D2"))
    counted = count_tribunal_adjust(raw)
    return _due(counted.origin().label, counted)


def mediation_contact(notice_sent_on: dt.date) -> Due:
    """[D3] Parent/YP contacts the mediation adviser -- SEND Regulations 2014, reg 33.

    2 months (MONTHS_AFTER) after the decision notice was sent.
    No Tribunal adjustment: this is not a Tribunal rule.
    """
    return _due("D3", count_months_after(notice_sent_on, 2), "notice_sent")


def certificate_without_mediation(adviser_told_on: dt.date) -> Due:
    """[D4] Certificate when mediation is not wanted -- SEND Regulations 2014, regs 33-34.

    3 working days (WORKING_DAYS_AFTER) after the adviser is told.
    """
    return _due("D4", count_working_days_after(adviser_told_on, 3), "no_mediation")


def health_issues_notice(la_told_on: dt.date) -> Due:
    """[D5] LA tells each relevant ICB about health issues -- SEND Regulations 2014, regs 35-36.

    3 working days (WORKING_DAYS_AFTER) after the LA is told mediation is wanted.
    """
    return _due("D5", count_working_days_after(la_told_on, 3), "mediation_wanted")


def mediation_held(la_told_on: dt.date, health_only: bool = False, settings: Settings = DEFAULT_SETTINGS) -> Due:
    """[D6] Mediation takes place -- SEND Regulations 2014, regs 35-37.

    30 days (DAYS_AFTER) after the LA (for health-only issues, the ICB) is told
    mediation is wanted. For health-only issues with
    ``health_mediation_day_type = "working"``: 30 working days (WORKING_DAYS_AFTER).
    """
    if health_only and settings.health_mediation_day_type == "working":
        return _due("D6", count_working_days_after(la_told_on, 30), "mediation_wanted")
    return _due("D6", count_days_after(la_told_on, 30), "mediation_wanted")


def certificate_cannot_arrange(adviser_told_on: dt.date) -> Due:
    """[D7] Certificate when mediation cannot be arranged -- SEND Regulations 2014, regs 35-37.

    3 working days (WORKING_DAYS_AFTER) after the adviser is told.
    """
    return _due("D7", count_working_days_after(adviser_told_on, 3), "cannot_arrange")


def certificate_after_mediation(mediation_ended_on: dt.date) -> Due:
    """[D8] Certificate after mediation -- SEND Regulations 2014, regs 35-37.

    3 working days (WORKING_DAYS_AFTER) after mediation ends.
    """
    return _due("D8", count_working_days_after(mediation_ended_on, 3), "mediation_ended")


def mediation_agreement_appealable(kind: str, agreed_on: dt.date) -> Due:
    """[D9] Agreement on an appealable issue -- SEND Regulations 2014, reg 42(2).

    The E10 limits, counted from the date of the agreement. ``kind`` as for
    :func:`unopposed_appeal`.
    """
    return _due("D9", count_weeks_after(agreed_on, _e10_weeks(kind)), "agreement")


def agreement_action(agreed_on: dt.date) -> Due:
    """[D10] Action agreed on a non-appealable issue -- SEND Regulations 2014, reg 42(3).

    2 weeks (WEEKS_AFTER) from the agreement.
    """
    return _due("D10", count_weeks_after(agreed_on, 2), "agreement")


def commissioning_body_tells_la(agreed_on: dt.date) -> Due:
    """[D11] Commissioning body tells the LA of the agreement -- SEND Regulations 2014, reg 42(4).

    1 week (WEEKS_AFTER) from the agreement. Under reg 42(5) the parties may
    agree another date in writing; the caller then records that date instead.
    """
    return _due("D11", count_weeks_after(agreed_on, 1), "agreement")


def appeal_response_prompt(appeal_sent_on: dt.date) -> Due:
    """[D13] LA response to an appeal (prompt) -- Tribunal Procedure (HESC) Rules 2008, r.12.

    The real due date is the one in the Tribunal's registration letter. Until
    it is entered, prompt with 30 Tribunal working days (TRIBUNAL_WORKING_DAYS,
    counted from the day after the appeal was sent to the LA).
    """
    return _due("D13", count_tribunal_working_days(appeal_sent_on, 30), "appeal_sent")


def appeal_response(appeal_sent_on: dt.date, letter_due_on: dt.date | None = None) -> Due:
    """[D13] LA response to an appeal -- Tribunal Procedure (HESC) Rules 2008, r.12; Tribunal directions.

    The date in the Tribunal's registration letter once it is entered (GIVEN); until then the prompt of
    :func:`appeal_response_prompt` (30 Tribunal working days).
    """
    if letter_due_on is None:
        return appeal_response_prompt(appeal_sent_on)
    return _due("D13", count_given(appeal_sent_on, letter_due_on, "the Tribunal's registration letter"), "appeal_sent")
