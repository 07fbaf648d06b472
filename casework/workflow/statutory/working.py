"""Every deadline shows its working (spec section 2.3): how its date was calculated, which holidays
were taken into account, and why.

:func:`working_for` explains a :class:`~.rules.Due` in plain English, for staff (the rule, its
citation, the arithmetic, and why a date moved) and for families (no rule IDs). It reads only the
record the deadline function kept while counting (``Due.counted``, a :class:`~.periods.Count`): the
dates it states are that record's dates, so the working cannot disagree with the computation. The only
date worked out here is the practical date, by the same function ``Due.practical_on`` came from,
and a mismatch is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .calendar import last_working_day
from .periods import Count, _in_christmas_period
from .rules import RULES, Due
from .words import (
    FAMILY,
    STARTS,
    amount,
    day,
    day_month,
    family_start,
    holiday_list,
    join,
    month_year,
    non_working,
    ordinal,
    why_not_working,
)

_ONE_DAY = dt.timedelta(days=1)
_R12 = "the Tribunal's rules (HESC r.12, Decision 6)"


@dataclass(frozen=True)
class Working:
    """How one deadline was calculated, in words (spec section 2.3)."""

    rule: str
    title: str
    citation: str
    start_on: dt.date
    start_what: str  # what the start date is: "the request was received"
    due_on: dt.date
    practical_on: dt.date
    period: str  # the rule in a few words: "6 weeks after", "the later of ..." (api.md working.rule)
    arithmetic: str  # the counting, in words, exact to the counting rule of section 2.2
    moved: tuple[str, ...]  # one sentence per date that moved: a Tribunal adjustment, the practical date
    family_text: str  # for families: plainer words, no rule IDs

    @property
    def text(self) -> str:
        """The whole working for staff, as one paragraph."""
        head = f"{self.rule} {self.title} ({self.citation}). Started {day(self.start_on)}: {self.start_what}."
        return " ".join([head, self.arithmetic, *self.moved])

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "title": self.title,
            "citation": self.citation,
            "start_on": self.start_on.isoformat(),
            "start_what": self.start_what,
            "due_on": self.due_on.isoformat(),
            "practical_on": self.practical_on.isoformat(),
            "period": self.period,
            "arithmetic": self.arithmetic,
            "moved": list(self.moved),
            "family_text": self.family_text,
        }


def working_for(due: Due, start_what: str | None = None) -> Working:
    """The working of a deadline returned by a deadline function.

    ``start_what`` may name the start more exactly than the deadline function could: a key of
    ``words.STARTS`` (e.g. ``"plan_made"`` for a B1 period that began when the plan was made) changes
    the staff and the family wording; any other text replaces the staff wording only.
    Raises ``ValueError`` for a ``Due`` that carries no record of its counting.
    """
    counted = due.counted
    if counted is None or due.start is None or due.start_on is None:
        raise ValueError(f"this {due.rule} Due was not made by a deadline function: it has no working")
    if counted.on != due.due_on:
        raise ValueError(f"{due.rule}: the recorded count gives {counted.on}, not the due date {due.due_on}")
    key = start_what if start_what in STARTS else due.start
    counted = _name_origin(counted, key)
    moved = list(_moves(counted))
    if counted.kind != "DAY_AFTER":  # C6 is an earliest date: it has no practical date
        practical, passed = last_working_day(due.due_on)
        if practical != due.practical_on:
            raise ValueError(f"{due.rule}: practical date {due.practical_on} is not {practical}")
        if passed:
            moved.append(
                f"{join(non_working(passed))}, so the last working day before the due date is {day(practical)}: "
                "that is the practical date, and the due date does not move (Decision 1)."
            )
    family = _family(due, counted)
    rule = RULES[due.rule]
    return Working(
        rule=due.rule,
        title=rule.title,
        citation=rule.citation,
        start_on=due.start_on,
        start_what=STARTS[key].what if start_what is None or start_what in STARTS else start_what,
        due_on=due.due_on,
        practical_on=due.practical_on,
        period=period_words(counted),
        arithmetic=_staff(counted),
        moved=tuple(moved),
        family_text=family,
    )


def _name_origin(c: Count, key: str) -> Count:
    """The same count, with its start event (the part the date came from) named ``key``."""
    if c.kind == "LATER_OF":
        parts = list(c.parts)
        parts[c.chosen] = _name_origin(parts[c.chosen], key)
        return replace(c, parts=tuple(parts))
    if c.kind in ("TRIBUNAL_ADJUST", "DAY_AFTER"):
        return replace(c, parts=(_name_origin(c.parts[0], key), *c.parts[1:]))
    return replace(c, what=key)


# -----------------------------------------------------------------------------
# For staff: the arithmetic, exact to the counting rule of section 2.2
# -----------------------------------------------------------------------------


def _excluding(c: Count) -> str:
    """'weekends or the bank holidays Good Friday 3 April and Easter Monday 6 April 2026' (what was not counted)."""
    tribunal = c.kind == "TRIBUNAL_WORKING_DAYS"

    def r12(d: dt.date) -> bool:
        return tribunal and (d.month == 8 or _in_christmas_period(d))

    holidays = [d for d in c.skipped if d.weekday() < 5 and not r12(d)]  # a weekday passed over: a bank holiday
    items = ["weekends"]
    if holidays:
        items.append(f"the bank holiday{'s' if len(holidays) > 1 else ''} {holiday_list(holidays)}")
    if tribunal and any(_in_christmas_period(d) for d in c.skipped):
        items.append("25 December to 1 January")
    if tribunal and any(d.month == 8 for d in c.skipped):
        items.append("any day in August")
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else items[0]


def _part_sentence(c: Count) -> str:
    text = _staff(c, with_what=True)
    return f"{c.label} {text}" if (c.label or "").startswith("(") else f"{c.label}: {text}"


def _staff(c: Count, with_what: bool = False) -> str:
    on, n, kind = day(c.on), c.n, c.kind
    when = f"when {STARTS[c.what].what}" if with_what and c.what else ""

    def start(note: str = "") -> str:  # the start date, with what it is and how it counts in brackets
        notes = "; ".join(x for x in (when, note) if x)
        return f"{day(c.start)} ({notes})" if notes else day(c.start)

    if kind == "SAME_DAY":
        return f"On the day itself{f' ({when})' if when else ''}: {on}."
    if kind == "WEEKS_AFTER":
        if n == 0:
            return f"Immediately, on the day itself{f' ({when})' if when else ''}: {on}."
        return f"{amount(n, 'week')} after {start('the day it started is not counted')} is {on}."
    if kind == "WEEKS_BEFORE":
        return (
            f"{amount(n, 'week')} before {start()} is {on}, the latest date that leaves at least {amount(n, 'week')}."
        )
    if kind == "DAYS_BEGINNING":
        return (
            f"At least {n} days beginning with {start('that day counts as day 1')}, so the next step is allowed "
            f"from {day(c.on + _ONE_DAY)}: day {n}, the last day, is {on}."
        )
    if kind == "DAYS_AFTER":
        return f"{amount(n, 'day')} after {start('the day it started is not counted')} is {on}."
    if kind in ("MONTHS_AFTER", "MONTHS_BEFORE"):
        way = "after" if kind == "MONTHS_AFTER" else "before"
        short = f" ({month_year(c.on)} has no {ordinal(c.start.day)}, so its last day)" if c.month_end else ""
        return f"{amount(n, 'month')} {way} {start()} is {on}{short}."
    if kind == "MONTHS_BEGINNING":
        ref = "its anniversary" if n == 12 else f"the same date {n} months later"
        if c.month_end:
            return (
                f"The {n}-month period beginning with {start()} ends the day before {ref}; "
                f"{month_year(c.on)} has no {ordinal(c.start.day)}, so it ends on the last day of that month: {on}."
            )
        return (
            f"The {n}-month period beginning with {start()} ends the day before {ref}, {day(c.on + _ONE_DAY)}, "
            f"so its last day is {on}."
        )
    if kind == "WORKING_DAYS_BEGINNING":
        day_one = c.start
        while day_one in c.skipped:
            day_one += _ONE_DAY
        if day_one == c.start:
            first = f"{start('that day counts as day 1')},"
        else:
            first = f"{start()}, which is not a working day, so day 1 is {day(day_one)};"
        return f"{n} working days beginning with {first} not counting {_excluding(c)}: day {n} is {on}."
    if kind in ("WORKING_DAYS_AFTER", "TRIBUNAL_WORKING_DAYS"):
        r12 = " (HESC r.12)" if kind == "TRIBUNAL_WORKING_DAYS" else ""
        return (
            f"{amount(n, 'working day')} after {start()}, counting from the next day and not counting "
            f"{_excluding(c)}{r12}: day {n} is {on}."
        )
    if kind == "FIXED_DATE":
        named = day_month(c.named)
        reading = (
            f'with phase_transfer_deadline = "before" (Decision 5) the last day is the day before, {on}'
            if c.strict
            else f'with phase_transfer_deadline = "by" (Decision 5) the last day is {named} itself, {on}'
        )
        return (
            f"The transfer is on {start()}, so the calendar year of the transfer is {c.start.year}. "
            f"The law says before {named} in that year; {reading}."
        )
    if kind == "LATER_OF":
        a = c.parts[c.chosen]
        tie = sum(p.on == a.on for p in c.parts) > 1
        end = f"Both fall on {on}; {a.label} is taken." if tie else f"The later of the two is {a.label}: {on}."
        return " ".join([*(_part_sentence(p) for p in c.parts), end])
    if kind == "TRIBUNAL_ADJUST":
        inner = c.parts[0]
        text = _staff(inner, with_what) if inner.kind == "LATER_OF" else _part_sentence(inner)
        if c.step is None:
            text += (
                f" {day(c.start)} is a working day outside 25 December to 1 January and outside August, "
                f"so {_R12} do not move it."
            )
        return text
    if kind == "DAY_AFTER":
        return f"{_staff(c.parts[0], with_what)} The plan may cease from the day after the appeal deadline: {on}."
    if kind == "GIVEN":
        return f"Not counted: {c.label} gives the date, {on} (the period started on {start()})."
    raise ValueError(f"no working for a count of kind {kind!r}")


_PERIOD_UNITS = {
    "WEEKS_AFTER": ("week", "after"), "WEEKS_BEFORE": ("week", "before"), "DAYS_AFTER": ("day", "after"),
    "MONTHS_AFTER": ("month", "after"), "MONTHS_BEFORE": ("month", "before"),
    "WORKING_DAYS_AFTER": ("working day", "after"), "TRIBUNAL_WORKING_DAYS": ("Tribunal working day", "after"),
}  # fmt: skip


def period_words(c: Count) -> str:
    """The rule in a few words, for a table: '6 weeks after', 'at least 15 days beginning with'."""
    kind, n = c.kind, c.n
    if kind in _PERIOD_UNITS:
        unit, way = _PERIOD_UNITS[kind]
        return "immediately" if (kind == "WEEKS_AFTER" and n == 0) else f"{amount(n, unit)} {way}"
    if kind == "DAYS_BEGINNING":
        return f"at least {n} days beginning with"
    if kind == "MONTHS_BEGINNING":
        return f"the {n}-month period beginning with"
    if kind == "WORKING_DAYS_BEGINNING":
        return f"{n} working days beginning with"
    if kind == "FIXED_DATE":
        return f"{'before' if c.strict else 'by'} {day_month(c.named)} in the year of"
    if kind == "LATER_OF":
        named = [p.label if (p.label or "").startswith("(") else f"({p.label})" for p in c.parts]
        return "the later of " + join([f"{period_words(p)} {n}" for p, n in zip(c.parts, named, strict=True)])
    if kind == "TRIBUNAL_ADJUST":
        return f"{period_words(c.parts[0])}, then the Tribunal's adjustment (HESC r.12)"
    if kind == "DAY_AFTER":
        return f"the day after {period_words(c.parts[0])}"
    if kind == "GIVEN":
        return f"the date in {c.label}"
    return "on the day"


def _moves(c: Count):
    """The sentences for each Tribunal adjustment inside a count (Decision 6)."""
    for part in c.parts:
        yield from _moves(part)
    if c.kind != "TRIBUNAL_ADJUST" or c.step is None:
        return
    raw, on = day(c.start), day(c.on)
    because = f": {join(non_working(c.skipped))}" if c.skipped else ""
    if c.step == "christmas":
        yield (
            f"{raw} falls between 25 December and 1 January, so {_R12} move it to the first working day after "
            f"1 January, {on}{because}."
        )
    elif c.step == "august":
        yield f"{raw} falls in August, so {_R12} move it to the first working day in September, {on}{because}."
    else:
        once = ""
        if c.on.month == 8 or _in_christmas_period(c.on):
            once = " The checks are made once, against the date before it moved, so it does not move again."
        yield f"{raw} is not a working day, so {_R12} move it to the next working day, {on}{because}.{once}"


# -----------------------------------------------------------------------------
# For families: plainer words, no rule IDs
# -----------------------------------------------------------------------------


def _family(due: Due, c: Count) -> str:
    template, subject = FAMILY[due.rule]
    text = f"{template.format(due=day(due.due_on))}: {_family_period(c, subject)}."
    if c.kind != "DAY_AFTER" and due.practical_on != due.due_on:
        text += (
            f" {day(due.due_on)} is {why_not_working(due.due_on)}, so the last working day before it is "
            f"{day(due.practical_on)}."
        )
    return text


def _family_period(c: Count, subject: str) -> str:
    s = family_start(STARTS[c.what], subject) if c.what else ""
    start, n, kind = day(c.start), c.n, c.kind
    if kind == "SAME_DAY":
        return f"on the day {s}"
    if kind == "WEEKS_AFTER":
        return f"immediately after {s} on {start}" if n == 0 else f"{amount(n, 'week')} after {s} on {start}"
    if kind == "WEEKS_BEFORE":
        return f"{amount(n, 'week')} before {s} on {start}"
    if kind == "DAYS_BEGINNING":
        return f"{n} days, counting the day {s}, {start}, as day 1"
    if kind == "DAYS_AFTER":
        return f"{amount(n, 'day')} after {s} on {start}"
    if kind == "MONTHS_AFTER":
        return f"{amount(n, 'month')} after {s} on {start}"
    if kind == "MONTHS_BEFORE":
        return f"{amount(n, 'month')} before {s} on {start}"
    if kind == "MONTHS_BEGINNING":
        return f"the last day of the {n} months starting on the day {s}, {start}"
    if kind == "WORKING_DAYS_BEGINNING":
        return f"{n} working days, not counting weekends or bank holidays, starting with the day {s}, {start}"
    if kind == "WORKING_DAYS_AFTER":
        return f"{amount(n, 'working day')}, not counting weekends or bank holidays, after {s} on {start}"
    if kind == "TRIBUNAL_WORKING_DAYS":
        return (
            f"{amount(n, 'working day')}, not counting weekends, bank holidays, 25 December to 1 January or "
            f"August, after {s} on {start}"
        )
    if kind == "FIXED_DATE":
        named = day_month(c.named)
        return f"{'before' if c.strict else 'by'} {named} in the year {s} ({c.start.year})"
    if kind == "LATER_OF":
        a, b = (f"{day(p.on)} ({_family_period(p, subject)})" for p in c.parts)
        return f"the later of {a} and {b}"
    if kind == "TRIBUNAL_ADJUST":
        return _family_appeal(c, subject)
    if kind == "DAY_AFTER":
        return f"the day after the last day for an appeal to reach the Tribunal, {day(c.parts[0].on)}"
    if kind == "GIVEN":
        return f"the date given in {c.label}; {s} on {start}"
    raise ValueError(f"no working for a count of kind {kind!r}")


def _family_appeal(c: Count, subject: str) -> str:
    inner = c.parts[0]
    if inner.kind == "LATER_OF":
        chosen = inner.parts[inner.chosen]
        other = inner.parts[1 - inner.chosen]
        compare = "the same day as" if chosen.on == other.on else "later than"
        text = (
            f"{_family_period(chosen, subject)} gives {day(chosen.on)}, {compare} "
            f"{_family_period(other, subject)} ({day(other.on)})"
        )
    else:
        text = _family_period(inner, subject)
        if c.step is not None:
            text += f" gives {day(c.start)}"
    if c.step == "christmas":
        text += "; the Tribunal's deadlines do not fall between 25 December and 1 January, so it moves to the first working day after 1 January"
    elif c.step == "august":
        text += "; the Tribunal's deadlines do not fall in August, so it moves to the first working day in September"
    elif c.step == "non_working":
        text += f"; that is {why_not_working(c.start)}, so it moves to the next working day"
    return text
