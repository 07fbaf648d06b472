"""The words a deadline is explained in (spec section 2.3): start events, duties, dates and day lists.

Pure wording: no date is computed here. ``working.py`` puts these words together from the record a
deadline function kept (``Due.counted``), so what is said is what was counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .calendar import bank_holiday_name, is_working_day

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Start:
    """What a start date is: for staff (``what``) and, in plainer words, for families (``family``).

    ``family`` is said as "... after <family> on <date>" or "counting the day <family>, <date>, ...",
    so it is a clause: "the council received your request".
    """

    what: str
    family: str


STARTS: dict[str, Start] = {
    "request": Start("the request was received", "the council received your request"),
    "advice_request": Start(
        "the advice-giver received the request for advice", "the adviser received the council's request"
    ),
    "draft_served": Start("the draft plan was served", "the council gave you the draft plan"),
    "consultation_sent": Start(
        "the consultation was sent to the school or institution", "the council asked the school or college"
    ),
    "plan_issued": Start("the final plan was issued", "the council sent you the final plan"),
    "plan_made": Start("the plan was made", "the plan was made"),
    "review_period": Start("the current 12-month review period began", "the current review year began"),
    "last_review_meeting": Start("the previous review meeting was held", "the last review meeting was held"),
    "last_review_decision": Start(
        "the previous review decision was notified", "the council told you its last review decision"
    ),
    "meeting_to_come": Start("the review meeting is held", "the review meeting is held"),
    "meeting_held": Start("the review meeting was held", "the review meeting was held"),
    "amendment_served": Start(
        "the amendment notice was served", "the council gave you the proposed changes to the plan"
    ),
    "amendment_sent": Start(
        "the copy plan and amendment notice were sent", "the council sent you the proposed changes to the plan"
    ),
    "school_move": Start("the transfer between school phases takes place", "your child moves school"),
    "post16_phase_move": Start(
        "the transfer from secondary school to a post-16 institution takes place", "the young person moves to post-16"
    ),
    "post16_move": Start(
        "the transfer between post-16 institutions takes place", "the young person moves to the new college"
    ),
    "phase_deadline": Start("the phase transfer deadline falls", "the amended plan is due"),
    "latest_meeting": Start("the latest date for the review meeting falls", "the review meeting is held at the latest"),
    "term_starts": Start("the term starts", "the term starts"),
    "notice_sent": Start("the decision notice was sent", "the council sent its decision letter"),
    "certificate": Start("the mediation certificate was issued", "your mediation certificate was issued"),
    "no_mediation": Start(
        "the mediation adviser was told mediation is not wanted",
        "you told the mediation adviser you did not want mediation",
    ),
    "mediation_wanted": Start(
        "the LA (for health-only issues, the ICB) was told mediation is wanted",
        "the council (or, for health issues only, the health commissioner) was told you want mediation",
    ),
    "cannot_arrange": Start(
        "the mediation adviser was told mediation cannot be arranged in time",
        "the mediation adviser was told mediation could not be arranged in time",
    ),
    "mediation_ended": Start("the mediation ended", "the mediation ended"),
    "agreement": Start("the mediation agreement was made", "the mediation agreement was made"),
    "appeal_sent": Start("the appeal was sent to the LA", "your appeal was sent to the council"),
    "order": Start(
        "the Tribunal made or sent the order (as set by tribunal_order_clock_starts_on)",
        "the Tribunal's order",
    ),
    "told_tribunal": Start(
        "the LA told the Tribunal it would not oppose the appeal",
        "the council told the Tribunal it would not oppose your appeal",
    ),
    "recommendation": Start("the Tribunal made its recommendation", "the Tribunal made its recommendation"),
    "move": Start("the move takes place", "you move"),
    "aware_of_move": Start("the old LA became aware of the move", "your old council found out about the move"),
    "body_aware_of_move": Start(
        "the old commissioning body became aware of the move", "the old health commissioner found out about the move"
    ),
    "transferred": Start("the plan was transferred", "your plan was transferred to your new council"),
    "reassessment_request": Start(
        "the request for a re-assessment was received", "the council received the request for a re-assessment"
    ),
    "last_assessment": Start(
        "the last EHC needs assessment or re-assessment was completed", "the last assessment was completed"
    ),
    "reassessment_notified": Start(
        "the decision to re-assess was notified", "the council told you it would carry out a re-assessment"
    ),
    "payments_started": Start("the direct payments started", "your direct payments started"),
    "detained_request": Start(
        "the request was received (or the person was brought to the LA's attention)",
        "the council received the request",
    ),
}

# What the family is told must happen by the due date, per rule: (template with {due}, its subject).
# Where the start clause has the same subject ("the council received ..."), it reads "it received ...".
_COUNCIL = "the council"
FAMILY: dict[str, tuple[str, str]] = {
    "A1": ("The council must tell you whether it will carry out an EHC needs assessment by {due}", _COUNCIL),
    "A2": ("The adviser must send their advice to the council by {due}", "the adviser"),
    "A3": ("If the council decides not to issue an EHC plan, it must tell you by {due}", _COUNCIL),
    "A4": (
        "You have until {due} to comment on the draft plan, ask for a particular school or college, "
        "or ask to meet the council",
        "you",
    ),
    "A5": ("The council aims to send you the draft plan by {due}", _COUNCIL),
    "A6": ("The school or college should reply to the council by {due}", "the school"),
    "A7": ("The council must send you the final EHC plan by {due}", _COUNCIL),
    "A8": ("The council must tell you about your right to appeal and about mediation by {due}", _COUNCIL),
    "B1": ("The annual review meeting must be held by {due}", "the meeting"),
    "B3": ("You must be told the date of the review meeting by {due}", "you"),
    "B4": ("The advice and information for the review meeting must be sent to you by {due}", "the advice"),
    "B5": ("The report of the review meeting must be sent to you by {due}", "the report"),
    "B6": ("The council must tell you whether it will keep, change or end the plan by {due}", _COUNCIL),
    "B7": ("If the council decides to change the plan, it must send you the proposed changes by {due}", _COUNCIL),
    "B8": (
        "You have until {due} to comment on the proposed changes, ask for a particular school or college, "
        "or ask to meet the council",
        "you",
    ),
    "B9": ("The council must send you the final amended plan by {due}", _COUNCIL),
    "B10": ("If the council decides not to change the plan after all, it must tell you by {due}", _COUNCIL),
    "B11": ("The council must send you the final amended plan by {due}", _COUNCIL),
    "B12": ("The council must send you the amended plan naming your child's next school by {due}", _COUNCIL),
    "B13": ("The council must send you the amended plan naming the post-16 school or college by {due}", _COUNCIL),
    "B14": ("The council must send you the amended plan by {due}", _COUNCIL),
    "B15": ("The council must tell the school or college which reviews are due this term by {due}", _COUNCIL),
    "C6": ("The council cannot stop maintaining the plan before {due}", _COUNCIL),
    "D1": ("Your appeal must reach the Tribunal by {due}", "your appeal"),
    "D2": ("Your appeal must reach the Tribunal by {due}", "your appeal"),
    "D3": ("If you want a mediation certificate, you must contact the mediation adviser by {due}", "you"),
    "D4": ("The mediation adviser must send you a mediation certificate by {due}", "the mediation adviser"),
    "D5": ("The council must tell the health commissioner what the mediation is about by {due}", _COUNCIL),
    "D6": ("The mediation must take place by {due}", "the mediation"),
    "D7": ("The mediation adviser must send you a mediation certificate by {due}", "the mediation adviser"),
    "D8": ("The mediation adviser must send you a mediation certificate by {due}", "the mediation adviser"),
    "D9": ("The council must do what was agreed at mediation by {due}", _COUNCIL),
    "D10": ("What was agreed at mediation must be done by {due}", "the agreement"),
    "D11": ("The health or social care body must tell the council about the agreement by {due}", "the body"),
    "D13": ("The council should send its response to your appeal by {due}", _COUNCIL),
    "E1": ("The council must stop maintaining the plan by {due}", _COUNCIL),
    "E2": ("The council must tell you that it will carry out an assessment by {due}", _COUNCIL),
    "E2a": ("If the council then decides not to issue a plan, it must tell you by {due}", _COUNCIL),
    "E2b": ("The council must send you the final plan by {due}", _COUNCIL),
    "E3": ("The council must send you the draft plan by {due}", _COUNCIL),
    "E3a": ("The council must send you the final plan by {due}", _COUNCIL),
    "E4": ("The council must send you the amended plan by {due}", _COUNCIL),
    "E5": ("The council must change the school or college named in the plan by {due}", _COUNCIL),
    "E6": ("The council must carry on maintaining the plan from {due}", _COUNCIL),
    "E7": ("The council must send you the amended plan by {due}", _COUNCIL),
    "E10": ("The council must do what the appeal it did not oppose requires by {due}", _COUNCIL),
    "E11": ("The health or social care body must respond to the Tribunal's recommendation by {due}", "the body"),
    "F1": ("Your old council must transfer the plan to your new council by {due}", "your old council"),
    "F2": ("Your old council must transfer the plan to your new council by {due}", "your old council"),
    "F4": (
        "Your new council must tell you that the plan has transferred, whether it will assess, "
        "and when it will review the plan, by {due}",
        "your new council",
    ),
    "F5": ("Your new council must review the plan by {due}", "your new council"),
    "F7": ("The old health commissioner must tell the new one about the plan by {due}", "the old health commissioner"),
    "G1": ("The council must tell you whether it will carry out a re-assessment by {due}", _COUNCIL),
    "G2": ("The council may refuse a request for a re-assessment received before {due}", _COUNCIL),
    "G3": ("The council must send you the final plan after the re-assessment by {due}", _COUNCIL),
    "G6": ("The council must review how your direct payments are working by {due}", _COUNCIL),
    "G7": ("The council must decide whether to carry out an EHC needs assessment by {due}", _COUNCIL),
}
for _row in ("B12", "B13", "B14"):
    FAMILY[f"{_row}-meeting"] = ("The council plans to hold the review meeting by {due}", _COUNCIL)
    FAMILY[f"{_row}-notice"] = ("The council plans to tell you the date of the review meeting by {due}", _COUNCIL)
    FAMILY[f"{_row}-amendment"] = ("The council plans to send you the proposed changes by {due}", _COUNCIL)
del _row


def family_start(start: Start, subject: str) -> str:
    """The family clause for a start, saying "it" where it has the same subject as the duty."""
    if start.family.startswith(subject + " "):
        return "it " + start.family[len(subject) + 1 :]
    return start.family


def day(d: dt.date) -> str:
    """'Monday 5 January 2026' (the names are fixed, whatever the locale)."""
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def day_month(d: dt.date) -> str:
    """'15 February'."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def month_year(d: dt.date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def amount(n: int, unit: str) -> str:
    """'6 weeks', '1 week', '3 working days'."""
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _pair(a: dt.date, b: dt.date) -> str:
    """Two days, the month and year said once where they are shared: 'Saturday 23 and Sunday 24 May 2026'."""
    if (a.year, a.month) == (b.year, b.month):
        return f"{_DAYS[a.weekday()]} {a.day} and {day(b)}"
    if a.year == b.year:
        return f"{_DAYS[a.weekday()]} {a.day} {_MONTHS[a.month - 1]} and {day(b)}"
    return f"{day(a)} and {day(b)}"


def holiday_list(days: Sequence[dt.date]) -> str:
    """Bank holidays by name, the year said once per run: 'Good Friday 3 April and Easter Monday 6 April 2026'."""
    items = []
    for i, d in enumerate(days):
        name = bank_holiday_name(d)
        if name is None or is_working_day(d):
            raise ValueError(f"{d} is not a bank holiday on a weekday")
        last_of_year = i + 1 == len(days) or days[i + 1].year != d.year
        items.append(f"{name} {day_month(d)}" + (f" {d.year}" if last_of_year else ""))
    return join(items)


def non_working(days: Sequence[dt.date]) -> list[str]:
    """Clauses saying why each day is not a working day, a weekend said as one clause.

    ``days`` are given in the order to say them. Refuses a working day: nothing is ever named as
    a non-working day that is not one.
    """
    clauses: list[str] = []
    i = 0
    while i < len(days):
        d = days[i]
        if is_working_day(d):
            raise ValueError(f"{d} is a working day")
        if d.weekday() >= 5:
            other = days[i + 1] if i + 1 < len(days) else None
            if other is not None and other.weekday() >= 5 and abs((other - d).days) == 1:
                first, second = sorted((d, other))
                clauses.append(f"{_pair(first, second)} are a weekend")
                i += 2
                continue
            clauses.append(f"{day(d)} is a weekend day")
        else:
            clauses.append(f"{day(d)} is a bank holiday ({bank_holiday_name(d)})")
        i += 1
    return clauses


def why_not_working(d: dt.date) -> str:
    """'a weekend day' or 'a bank holiday (Spring Bank Holiday)'."""
    if is_working_day(d):
        raise ValueError(f"{d} is a working day")
    return "a weekend day" if d.weekday() >= 5 else f"a bank holiday ({bank_holiday_name(d)})"
