"""B rows: annual review, amendment and phase transfer (spec section 5); C rows: ceasing a plan (section 6)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from .assessment import _earliest_after_representations
from .calendar import _DATE, _ONE_DAY, _d
from .disputes import appeal_deadline
from .periods import (
    add_months,
    count_day_after,
    count_days_beginning,
    count_fixed_date,
    count_months_before,
    count_months_beginning,
    count_weeks_after,
    count_weeks_before,
)
from .rules import _AID_KINDS, Due, _due
from .settings import DEFAULT_SETTINGS, Settings


def review_meeting(period_start: dt.date) -> Due:
    """[B1] Annual review meeting held -- Children and Families Act 2014, s.44(1).

    Latest date for the meeting: last day of the 12 months beginning with the
    period start (MONTHS_BEGINNING, Decision 4). The first period starts on the
    date the plan was made (final plan issued); later ones on the date given by
    :func:`next_review_period_start`. E.g. plan made 31 Jan 2026 -> 30 Jan 2027.
    """
    return _due("B1", count_months_beginning(period_start, 12), "review_period")


def next_review_period_start(
    meeting_on: dt.date | None,
    decision_on: dt.date | None,
    settings: Settings = DEFAULT_SETTINGS,
) -> dt.date | None:
    """[B2] What restarts the B1 clock -- Children and Families Act 2014, s.44(1).

    The review meeting date (default, Decision 4) or, with
    ``review_clock_restarts_on = "decision"``, the date the B6 decision was
    notified. Returns None while the needed date is not yet known.
    """
    chosen = meeting_on if settings.review_clock_restarts_on == "meeting" else decision_on
    return None if chosen is None else _d(chosen)


def meeting_notice(meeting_on: dt.date) -> Due:
    """[B3] Notice of the review meeting -- SEND Regulations 2014, reg 20(2)-(3), reg 21(2)-(3).

    At least 2 weeks before the meeting (WEEKS_BEFORE): meeting - 14 days.
    """
    return _due("B3", count_weeks_before(meeting_on, 2), "meeting_to_come")


def advice_circulation(meeting_on: dt.date) -> Due:
    """[B4] Advice circulated -- SEND Regulations 2014, reg 20(4), reg 21(4).

    At least 2 weeks before the meeting (WEEKS_BEFORE): meeting - 14 days.
    """
    return _due("B4", count_weeks_before(meeting_on, 2), "meeting_to_come")


def review_report(meeting_on: dt.date) -> Due:
    """[B5] Review meeting report -- SEND Regulations 2014, reg 20(7)-(8), reg 21(7).

    2 weeks (WEEKS_AFTER) from the meeting.
    """
    return _due("B5", count_weeks_after(meeting_on, 2), "meeting_held")


def review_decision(meeting_on: dt.date) -> Due:
    """[B6] Review decision notified -- SEND Regulations 2014, reg 20(10), reg 21(8).

    4 weeks (WEEKS_AFTER) from the meeting.
    """
    return _due("B6", count_weeks_after(meeting_on, 4), "meeting_held")


def proposed_amendments(meeting_on: dt.date) -> Due:
    """[B7] Decision to amend includes the proposed amendments -- R (L) v Devon CC [2022].

    Within B6's 4 weeks (WEEKS_AFTER) from the meeting.
    """
    return _due("B7", count_weeks_after(meeting_on, 4), "meeting_held")


def amendment_representations(served_on: dt.date) -> Due:
    """[B8] Last day for representations on amendments -- SEND Regulations 2014, reg 22(2)(c).

    At least 15 days beginning with service of the amendment notice
    (DAYS_BEGINNING, Decision 3): served + 14. Also used for B18 (reg 28).
    """
    return _due("B8", count_days_beginning(served_on, 15), "amendment_served")


def earliest_amended_plan(served_on: dt.date, no_representations_on: dt.date | None = None) -> dt.date:
    """[B8] Earliest date the amended plan may be issued -- SEND Regulations 2014, reg 22(2)(c).

    Served + 15 (Decision 3), or the date of a recorded ``no_representations``
    event if earlier.
    """
    return _earliest_after_representations(served_on, no_representations_on)


def amended_plan(notice_sent_on: dt.date) -> Due:
    """[B9] Amended final plan -- SEND Regulations 2014, reg 22(3).

    8 weeks (WEEKS_AFTER) from the date the amendment notice was SENT.
    """
    return _due("B9", count_weeks_after(notice_sent_on, 8), "amendment_sent")


def decision_not_to_amend(notice_sent_on: dt.date) -> Due:
    """[B10] Decision not to amend after representations -- SEND Regulations 2014, reg 22(4).

    8 weeks (WEEKS_AFTER) from the date the amendment notice was sent.
    """
    return _due("B10", count_weeks_after(notice_sent_on, 8), "amendment_sent")


def amended_plan_overall(meeting_on: dt.date) -> Due:
    """[B11] Amended plan within 12 weeks of the meeting -- R (L) v Devon CC [2022].

    12 weeks (WEEKS_AFTER) from the review meeting (4 weeks + 8 weeks).
    """
    return _due("B11", count_weeks_after(meeting_on, 12), "meeting_held")


_PHASE_KINDS = ("school", "post16", "post16_other")


def phase_transfer(transfer_on: dt.date, kind: str, settings: Settings = DEFAULT_SETTINGS) -> Due:
    """[B12]/[B13]/[B14] Phase transfer amended plan -- SEND Regulations 2014, reg 18.

    ``kind``:
    * ``"school"`` [B12] reg 18(1)(b): before 15 February of the calendar year
      of the transfer (early years to school, between school phases).
    * ``"post16"`` [B13] reg 18(1)(a): before 31 March of that year
      (secondary school to post-16 institution).
    * ``"post16_other"`` [B14] reg 18(2): at least 5 months before the
      transfer (MONTHS_BEFORE, clamped to the month end).

    Decision 5: with ``phase_transfer_deadline = "before"`` (default) the last
    day is 14 Feb / 30 Mar; with ``"by"`` it is 15 Feb / 31 Mar. B14 is not
    affected by the setting.
    """
    transfer_on = _d(transfer_on, "transfer_on")
    if kind not in _PHASE_KINDS:
        raise ValueError(f"phase transfer kind {kind!r}; allowed values: " + ", ".join(repr(k) for k in _PHASE_KINDS))
    if kind == "post16_other":
        return _due("B14", count_months_before(transfer_on, 5), "post16_move")
    strict = settings.phase_transfer_deadline == "before"
    if kind == "school":
        return _due("B12", count_fixed_date(transfer_on, 2, 15, strict), "school_move")  # "before 15 February"
    return _due("B13", count_fixed_date(transfer_on, 3, 31, strict), "post16_phase_move")  # "before 31 March"


def phase_transfer_planning_aids(due: Due) -> dict[str, Due]:
    """Planning aids worked back from a B12/B13/B14 due date (spec section 5).

    Not statutory deadlines (rule IDs ``B12-meeting`` etc., statutory=False):
    * ``latest_review_meeting`` = due date - 12 weeks;
    * ``meeting_notice``        = that meeting - 2 weeks;
    * ``amendment_notice``      = that meeting + 4 weeks.
    Each carries its practical date.
    """
    if due.rule not in ("B12", "B13", "B14"):
        raise ValueError(f"planning aids are for B12, B13 or B14, not {due.rule!r}")
    meeting = count_weeks_before(due.due_on, 12)
    counts = {
        "latest_review_meeting": (meeting, "phase_deadline"),
        "meeting_notice": (count_weeks_before(meeting.on, 2), "latest_meeting"),
        "amendment_notice": (count_weeks_after(meeting.on, 4), "latest_meeting"),
    }
    return {key: _due(f"{due.rule}-{_AID_KINDS[key][0]}", c, start) for key, (c, start) in counts.items()}


def school_year(date_of_birth: dt.date, on: dt.date) -> int:
    """National Curriculum year group on a date, for children in the normal cohort (England).

    The academic year starts on 1 September; a child is in Year N when they were N + 4 years old
    on the 31 August before it (Reception = 0). Used for B17 (from Year 9, reviews consider
    preparation for adulthood, reg 20(6) and reg 21(6)) and reg 6(1)(g) advice.
    """
    date_of_birth, on = _d(date_of_birth, "date_of_birth"), _d(on, "on")
    start_year = on.year if on.month >= 9 else on.year - 1
    cutoff = _DATE(start_year, 8, 31)
    age = cutoff.year - date_of_birth.year - ((cutoff.month, cutoff.day) < (date_of_birth.month, date_of_birth.day))
    return age - 4


def preparing_for_adulthood_applies(date_of_birth: dt.date, on: dt.date) -> bool:
    """[B17] From Year 9 onwards every review considers preparation for adulthood -- reg 20(6), reg 21(6)."""
    return school_year(date_of_birth, on) >= 9


def review_list_to_settings(term_starts_on: dt.date) -> Due:
    """[B15] List of reviews due that term, sent to each setting -- SEND Code of Practice 2015, para 9.172.

    At least 2 weeks before the term starts: term start - 14 days. Guidance.
    """
    return _due("B15", count_weeks_before(term_starts_on, 2), "term_starts")


def _fifth_birthday(date_of_birth: dt.date) -> dt.date:
    # A child born on 29 February turns 5 on 1 March in a non-leap year
    # (the same "take 1 March" reading as Decision 4).
    y = date_of_birth.year + 5
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not calendar.isleap(y):
        return _DATE(y, 3, 1)
    return _DATE(y, date_of_birth.month, date_of_birth.day)


def early_years_reminders(
    plan_on: dt.date,
    date_of_birth: dt.date,
    meetings: Sequence[dt.date] = (),
    settings: Settings = DEFAULT_SETTINGS,
    until: dt.date | None = None,
) -> list[dt.date]:
    """[B16] Early years review reminders -- SEND Code of Practice 2015, para 9.178 (Decision 7).

    Only for a child under 5 on the plan date. Reminders fall every
    ``early_years_review_months`` months (MONTHS_AFTER) counted from the plan
    date and, once a review meeting has been held, from the latest meeting.
    Each reminder is anchor + k*N months (not repeated +N, which would drift
    at month ends). Reminders from one anchor stop before the next meeting.
    None falls on or after the fifth birthday, nor after ``until`` if given.
    Soft reminders only: never overdue, never counted in timeliness.
    """
    plan_on = _d(plan_on, "plan_on")
    date_of_birth = _d(date_of_birth, "date_of_birth")
    if date_of_birth > plan_on:
        raise ValueError("date_of_birth is after the plan date")
    fifth = _fifth_birthday(date_of_birth)
    if plan_on >= fifth:
        return []
    stop = fifth if until is None else min(fifth, _d(until, "until") + _ONE_DAY)  # exclusive
    later = sorted({_d(m, "meeting") for m in meetings if _d(m, "meeting") > plan_on})
    anchors = [plan_on, *later]
    step = settings.early_years_review_months
    out: list[dt.date] = []
    for i, anchor in enumerate(anchors):
        limit = stop if i + 1 == len(anchors) else min(stop, anchors[i + 1])
        k = 1
        while (r := add_months(anchor, k * step)) < limit:
            out.append(r)
            k += 1
    return out


# =============================================================================
# C rows: ceasing a plan (spec section 6)
# =============================================================================


def earliest_cease_date(notice_sent_on: dt.date, certificate_issued_on: dt.date | None = None) -> dt.date:
    """[C6] Earliest date a plan may cease -- Children and Families Act 2014, s.45.

    The day after the appeal deadline (D1, or D2 where a mediation
    certificate was issued). If an appeal is registered, the plan ceases only
    when it is decided or withdrawn -- that is for the caller to check.
    """
    return earliest_cease(notice_sent_on, certificate_issued_on).due_on


def earliest_cease(notice_sent_on: dt.date, certificate_issued_on: dt.date | None = None) -> Due:
    """[C6] Earliest date a plan may cease, as a Due with its working -- Children and Families Act 2014, s.45.

    The same date as :func:`earliest_cease_date`: the day after the D1/D2 appeal deadline. It is an
    earliest date, so ``practical_on`` is ``due_on`` (never brought forward).
    """
    counted = count_day_after(appeal_deadline(notice_sent_on, certificate_issued_on).counted)
    origin = counted.origin()
    return Due("C6", counted.on, counted.on, start_on=origin.start, start=origin.what, counted=counted)
