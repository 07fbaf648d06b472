"""Computed deadlines and how their status reads on a given day (statutory.md 2.3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from casework.workflow import statutory as law

# stored outcomes; "overdue" and "exception" are how a stored row reads on a given day
STATUSES = ("pending", "met", "missed", "overdue", "exception", "not_applicable")


@dataclass(frozen=True)
class DeadlineSpec:
    key: str
    rule: str
    regulation: str
    # duty (the LA must act) | window (the family's time) | target (planning aid) | external (another
    # body's duty: the mediation adviser's certificate, a commissioning body's notice; shown, never queued)
    kind: str
    start_on: dt.date
    due_on: dt.date
    practical_due_on: dt.date
    met_on: dt.date | None
    applicable: bool
    # how the date was counted, kept for showing the working on read (never stored, never compared)
    due: law.Due | None = field(default=None, compare=False, repr=False)
    start_what: str | None = field(default=None, compare=False, repr=False)  # names the start more exactly
    notes: tuple[str, ...] = field(default=(), compare=False, repr=False)  # e.g. "may be extended by D2"
    family_notes: tuple[str, ...] = field(default=(), compare=False, repr=False)  # the same, without rule IDs

    @property
    def outcome(self) -> str:
        """The stored outcome: pending | met | missed | not_applicable (never depends on today)."""
        if not self.applicable:
            return "not_applicable"
        if self.met_on is None:
            return "pending"
        return "met" if self.met_on <= self.due_on else "missed"


def earliest(*dates: dt.date | None) -> dt.date | None:
    """The earliest of the dates given (None when there are none)."""
    present = [d for d in dates if d is not None]
    return min(present) if present else None


def spec(
    key: str,
    due: law.Due,
    start_on: dt.date,
    *,
    met_on: dt.date | None = None,
    applicable: bool = True,
    kind: str = "duty",
    start_what: str | None = None,
    notes: tuple[str, ...] = (),
    family_notes: tuple[str, ...] | None = None,
) -> DeadlineSpec:
    return DeadlineSpec(
        key=key,
        rule=due.rule,
        regulation=due.citation,
        kind=kind,
        start_on=start_on,
        due_on=due.due_on,
        practical_due_on=due.practical_on,
        met_on=met_on,
        applicable=applicable,
        due=due,
        start_what=start_what,
        notes=notes,
        family_notes=notes if family_notes is None else family_notes,
    )


def status(outcome: str, kind: str, due_on: dt.date, exception_applies: bool, today: dt.date) -> str:
    """How a deadline reads today. Exceptions never move a date (Decision 8): they are shown
    instead of overdue/missed. A family's window that has run its course reads as met."""
    if outcome == "not_applicable":
        return outcome
    if kind == "window":
        return "met" if (outcome != "pending" or today > due_on) else "pending"
    if exception_applies and outcome != "met":
        return "exception"
    if outcome == "pending" and today > due_on:
        return "overdue"
    return outcome


def days_remaining(due_on: dt.date, today: dt.date) -> int:
    return (due_on - today).days


def facts_to_json(facts: dict[str, Any]) -> dict[str, Any]:
    """Facts named `*_on` are dates; others (e.g. phase_transfer_kind) are kept as they are."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in facts.items()}


def facts_from_json(data: dict[str, Any] | None) -> dict[str, Any]:
    return {
        k: (dt.date.fromisoformat(v) if k.endswith("_on") and isinstance(v, str) else v)
        for k, v in (data or {}).items()
    }
