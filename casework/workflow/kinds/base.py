"""What a kind of case declares, so that the engine, the pages and the API need no branch on it.

A kind is one module in this package plus one line in the registry (`kinds/__init__.py`). It
declares its machine (states, events and guards, each event with its label, form fields and who may
record it), its deadline rules, the facts its events set beyond "<event>_on", what it does to the
plan, the stages a family and an officer see, and which update each event sends the family.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casework.workflow import statutory as law
from casework.workflow.deadlines import DeadlineSpec
from casework.workflow.machine import Definition, Field, Step

LETTER_SENT = "decision_letter_sent"


def letter_sent_step(states: tuple[str, ...]) -> Step:
    """Recorded when a decision letter is posted or sent later than the decision (any state, the
    closed ones too: a decision not to assess closes the case the day it is made)."""
    return Step(LETTER_SENT, states, None, label="Decision letter sent", date_label="Date the letter was sent",
                form="none", repeatable=True, letter_sent=True)  # fmt: skip


@dataclass(frozen=True)
class Opening:
    """What a case opens with, prepared by its kind from the opener's inputs."""

    opened_on: dt.date
    facts: dict[str, Any]
    details: dict[str, Any]
    conflict: str  # said when another open case of this kind stops this one (a unique index)
    plan_id: int | None = None
    officer_id: int | None = None  # an officer chosen by whoever opened it (else allocation chooses)
    columns: dict[str, Any] = field(default_factory=dict)  # more of the case's own columns
    state: str | None = None  # the state it opens in, when not the machine's initial state


@dataclass(frozen=True)
class Stage:
    """A stage of the journey as people see it: its name, what it means for a family, the state in
    which it is under way, the states in which it is done, and the deadline that says by when it
    must be done (the key of one of the kind's deadlines, when the law sets one)."""

    name: str
    explain: str
    active_in: str
    done_in: tuple[str, ...]
    deadline: str | None = None


@dataclass(frozen=True)
class FollowOn:
    """An event one case's event causes on another case (a child moving away ends the request in
    progress, F6). The engine records it, in the same transaction, through the same checks; with
    `if_allowed`, only where that case's machine allows it now."""

    case_id: int
    event_type: str
    occurred_on: dt.date
    details: Mapping[str, Any] = field(default_factory=dict)
    if_allowed: bool = True


def _no_follow_ons(conn: Any, case: Any, event_type: str, occurred_on: dt.date, facts: Mapping[str, Any],
                   details: Mapping[str, Any]) -> list[FollowOn]:  # fmt: skip
    return []


def _no_checks(event_type: str, details: Mapping[str, Any], child_date_of_birth: dt.date, on: dt.date) -> dict:
    return {}


def _no_facts(event_type: str, occurred_on: dt.date, details: Mapping[str, Any], facts: dict, today: dt.date) -> None:
    return None


def _no_effects(conn: Any, case: Any, event_type: str, occurred_on: dt.date, facts: Mapping[str, Any],
                details: Mapping[str, Any], settings: law.Settings) -> None:  # fmt: skip
    return None


@dataclass(frozen=True)
class Kind:
    name: str  # stored in cases.kind
    title: str  # "EHC needs assessment"
    plural: str  # "Assessments" (filters)
    machine: Definition
    deadlines: Callable[[dict[str, Any], law.Settings], list[DeadlineSpec]]
    state_names: Mapping[str, str]  # short names of the states ("Assessing needs")
    deadline_labels: Mapping[str, str]
    stages: tuple[Stage, ...]
    next_step: Mapping[str, str]  # state -> what happens next, for families
    next_deadline: Mapping[str, str] = field(default_factory=dict)  # state -> the deadline a family is told about
    exception_rules: Mapping[str, str] = field(default_factory=dict)  # deadline key -> rule (statutory.md 9.1)
    # (event, details, child's date of birth, date) -> {field: [problems]}: checks beyond the fields' presence
    check: Callable[..., dict[str, list[str]]] = _no_checks
    # (event, date, details, facts, today): set the facts an event carries beyond "<event>_on"
    record_facts: Callable[..., None] = _no_facts
    # (conn, case row, event, date, facts, details, settings): what the event does to the plan
    effects: Callable[..., None] = _no_effects
    # (conn, child id, inputs, settings, today) -> Opening: checks the inputs a case of this kind opens
    # from and prepares its first facts (raising InvalidInput, Conflict)
    prepare: Callable[..., Opening] | None = None
    opening_event: str = ""  # the event the case opens with (recorded by the opener, not the machine)
    opening_label: str = ""
    opening_update: str | None = None  # the family update sent when it opens
    # what it opens from, as `Field`s (as a step's form declares its fields): the opener's inputs
    opening_fields: tuple[Field, ...] = ()
    # the fact the opening's date sets (e.g. received_on), and how a corrected opening date sets it
    opening_fact: str = ""
    correct_opening: Callable[..., None] | None = None  # (facts, new date, settings)
    # appealable event -> what an appeal against it is against (refusal_to_assess, plan_contents ...)
    appeals: Mapping[str, str] = field(default_factory=dict)
    # (facts, child's date of birth, on) -> the advice reg 6(1) requires and where each stands, or None
    # when the kind gathers no advice
    required_advice: Callable[..., list[dict[str, Any]] | None] | None = None
    # (conn, case row, event, date, facts, details) -> events it causes on other cases
    follow_ons: Callable[..., list[FollowOn]] = _no_follow_ons
    # the case page's form (a template) that opens what follows a case of this kind (a dispute: its order)
    follow_up_form: str | None = None
    # events after which the family is asked for feedback (workflow/feedback.py): event -> "final_plan" | "review"
    surveys: Mapping[str, str] = field(default_factory=dict)

    def step(self, event_type: str) -> Step | None:
        return self.machine.step.get(event_type)

    def event_label(self, event_type: str) -> str:
        if event_type == self.opening_event:
            return self.opening_label
        step = self.step(event_type)
        return step.label if step and step.label else event_type.replace("_", " ").capitalize()

    def family_update(self, event_type: str) -> str | None:
        if event_type == self.opening_event:
            return self.opening_update
        step = self.step(event_type)
        return step.tells_family if step else None

    def allowed(self, state: str, role: str | None = None) -> list[str]:
        """The events that may be recorded now (by this role, when given); the letter's date, which
        the product records itself when a decision letter leaves, is left out."""
        out = []
        for trigger in sorted(self.machine.allowed(state)):
            step = self.machine.step[trigger]
            if not step.letter_sent and (role is None or role in step.roles):
                out.append(trigger)
        return out
