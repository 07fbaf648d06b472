"""What the engine's callers and guards pass around: who is acting, what a write produced, and what a
guard sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from casework.workflow import statutory as law


@dataclass(frozen=True)
class Actor:
    kind: str  # staff | system | parent | provider
    id: int | None = None
    role: str | None = None  # a staff member's role: checked against the step's roles when given

    @classmethod
    def system(cls) -> Actor:
        return cls("system", None)


@dataclass
class Result:
    case_id: int
    event_id: int
    state: str
    version: int
    outbox_ids: list[int] = field(default_factory=list)


@dataclass
class Context:
    """What a guard sees: the case's recorded dates, the new event's date and details."""

    facts: Mapping[str, dt.date]
    occurred_on: dt.date
    details: Mapping[str, Any]
    settings: law.Settings
    date_of_birth: dt.date | None = None  # the child's (what advice the law requires depends on the year group)

    def fact(self, name: str) -> dt.date | None:
        return self.facts.get(name)


def jsonable(value: Any) -> Any:
    """Dates as ISO text, recursively (event details and exception details are JSON)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
