"""Statutory time limits for EHC casework in England.

This module is the single place where the product computes a deadline. It is
the code form of ``docs/statutory.md`` (the specification): every function
below implements one row of that document and cites it.

How to find things
------------------
* **A deadline by rule ID.** Search this file for the ID in brackets, e.g.
  ``[A7]`` or ``[D2]``. Each deadline function's docstring starts with
  ``[ID] <title> -- <citation>``. ``RULES[ID]`` holds the same title and
  citation as data (used by audit events, notifications and reports).
* **Layout.** The file runs in the same order as the specification:

  1. Settings (spec section 1, "Decisions" and "Other settings")
  2. Rules table (``RULES``) and the ``Due`` result type
  3. Working-day calendar and timestamps (Decisions 2 and 6, section 2.1)
  4. Period types (section 2.2: ``weeks_after``, ``months_beginning`` ...)
  5. A rows  - needs assessment (section 3)
  6. B rows  - annual review, amendment, phase transfer (section 5)
  7. C rows  - ceasing a plan (section 6)
  8. D rows  - mediation and appeal (section 7)
  9. E rows  - Tribunal orders, unopposed appeals (section 8.1)
  10. F rows - transfers between LAs / commissioning bodies (section 8.2)
  11. G rows - re-assessment and other clocks (section 8.3)
  12. Exceptions and closures (section 9)
  13. Compliance outcome (section 2.3)

Conventions that hold for the whole module
------------------------------------------
* **Pure.** Standard library plus ``holidays`` only. No I/O, no database, and
  the clock is never read: "today" is always passed in by the caller.
* **Dates, not times.** Every function takes ``datetime.date``. Passing a
  ``datetime`` raises ``TypeError``: convert timestamps first with
  :func:`to_local_date` or :func:`clock_start` (Europe/London, section 2.1).
* **Decision 1: due dates never move.** ``Due.due_on`` is the latest lawful
  date. ``Due.practical_on`` is the last working day on or before it, shown to
  staff but never used to judge compliance (section 2.3). The only deadlines
  that move are the Tribunal appeal deadlines D1/D2 (Decision 6).
* **Decision 3: "at least 15 days beginning with" service** includes the day
  of service: last day for representations = S + 14, next step from S + 15.
* **Decision 6: working days** are Monday to Friday excluding England & Wales
  bank holidays from ``holidays.country_holidays("GB", subdiv="ENG")``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

import holidays

# Real classes captured at import time, so that type checks keep working if a
# test library (e.g. freezegun) later swaps ``datetime.date`` for a subclass.
_DATE = dt.date
_DATETIME = dt.datetime
_ONE_DAY = dt.timedelta(days=1)
_LONDON = ZoneInfo("Europe/London")


# =============================================================================
# 1. Settings (spec section 1: Decisions 2, 4, 5, 7 and "Other settings")
# =============================================================================

_CHOICES: dict[str, tuple[str, ...]] = {
    "receipt_on_non_working_day": ("calendar", "next_working_day"),  # Decision 2
    "review_clock_restarts_on": ("meeting", "decision"),  # Decision 4
    "phase_transfer_deadline": ("before", "by"),  # Decision 5
    "tribunal_order_clock_starts_on": ("made", "sent"),  # E9
    "health_mediation_day_type": ("calendar", "working"),  # D6
}
_POSITIVE_INTS = ("early_years_review_months", "recommendation_response_weeks")


@dataclass(frozen=True)
class Settings:
    """Per-LA settings. Defaults are the strict readings chosen in the spec."""

    receipt_on_non_working_day: str = "calendar"  # or "next_working_day"
    review_clock_restarts_on: str = "meeting"  # or "decision"
    phase_transfer_deadline: str = "before"  # or "by"
    early_years_review_months: int = 6  # positive int (Decision 7)
    tribunal_order_clock_starts_on: str = "made"  # or "sent"
    health_mediation_day_type: str = "calendar"  # or "working"
    recommendation_response_weeks: int = 5  # positive int (E11)

    def __post_init__(self) -> None:
        for name, allowed in _CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(
                    f"setting {name!r} is {value!r}; allowed values: " + ", ".join(repr(a) for a in allowed)
                )
        for name in _POSITIVE_INTS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"setting {name!r} is {value!r}; allowed values: a positive whole number")

    @classmethod
    def from_mapping(cls, m: Mapping[str, object]) -> Settings:
        """Build settings from a mapping such as ``os.environ``.

        Keys may be the field name (``review_clock_restarts_on``) or the
        environment form (``CASEWORK_REVIEW_CLOCK_RESTARTS_ON``), in any case.
        Unknown keys are ignored. Whole numbers may be given as strings.
        Two keys naming the same setting with different values raise
        ``ValueError``.
        """
        names = {f.name for f in fields(cls)}
        found: dict[str, object] = {}
        for key, raw in m.items():
            if not isinstance(key, str):
                continue
            name = key.strip().lower()
            if name.startswith("casework_"):
                name = name[len("casework_") :]
            if name not in names:
                continue
            value: object = raw.strip() if isinstance(raw, str) else raw
            if name in _POSITIVE_INTS and isinstance(value, str):
                try:
                    value = int(value, 10)
                except ValueError:
                    raise ValueError(f"setting {name!r} is {raw!r}; allowed values: a positive whole number") from None
            if name in found and found[name] != value:
                raise ValueError(
                    f"setting {name!r} is given twice with different values: {found[name]!r} and {value!r}"
                )
            found[name] = value
        return cls(**found)  # type: ignore[arg-type]


DEFAULT_SETTINGS = Settings()


# =============================================================================
# 2. Rules table and the Due result type
# =============================================================================

_REGS = "SEND Regulations 2014"
_CFA = "Children and Families Act 2014"
_HESC = "Tribunal Procedure (HESC) Rules 2008"
_COP = "SEND Code of Practice 2015"
_DEVON = "R (L) v Devon CC [2022] EWHC 493 (Admin)"
_SEND18 = "HMCTS SEND18 (time limits for complying with a SEND Tribunal decision)"


@dataclass(frozen=True)
class Rule:
    id: str  # "A1"
    title: str  # short plain English
    citation: str  # the legal source
    statutory: bool  # False for guidance/targets: never reported as breaches


def _rule(id: str, title: str, citation: str, statutory: bool = True) -> Rule:
    return Rule(id=id, title=title, citation=citation, statutory=statutory)


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        # ---- A: needs assessment (section 3)
        _rule("A1", "Decision whether to assess", f"{_REGS}, reg 5(1)"),
        _rule("A2", "Advice from a body asked to co-operate", f"{_REGS}, reg 8(1)"),
        _rule("A3", "Decision not to issue a plan", f"{_REGS}, reg 10(1)"),
        _rule("A4", "Last day for representations on the draft plan", f"{_REGS}, reg 13(1)(a); {_CFA}, s.38(2)(b)"),
        _rule(
            "A5",
            "Draft plan planning target (no statutory deadline)",
            "No statutory deadline; planning target (IPSEA)",
            statutory=False,
        ),
        _rule("A6", "School or institution replies to consultation", f"{_COP}, para 9.83", statutory=False),
        _rule("A7", "Final plan issued", f"{_REGS}, reg 13(2)"),
        _rule("A8", "Appeal and mediation notice with the final plan", f"{_REGS}, reg 14"),
        # ---- B: annual review, amendment and phase transfer (section 5)
        _rule("B1", "Annual review meeting held", f"{_CFA}, s.44(1)"),
        _rule("B3", "Notice of the review meeting", f"{_REGS}, reg 20(2)-(3) and reg 21(2)-(3)"),
        _rule("B4", "Advice circulated before the review meeting", f"{_REGS}, reg 20(4) and reg 21(4)"),
        _rule("B5", "Review meeting report sent", f"{_REGS}, reg 20(7)-(8) and reg 21(7)"),
        _rule("B6", "Review decision notified", f"{_REGS}, reg 20(10) and reg 21(8)"),
        _rule("B7", "Decision to amend includes the proposed amendments", _DEVON),
        _rule("B8", "Last day for representations on proposed amendments", f"{_REGS}, reg 22(2)(c)"),
        _rule("B9", "Amended final plan issued", f"{_REGS}, reg 22(3)"),
        _rule("B10", "Decision not to amend after representations", f"{_REGS}, reg 22(4)"),
        _rule("B11", "Amended final plan within 12 weeks of the review meeting", _DEVON),
        _rule("B12", "Phase transfer: amended plan (school phases)", f"{_REGS}, reg 18(1)(b)"),
        _rule("B13", "Phase transfer: amended plan (secondary to post-16)", f"{_REGS}, reg 18(1)(a)"),
        _rule("B14", "Post-16 transfer: amended plan 5 months before", f"{_REGS}, reg 18(2)"),
        _rule("B15", "List of reviews due sent to settings before term", f"{_COP}, para 9.172", statutory=False),
        _rule("B16", "Early years review reminder", f"{_COP}, para 9.178", statutory=False),
        _rule("B17", "Preparation for adulthood considered (from Year 9)", f"{_REGS}, reg 20(6) and reg 21(6)"),
        # ---- C: ceasing a plan (section 6)
        _rule("C6", "Earliest date a plan may cease", f"{_CFA}, s.45"),
        # ---- D: mediation and appeal (section 7)
        _rule("D1", "Appeal reaches the Tribunal (from the decision notice)", f"{_HESC}, r.20(1)(c)(i) and r.12"),
        _rule(
            "D2", "Appeal reaches the Tribunal (from the mediation certificate)", f"{_HESC}, r.20(1)(c)(ii) and r.12"
        ),
        _rule("D3", "Parent/YP contacts the mediation adviser", f"{_REGS}, reg 33"),
        _rule("D4", "Certificate when mediation is not wanted", f"{_REGS}, regs 33-34"),
        _rule("D5", "LA tells the ICB about health issues in mediation", f"{_REGS}, regs 35-36"),
        _rule("D6", "Mediation takes place", f"{_REGS}, regs 35-37"),
        _rule("D7", "Certificate when mediation cannot be arranged", f"{_REGS}, regs 35-37"),
        _rule("D8", "Certificate after mediation", f"{_REGS}, regs 35-37"),
        _rule("D9", "Mediation agreement on an appealable issue", f"{_REGS}, reg 42(2)"),
        _rule("D10", "Action agreed at mediation (non-appealable issue)", f"{_REGS}, reg 42(3)"),
        _rule("D11", "Commissioning body tells the LA about the agreement", f"{_REGS}, reg 42(4)"),
        _rule(
            "D13",
            "LA response to an appeal (prompt until the registration letter)",
            f"{_HESC}, r.12; Tribunal directions",
        ),
        # ---- E: Tribunal orders and unopposed appeals (section 8.1)
        _rule("E1", "Cease the plan after a dismissed appeal", f"{_REGS}, reg 44(2)(a)"),
        _rule("E2", "Order to assess: tell the parent/YP", f"{_REGS}, reg 44(2)(b)"),
        _rule("E2a", "Order to assess: decision not to issue a plan", f"{_REGS}, reg 44(2)(b)(i)"),
        _rule("E2b", "Order to assess: final plan", f"{_REGS}, reg 44(2)(b)(ii)"),
        _rule("E3", "Order to make a plan: draft plan", f"{_REGS}, reg 44(2)(c)(i)"),
        _rule("E3a", "Order to make a plan: final plan", f"{_REGS}, reg 44(2)(c)(ii)"),
        _rule("E4", "Order to amend needs or provision: amended plan", f"{_REGS}, reg 44(2); {_SEND18}"),
        _rule("E5", "Order changes the named school: amend section I", _SEND18),
        _rule("E6", "Order to continue to maintain the plan", _SEND18),
        _rule("E7", "Order to continue and amend: amended plan", _SEND18),
        _rule("E10", "Unopposed appeal", f"{_REGS}, reg 45(3)-(4) (as substituted by SI 2015/359)"),
        _rule(
            "E11",
            "Response to a Tribunal recommendation",
            "SEND (First-tier Tribunal Recommendations Power) Regulations 2017, reg 6",
        ),
        # ---- F: transfers (section 8.2)
        _rule("F1", "Transfer the plan on the day of the move", f"{_REGS}, reg 15(2)"),
        _rule("F2", "Transfer the plan within 15 working days of awareness", f"{_REGS}, reg 15(2)"),
        _rule("F4", "New LA informs the parent/YP", f"{_REGS}, reg 15(4)"),
        _rule("F5", "New LA reviews a transferred plan", f"{_REGS}, reg 15(5)"),
        _rule("F7", "Old commissioning body notifies the new one", f"{_REGS}, reg 16"),
        # ---- G: re-assessment and other clocks (section 8.3)
        _rule("G1", "Decision whether to re-assess", f"{_REGS}, regs 24-25"),
        _rule("G3", "Final plan after re-assessment", f"{_REGS}, reg 27(2)"),
        _rule("G6", "First review of direct payments", "SEND (Personal Budgets) Regulations 2014, reg 11"),
        _rule("G7", "Detained person: decision whether to assess", "SEND (Detained Persons) Regulations 2015, reg 5"),
    )
}

# Phase transfer planning aids (spec section 5, "Phase transfer in practice").
# They are worked back from B12/B13/B14 and are not statutory deadlines.
_AID_KINDS = {
    "latest_review_meeting": ("meeting", "latest review meeting (due date - 12 weeks)"),
    "meeting_notice": ("notice", "notice of that meeting (meeting - 2 weeks)"),
    "amendment_notice": ("amendment", "amendment notice (meeting + 4 weeks)"),
}
for _row in ("B12", "B13", "B14"):
    for _suffix, _what in _AID_KINDS.values():
        RULES[f"{_row}-{_suffix}"] = _rule(
            f"{_row}-{_suffix}",
            f"Phase transfer planning aid: {_what}",
            f"Planning aid worked back from {_row} ({RULES[_row].citation}); not a statutory deadline",
            statutory=False,
        )
del _row, _suffix, _what


@dataclass(frozen=True)
class Due:
    """A computed deadline.

    ``due_on`` is the legal due date (latest lawful date) and never moves.
    ``practical_on`` is the last working day on or before it (Decision 1,
    section 2.3); it guides staff and is never used to judge compliance.
    """

    rule: str
    due_on: dt.date
    practical_on: dt.date

    @property
    def citation(self) -> str:
        return RULES[self.rule].citation

    @property
    def title(self) -> str:
        return RULES[self.rule].title

    @property
    def statutory(self) -> bool:
        return RULES[self.rule].statutory


def _due(rule: str, due_on: dt.date) -> Due:
    """Decision 1: keep the due date, and show the practical date next to it."""
    return Due(rule=rule, due_on=due_on, practical_on=practical_date(due_on))


def _d(x: object, what: str = "date") -> dt.date:
    """Accept a plain date only. Timestamps must go through to_local_date first."""
    if isinstance(x, _DATETIME):
        raise TypeError(
            f"{what} must be a date, not a datetime; convert it with to_local_date() (Europe/London, spec 2.1)"
        )
    if not isinstance(x, _DATE):
        raise TypeError(f"{what} must be a datetime.date, got {type(x).__name__}")
    return x


def _n(n: object, minimum: int = 0) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise ValueError(f"period length must be a whole number >= {minimum}, got {n!r}")
    return n


# =============================================================================
# 3. Calendar: working days (Decision 6) and timestamps (Decision 2, 2.1)
# =============================================================================


@functools.cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    """England & Wales bank holidays for one year, loaded once per year."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(d: dt.date) -> bool:
    """Monday to Friday and not an England & Wales bank holiday (Decision 6)."""
    if isinstance(d, _DATETIME):  # a datetime never equals a date: refuse it
        raise TypeError("is_working_day() needs a date, not a datetime")
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def practical_date(d: dt.date) -> dt.date:
    """Last working day on or before ``d`` (Decision 1, section 2.3)."""
    d = _d(d)
    while not is_working_day(d):
        d -= _ONE_DAY
    return d


def next_working_day(d: dt.date) -> dt.date:
    """First working day strictly after ``d``."""
    d = _d(d) + _ONE_DAY
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def to_local_date(ts: dt.datetime) -> dt.date:
    """The Europe/London calendar date of a timezone-aware timestamp (2.1).

    Example: 23:30 UTC on a Sunday during British Summer Time is Monday.
    A naive datetime raises ``ValueError``: its time zone is unknown.
    """
    if not isinstance(ts, _DATETIME):
        raise TypeError(f"to_local_date() needs a datetime, got {type(ts).__name__}")
    if ts.tzinfo is None or ts.tzinfo.utcoffset(ts) is None:
        raise ValueError("timestamp is naive (no time zone); cannot find its London date")
    local = ts.astimezone(_LONDON)
    return _DATE(local.year, local.month, local.day)


def clock_start(received: dt.date | dt.datetime, settings: Settings = DEFAULT_SETTINGS) -> dt.date:
    """Start date of a clock that runs from receipt (Decision 2; 2.1).

    A timestamp is first converted to its London date. With the default
    ``receipt_on_non_working_day = "calendar"`` that date is the start date,
    even on a weekend or bank holiday. With ``"next_working_day"`` a
    non-working day moves to the next working day.
    """
    day = to_local_date(received) if isinstance(received, _DATETIME) else _d(received)
    if settings.receipt_on_non_working_day == "next_working_day" and not is_working_day(day):
        day = next_working_day(day)
    return day


# =============================================================================
# 4. Period types (spec section 2.2). Each is a pure date function.
# =============================================================================


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    y, m0 = divmod(year * 12 + (month - 1) + n, 12)
    return y, m0 + 1


def add_months(x: dt.date, n: int) -> dt.date:
    """Same day number ``n`` calendar months later (or earlier if n < 0).

    If the target month is shorter, use its last day:
    31 Jan + 1 = 28 Feb (29 Feb in a leap year); 31 Jul - 5 = 28/29 Feb.
    """
    x = _d(x)
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"months must be a whole number, got {n!r}")
    y, m = _shift_month(x.year, x.month, n)
    return _DATE(y, m, min(x.day, _days_in_month(y, m)))


def weeks_after(x: dt.date, n: int) -> dt.date:
    """WEEKS_AFTER, "within N weeks of X": X + 7N days (Decision 1).

    The day of X is not counted, so the due date is the same weekday.
    """
    return _d(x) + dt.timedelta(weeks=_n(n))


def weeks_before(x: dt.date, n: int) -> dt.date:
    """WEEKS_BEFORE, "at least N weeks before X": latest date = X - 7N days."""
    return _d(x) - dt.timedelta(weeks=_n(n))


def days_beginning(x: dt.date, n: int) -> dt.date:
    """DAYS_BEGINNING, "at least N days beginning with X": last day = X + N - 1.

    X is day 1 (Decision 3). The next step is allowed from X + N.
    """
    return _d(x) + dt.timedelta(days=_n(n, 1) - 1)


def days_after(x: dt.date, n: int) -> dt.date:
    """DAYS_AFTER, "within N days of X": X + N days."""
    return _d(x) + dt.timedelta(days=_n(n))


def months_after(x: dt.date, n: int) -> dt.date:
    """MONTHS_AFTER, "within N months after / from X": :func:`add_months`."""
    return add_months(x, _n(n))


def months_before(x: dt.date, n: int) -> dt.date:
    """MONTHS_BEFORE, "at least N months before X": :func:`add_months` by -N."""
    return add_months(x, -_n(n))


def months_beginning(x: dt.date, n: int) -> dt.date:
    """MONTHS_BEGINNING, "period of N months starting with X": its last day.

    The period ends the day before the same day number N months later.
    If the target month has no such day, the period ends on that month's last
    day. So 1 Oct + 3 -> 31 Dec; 31 Jan 2026 + 12 -> 30 Jan 2027;
    1 Mar 2027 + 12 -> 29 Feb 2028; 29 Feb 2028 + 12 -> 28 Feb 2029
    (Decision 4: the anniversary is taken as 1 March).

    Never compute this as "(X - 1 day) + N months": that gives 28 Feb 2028
    for 1 Mar 2027, one day early.
    """
    x = _d(x)
    y, m = _shift_month(x.year, x.month, _n(n, 1))
    if x.day <= _days_in_month(y, m):
        return _DATE(y, m, x.day) - _ONE_DAY  # day before the anniversary
    return _DATE(y, m, _days_in_month(y, m))  # no such day: end of that month


def working_days_beginning(x: dt.date, n: int) -> dt.date:
    """WORKING_DAYS_BEGINNING, "N working days beginning with X".

    X is day 1 if it is a working day; the result is the Nth working day.
    """
    d = _d(x)
    if not is_working_day(d):
        d = next_working_day(d)
    for _ in range(_n(n, 1) - 1):
        d = next_working_day(d)
    return d


def working_days_after(x: dt.date, n: int) -> dt.date:
    """WORKING_DAYS_AFTER, "within N working days of X".

    Counting starts on the day after X; the result is the Nth working day.
    """
    d = _d(x)
    for _ in range(_n(n, 1)):
        d = next_working_day(d)
    return d


def _in_christmas_period(d: dt.date) -> bool:
    """25 December to 1 January inclusive (HESC r.12)."""
    return (d.month == 12 and d.day >= 25) or (d.month == 1 and d.day == 1)


def _is_tribunal_working_day(d: dt.date) -> bool:
    return is_working_day(d) and d.month != 8 and not _in_christmas_period(d)


def tribunal_working_days(x: dt.date, n: int) -> dt.date:
    """TRIBUNAL_WORKING_DAYS: N working days after X, skipping 25 Dec-1 Jan
    and every day in August (HESC r.12). Counting starts the day after X."""
    d = _d(x)
    for _ in range(_n(n, 1)):
        d += _ONE_DAY
        while not _is_tribunal_working_day(d):
            d += _ONE_DAY
    return d


def tribunal_adjust(d: dt.date) -> dt.date:
    """TRIBUNAL_ADJUST: Decision 6 steps 2 to 4 (HESC r.12), checked ONCE.

    2. 25 Dec - 1 Jan inclusive -> first working day after 1 January.
    3. otherwise, any day in August -> first working day in September.
    4. otherwise, a non-working day -> the next working day.

    The checks are applied once to the unadjusted date, so Saturday 31 July
    moves to Monday 2 August (step 4), not to September.
    """
    d = _d(d)
    if _in_christmas_period(d):  # step 2
        jan_1 = _DATE(d.year + 1 if d.month == 12 else d.year, 1, 1)
        return next_working_day(jan_1)
    if d.month == 8:  # step 3
        return next_working_day(_DATE(d.year, 8, 31))  # first working day in September
    if not is_working_day(d):  # step 4
        return next_working_day(d)
    return d


# =============================================================================
# 5. A rows: EHC needs assessment (spec section 3)
#    A1, A3 and A7 all run from the same start: clock_start() of the request
#    (or the date the LA became responsible under CFA s.24). Nothing restarts them.
# =============================================================================


def decision_to_assess(received_on: dt.date) -> Due:
    """[A1] Decision whether to assess -- SEND Regulations 2014, reg 5(1).

    6 weeks (WEEKS_AFTER) from receipt of the request.
    """
    return _due("A1", weeks_after(received_on, 6))


def advice_due(received_by_adviser_on: dt.date) -> Due:
    """[A2] Advice from a body asked to co-operate -- SEND Regulations 2014, reg 8(1).

    6 weeks (WEEKS_AFTER) from the date the advice-giver received the request.
    """
    return _due("A2", weeks_after(received_by_adviser_on, 6))


def no_plan_decision(received_on: dt.date) -> Due:
    """[A3] Decision not to issue a plan -- SEND Regulations 2014, reg 10(1).

    16 weeks (WEEKS_AFTER) from receipt of the request.
    """
    return _due("A3", weeks_after(received_on, 16))


def representations(served_on: dt.date) -> Due:
    """[A4] Last day for representations on the draft -- SEND Regulations 2014, reg 13(1)(a).

    At least 15 days beginning with service (DAYS_BEGINNING, Decision 3):
    the last day is served + 14.
    """
    return _due("A4", days_beginning(served_on, 15))


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
    return _due("A5", weeks_after(received_on, 14))


def school_consultation_reply(sent_on: dt.date) -> Due:
    """[A6] School reply to consultation -- SEND Code of Practice 2015, para 9.83.

    15 days (DAYS_AFTER) from sending. Guidance, not an LA deadline (statutory=False).
    """
    return _due("A6", days_after(sent_on, 15))


def final_plan(received_on: dt.date) -> Due:
    """[A7] Final plan issued -- SEND Regulations 2014, reg 13(2).

    20 weeks (WEEKS_AFTER) from receipt of the request. "Within 20 weeks" in
    SEN2 reporting is the same date (received + 140 days, section 9.4).
    """
    return _due("A7", weeks_after(received_on, 20))


def appeal_notice_with_plan(plan_issued_on: dt.date) -> Due:
    """[A8] Appeal and mediation notice with the final plan -- SEND Regulations 2014, reg 14.

    The same day the final plan is issued.
    """
    return _due("A8", _d(plan_issued_on))


# =============================================================================
# 6. B rows: annual review, amendment and phase transfer (spec section 5)
# =============================================================================


def review_meeting(period_start: dt.date) -> Due:
    """[B1] Annual review meeting held -- Children and Families Act 2014, s.44(1).

    Latest date for the meeting: last day of the 12 months beginning with the
    period start (MONTHS_BEGINNING, Decision 4). The first period starts on the
    date the plan was made (final plan issued); later ones on the date given by
    :func:`next_review_period_start`. E.g. plan made 31 Jan 2026 -> 30 Jan 2027.
    """
    return _due("B1", months_beginning(period_start, 12))


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
    return _due("B3", weeks_before(meeting_on, 2))


def advice_circulation(meeting_on: dt.date) -> Due:
    """[B4] Advice circulated -- SEND Regulations 2014, reg 20(4), reg 21(4).

    At least 2 weeks before the meeting (WEEKS_BEFORE): meeting - 14 days.
    """
    return _due("B4", weeks_before(meeting_on, 2))


def review_report(meeting_on: dt.date) -> Due:
    """[B5] Review meeting report -- SEND Regulations 2014, reg 20(7)-(8), reg 21(7).

    2 weeks (WEEKS_AFTER) from the meeting.
    """
    return _due("B5", weeks_after(meeting_on, 2))


def review_decision(meeting_on: dt.date) -> Due:
    """[B6] Review decision notified -- SEND Regulations 2014, reg 20(10), reg 21(8).

    4 weeks (WEEKS_AFTER) from the meeting.
    """
    return _due("B6", weeks_after(meeting_on, 4))


def proposed_amendments(meeting_on: dt.date) -> Due:
    """[B7] Decision to amend includes the proposed amendments -- R (L) v Devon CC [2022].

    Within B6's 4 weeks (WEEKS_AFTER) from the meeting.
    """
    return _due("B7", weeks_after(meeting_on, 4))


def amendment_representations(served_on: dt.date) -> Due:
    """[B8] Last day for representations on amendments -- SEND Regulations 2014, reg 22(2)(c).

    At least 15 days beginning with service of the amendment notice
    (DAYS_BEGINNING, Decision 3): served + 14. Also used for B18 (reg 28).
    """
    return _due("B8", days_beginning(served_on, 15))


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
    return _due("B9", weeks_after(notice_sent_on, 8))


def decision_not_to_amend(notice_sent_on: dt.date) -> Due:
    """[B10] Decision not to amend after representations -- SEND Regulations 2014, reg 22(4).

    8 weeks (WEEKS_AFTER) from the date the amendment notice was sent.
    """
    return _due("B10", weeks_after(notice_sent_on, 8))


def amended_plan_overall(meeting_on: dt.date) -> Due:
    """[B11] Amended plan within 12 weeks of the meeting -- R (L) v Devon CC [2022].

    12 weeks (WEEKS_AFTER) from the review meeting (4 weeks + 8 weeks).
    """
    return _due("B11", weeks_after(meeting_on, 12))


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
        return _due("B14", months_before(transfer_on, 5))
    strict = settings.phase_transfer_deadline == "before"
    if kind == "school":
        fixed = _DATE(transfer_on.year, 2, 15)  # "before 15 February"
        rule = "B12"
    else:
        fixed = _DATE(transfer_on.year, 3, 31)  # "before 31 March"
        rule = "B13"
    return _due(rule, fixed - _ONE_DAY if strict else fixed)


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
    meeting = weeks_before(due.due_on, 12)
    dates = {
        "latest_review_meeting": meeting,
        "meeting_notice": weeks_before(meeting, 2),
        "amendment_notice": weeks_after(meeting, 4),
    }
    return {key: _due(f"{due.rule}-{_AID_KINDS[key][0]}", on) for key, on in dates.items()}


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
    return _due("B15", weeks_before(term_starts_on, 2))


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
# 7. C rows: ceasing a plan (spec section 6)
# =============================================================================


def earliest_cease_date(notice_sent_on: dt.date, certificate_issued_on: dt.date | None = None) -> dt.date:
    """[C6] Earliest date a plan may cease -- Children and Families Act 2014, s.45.

    The day after the appeal deadline (D1, or D2 where a mediation
    certificate was issued). If an appeal is registered, the plan ceases only
    when it is decided or withdrawn -- that is for the caller to check.
    """
    return appeal_deadline(notice_sent_on, certificate_issued_on).due_on + _ONE_DAY


# =============================================================================
# 8. D rows: mediation and appeal (spec section 7)
# =============================================================================


def appeal_deadline(notice_sent_on: dt.date, certificate_issued_on: dt.date | None = None) -> Due:
    """[D1]/[D2] Appeal must reach the Tribunal -- Tribunal Procedure (HESC) Rules 2008, r.20(1)(c) and r.12.

    1. raw1 = notice sent + 2 months (D1, MONTHS_AFTER).
    2. raw2 = certificate issued + 1 month (D2), where a certificate exists.
    3. due = tribunal_adjust(later of raw1 and raw2) (Decision 6).
    The rule is "D2" when the certificate gives the later raw date, else "D1".
    These are the only deadlines that move; the result is always a working
    day, so practical_on == due_on.
    """
    raw, rule = months_after(notice_sent_on, 2), "D1"
    if certificate_issued_on is not None:
        raw2 = months_after(certificate_issued_on, 1)
        if raw2 > raw:
            raw, rule = raw2, "D2"
    return _due(rule, tribunal_adjust(raw))


def mediation_contact(notice_sent_on: dt.date) -> Due:
    """[D3] Parent/YP contacts the mediation adviser -- SEND Regulations 2014, reg 33.

    2 months (MONTHS_AFTER) after the decision notice was sent.
    No Tribunal adjustment: this is not a Tribunal rule.
    """
    return _due("D3", months_after(notice_sent_on, 2))


def certificate_without_mediation(adviser_told_on: dt.date) -> Due:
    """[D4] Certificate when mediation is not wanted -- SEND Regulations 2014, regs 33-34.

    3 working days (WORKING_DAYS_AFTER) after the adviser is told.
    """
    return _due("D4", working_days_after(adviser_told_on, 3))


def health_issues_notice(la_told_on: dt.date) -> Due:
    """[D5] LA tells each relevant ICB about health issues -- SEND Regulations 2014, regs 35-36.

    3 working days (WORKING_DAYS_AFTER) after the LA is told mediation is wanted.
    """
    return _due("D5", working_days_after(la_told_on, 3))


def mediation_held(la_told_on: dt.date, health_only: bool = False, settings: Settings = DEFAULT_SETTINGS) -> Due:
    """[D6] Mediation takes place -- SEND Regulations 2014, regs 35-37.

    30 days (DAYS_AFTER) after the LA (for health-only issues, the ICB) is told
    mediation is wanted. For health-only issues with
    ``health_mediation_day_type = "working"``: 30 working days (WORKING_DAYS_AFTER).
    """
    if health_only and settings.health_mediation_day_type == "working":
        return _due("D6", working_days_after(la_told_on, 30))
    return _due("D6", days_after(la_told_on, 30))


def certificate_cannot_arrange(adviser_told_on: dt.date) -> Due:
    """[D7] Certificate when mediation cannot be arranged -- SEND Regulations 2014, regs 35-37.

    3 working days (WORKING_DAYS_AFTER) after the adviser is told.
    """
    return _due("D7", working_days_after(adviser_told_on, 3))


def certificate_after_mediation(mediation_ended_on: dt.date) -> Due:
    """[D8] Certificate after mediation -- SEND Regulations 2014, regs 35-37.

    3 working days (WORKING_DAYS_AFTER) after mediation ends.
    """
    return _due("D8", working_days_after(mediation_ended_on, 3))


def mediation_agreement_appealable(kind: str, agreed_on: dt.date) -> Due:
    """[D9] Agreement on an appealable issue -- SEND Regulations 2014, reg 42(2).

    The E10 limits, counted from the date of the agreement. ``kind`` as for
    :func:`unopposed_appeal`.
    """
    return _due("D9", weeks_after(agreed_on, _e10_weeks(kind)))


def agreement_action(agreed_on: dt.date) -> Due:
    """[D10] Action agreed on a non-appealable issue -- SEND Regulations 2014, reg 42(3).

    2 weeks (WEEKS_AFTER) from the agreement.
    """
    return _due("D10", weeks_after(agreed_on, 2))


def commissioning_body_tells_la(agreed_on: dt.date) -> Due:
    """[D11] Commissioning body tells the LA of the agreement -- SEND Regulations 2014, reg 42(4).

    1 week (WEEKS_AFTER) from the agreement. Under reg 42(5) the parties may
    agree another date in writing; the caller then records that date instead.
    """
    return _due("D11", weeks_after(agreed_on, 1))


def appeal_response_prompt(appeal_sent_on: dt.date) -> Due:
    """[D13] LA response to an appeal (prompt) -- Tribunal Procedure (HESC) Rules 2008, r.12.

    The real due date is the one in the Tribunal's registration letter. Until
    it is entered, prompt with 30 Tribunal working days (TRIBUNAL_WORKING_DAYS,
    counted from the day after the appeal was sent to the LA).
    """
    return _due("D13", tribunal_working_days(appeal_sent_on, 30))


# =============================================================================
# 9. E rows: Tribunal orders and unopposed appeals (spec section 8.1)
#    Later release. All limits are WEEKS_AFTER from the order clock start (E9).
# =============================================================================

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
    return _due(rule, weeks_after(order_start, weeks))


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
    return _due("E10", weeks_after(told_tribunal_on, _e10_weeks(kind)))


def recommendation_response(recommended_on: dt.date, settings: Settings = DEFAULT_SETTINGS) -> Due:
    """[E11] Response to a Tribunal recommendation -- SI 2017/1306, reg 6.

    ``recommendation_response_weeks`` (default 5) weeks (WEEKS_AFTER).
    """
    return _due("E11", weeks_after(recommended_on, settings.recommendation_response_weeks))


# =============================================================================
# 10. F rows: transfers between LAs and commissioning bodies (spec section 8.2)
# =============================================================================


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


# =============================================================================
# 11. G rows: re-assessment and other clocks (spec section 8.3)
# =============================================================================


def reassessment_decision(received_on: dt.date) -> Due:
    """[G1] Decision whether to re-assess -- SEND Regulations 2014, regs 24-25.

    15 days (DAYS_AFTER) from receipt of the request (start via clock_start).
    """
    return _due("G1", days_after(received_on, 15))


def reassessment_plan(decision_notified_on: dt.date) -> Due:
    """[G3] Final plan after re-assessment -- SEND Regulations 2014, reg 27(2).

    14 weeks (WEEKS_AFTER) from NOTIFICATION of the decision to re-assess
    (not the date of the decision itself, section 2.5).
    """
    return _due("G3", weeks_after(decision_notified_on, 14))


def direct_payments_review(payments_started_on: dt.date) -> Due:
    """[G6] First review of direct payments -- SEND (Personal Budgets) Regulations 2014, reg 11.

    Within the first 3 months (MONTHS_AFTER) of the payments starting.
    """
    return _due("G6", months_after(payments_started_on, 3))


def detained_person_decision(received_on: dt.date) -> Due:
    """[G7] Detained person: decision whether to assess -- SEND (Detained Persons) Regulations 2015, reg 5.

    6 weeks (WEEKS_AFTER) from the request or the person being brought to the
    LA's attention.
    """
    return _due("G7", weeks_after(received_on, 6))


# =============================================================================
# 12. Exceptions and closures (spec section 9). Decision 8: an exception
#     NEVER moves a due date; it only marks the deadline "exception applies".
# =============================================================================

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


# =============================================================================
# 13. Compliance outcome (spec section 2.3). Judged on due_on, never practical_on.
# =============================================================================


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
