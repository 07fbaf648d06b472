"""One `transitions` machine per case kind, built once per process from a table.

A case is never attached to the machine. Each thread has one small cursor object, added to the
machine once; to fire a trigger we set the cursor's state to the case's, pass the context, and read
back the new state. So a transition costs one trigger call (no Machine construction, no
add_model/remove_model), and the machine holds no references to cases (see design.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from transitions import Machine, MachineError

from casework.workflow.errors import GuardRefused, WrongState

# A guard looks at the transition's context and returns None (allowed) or the statutory reason
# it refuses, in words an officer can act on.
Guard = Callable[[Any], "str | None"]


STAFF_ROLES = ("officer", "manager", "admin")


@dataclass(frozen=True)
class Field:
    """One thing an event's form (and the API's event body) asks for besides the date.

    kind: text | textarea | date | views (who gave the child's or parent's views, and how) |
    confirm (a yes tick box) | phase_transfer (date and kind of transfer) | keys (deadline keys) |
    number (a whole number: weeks, an id) | choice (one of `choices`)."""

    name: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    max_length: int = 2000
    max_years_ahead: int | None = None  # dates: how far ahead may be given (None: not after today's year + 30)
    choices: tuple[tuple[str, str], ...] = ()  # choice (and codes a text field allows): (value, words) pairs


@dataclass(frozen=True)
class Step:
    """One event of a case kind: when it may be recorded, what it does to the state, and how people
    record it (its label, the date's label, the fields its form asks for, who may record it)."""

    trigger: str
    source: str | Sequence[str]
    dest: str | None  # None: the state does not change (the event is still recorded)
    guards: tuple[Guard, ...] = ()
    label: str = ""  # "Decided to assess": the timeline's entry and the form's heading
    date_label: str = "Date it happened"
    fields: tuple[Field, ...] = ()
    when: str = ""  # said when the event is tried in the wrong state, e.g. "only while assessing"
    roles: tuple[str, ...] = STAFF_ROLES  # who may record it
    # inline: the case page's generic form | separate: its own form | none: recorded only by its own
    # function or another case's event (not through the API's generic event body)
    form: str = "inline"
    repeatable: bool = False  # may be recorded again; sets no "<event>_on" fact
    appealable: bool = False  # a decision whose letter opens an appeal window (notice_sent_on)
    tells_family: str | None = None  # the family update's template stem, if the family is told
    # why a step that changes the state tells the family nothing (they did it themselves, say): every
    # other change of state tells them (tests/unit/test_architecture.py)
    silent: str = ""
    letter: str | None = None  # the statutory letter it sends (notifications/letters), if any
    # the event records that a decision letter went out later than the decision: the appeal window
    # then runs from the letter (statutory.md 2.4 "Decision letters", D1)
    letter_sent: bool = False

    @property
    def requires(self) -> tuple[str, ...]:
        """Fields the event must carry (422 naming them if missing)."""
        return tuple(f.name for f in self.fields if f.required)


class _Cursor:
    """Stands in for a case while one trigger is fired."""

    state: str
    ctx: Any = None
    refusal: str | None = None


class Definition:
    def __init__(
        self,
        name: str,
        states: Sequence[str],
        initial: str,
        closed: Sequence[str],
        steps: Sequence[Step],
        labels: dict[str, str] | None = None,
    ):
        self.name = name
        self.states = tuple(states)
        self.initial = initial
        self.closed = frozenset(closed)
        self.open_states = tuple(s for s in states if s not in self.closed)
        self.steps = tuple(steps)
        self.labels = labels or {}
        self._local = threading.local()
        self.machine = Machine(
            model=None,
            states=list(states),
            initial=initial,
            transitions=self._transition_table(),
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
        )
        self._triggers = {s: frozenset(self.machine.get_triggers(s)) for s in self.states}
        self.event_types = frozenset(step.trigger for step in steps)
        self.step = {}
        for step in steps:  # a trigger may have several rows (sources); they share how it is recorded
            self.step.setdefault(step.trigger, step)
        self.requires = {step.trigger: step.requires for step in steps}
        self.changes_state = {step.trigger: step.dest is not None for step in steps}
        self.when = {step.trigger: step.when for step in steps if step.when}

    def _transition_table(self) -> list[dict[str, Any]]:
        table = []
        for step in self.steps:
            row: dict[str, Any] = {
                "trigger": step.trigger,
                "source": list(step.source) if not isinstance(step.source, str) else step.source,
                "dest": step.dest,
            }
            if step.guards:
                row["conditions"] = [self._condition(g) for g in step.guards]
            table.append(row)
        return table

    @staticmethod
    def _condition(guard: Guard) -> Callable[[Any], bool]:
        def check(event_data: Any) -> bool:
            cursor = event_data.model
            reason = guard(cursor.ctx)
            if reason:
                cursor.refusal = reason
                return False
            return True

        check.__name__ = getattr(guard, "__name__", "guard")
        return check

    def _cursor(self) -> _Cursor:
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = _Cursor()
            self.machine.add_model(cursor, initial=self.initial)
            self._local.cursor = cursor
        return cursor

    def allowed(self, state: str) -> frozenset[str]:
        """The events that may be recorded in this state."""
        return self._triggers.get(state, frozenset())

    def is_closed(self, state: str) -> bool:
        return state in self.closed

    def fire(self, state: str, trigger: str, ctx: Any) -> str:
        """Check and fire `trigger` from `state`; return the new state or raise with the reason."""
        if trigger not in self._triggers.get(state, ()):
            allowed = sorted(self.allowed(state))
            what = self.labels.get(state, state.replace("_", " "))
            raise WrongState(
                f"'{trigger}' cannot be recorded while the {self.name} is '{state}' ({what}). "
                + (f"It can be recorded {self.when[trigger]}. " if trigger in self.when else "")
                + (f"Events allowed now: {', '.join(allowed)}." if allowed else "The case is closed.")
            )
        cursor = self._cursor()
        cursor.state = state
        cursor.ctx = ctx
        cursor.refusal = None
        try:
            moved = getattr(cursor, trigger)()
        except MachineError as exc:  # pragma: no cover - guarded by the check above
            raise WrongState(str(exc.value)) from exc
        finally:
            cursor.ctx = None
        if not moved:
            raise GuardRefused(cursor.refusal or f"'{trigger}' is not allowed now.")
        return cursor.state

    def mermaid(self) -> str:
        """The machine as a Mermaid state diagram (for docs/)."""
        from transitions.extensions import GraphMachine

        graph = GraphMachine(
            model=None,
            states=list(self.states),
            initial=self.initial,
            auto_transitions=False,
            transitions=[
                {k: v for k, v in row.items() if k != "conditions"}
                | ({"conditions": [c.__name__ for c in row["conditions"]]} if "conditions" in row else {})
                for row in self._transition_table()
            ],
            graph_engine="mermaid",
            title=f"casework: {self.name}",
            show_conditions=True,
        )
        return graph.get_combined_graph().draw(None) if graph.models else _draw(graph)


def _draw(graph: Any) -> str:
    from transitions.extensions.diagrams_mermaid import Graph

    return Graph(graph).get_graph().draw(None)
